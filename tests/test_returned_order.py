# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import threading

import psycopg2.errors

from odoo import Command
from odoo import api
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SalesMarketingCase

RMA = re.compile(r"^RMA/\d{4}/\d{5}$")


class ReturnCase(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {"name": "Moms 25%", "amount": 25.0, "type_tax_use": "sale"}
        )
        cls.reason = cls.env["sale.return.reason"].create(
            {"code": "T-DMG", "name": "Skadad"}
        )

    def _delivered_order(self, qty=10.0, discount=0.0, invoice=True):
        order = self._create_order([(self.product, qty)])
        order.order_line.write(
            {"tax_id": [Command.set(self.tax.ids)], "discount": discount}
        )
        order.action_confirm()
        self._deliver(order)
        if invoice:
            self._invoice(order)
        return order

    def _return_wizard(self, order, quantities=None):
        action = order.action_create_return()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.return_reason_id = self.reason
        for index, qty in enumerate(quantities or []):
            with wizard.line_ids.edit(index) as line:
                line.quantity = qty
        return wizard.save()

    def _create_return(self, order, quantities=None):
        action = self._return_wizard(order, quantities).action_create_return()
        return self.env["sale.order"].browse(action["res_id"])

    def _receive(self, returned, quantities=None, disposition=None):
        """Validate the open receipt; lines without a disposition code get
        ``disposition`` (default: credit, back to stock), as chosen at arrival."""
        returned.order_line.filtered(lambda line: not line.disposition_id).write(
            {
                "disposition_id": (
                    disposition
                    or self.env.ref("sales_marketing.return_disposition_credit")
                ).id
            }
        )
        receipt = returned.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "incoming"
            )
        )
        for move in receipt.move_ids:
            move.quantity = (quantities or {}).get(
                move.product_id, move.product_uom_qty
            )
            move.picked = True
        receipt._action_done()
        return receipt


@tagged("post_install", "-at_install")
class TestReturnedOrder(ReturnCase):
    # -- numbering -----------------------------------------------------------
    def test_ot4_rma_number_on_creation(self):
        returned = self._create_order(order_type="returned")
        self.assertRegex(returned.rma_number, RMA)
        sales = self._create_order()
        self.assertFalse(sales.rma_number)

    def test_ot4_rma_sequence_not_consumed_by_other_types(self):
        first = self._create_order(order_type="returned")
        for order_type in ("sales", "journal", "subscription"):
            self._create_order(order_type=order_type)
        second = self._create_order(order_type="returned")
        number = int(first.rma_number.rsplit("/", 1)[1])
        self.assertEqual(second.rma_number, first.rma_number[:-5] + f"{number + 1:05d}")

    def test_ot4_rma_never_reused(self):
        first = self._create_order(order_type="returned")
        number = first.rma_number
        first.unlink()
        second = self._create_order(order_type="returned")
        self.assertGreater(second.rma_number, number)
        copy = second.copy()
        self.assertNotEqual(copy.rma_number, second.rma_number)
        self.assertRegex(copy.rma_number, RMA)

    def test_ot4_rma_given_when_draft_becomes_returned(self):
        order = self._create_order()
        self.assertFalse(order.rma_number)
        order.order_type = "returned"
        self.assertRegex(order.rma_number, RMA)

    def test_ot4_rma_unique_per_company(self):
        first = self._create_order(order_type="returned")
        second = self._create_order(order_type="returned")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            second.rma_number = first.rma_number
            self.env.flush_all()

    # -- create return ---------------------------------------------------------
    def test_ot4_create_return_prefilled_and_limited(self):
        order = self._delivered_order(qty=10.0, discount=10.0)
        wizard = self._return_wizard(order)
        self.assertEqual(wizard.line_ids.qty_returnable, 10.0)
        self.assertEqual(wizard.line_ids.quantity, 10.0)
        self.assertEqual(wizard.origin_invoice_id, order.invoice_ids)
        returned = self._create_return(order, [4.0])
        self.assertRecordValues(
            returned,
            [
                {
                    "order_type": "returned",
                    "partner_id": self.customer.id,
                    "origin_order_id": order.id,
                    "origin_invoice_id": order.invoice_ids.id,
                    "return_reason_id": self.reason.id,
                }
            ],
        )
        self.assertRecordValues(
            returned.order_line,
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 4.0,
                    "price_unit": 100.0,
                    "discount": 10.0,
                    "origin_sale_line_id": order.order_line.id,
                }
            ],
        )
        self.assertEqual(returned.order_line.tax_id, self.tax)
        self.assertEqual(order.order_line.qty_returnable, 6.0)
        self.assertEqual(order.return_order_count, 1)
        # only what is left can be returned again
        self.assertEqual(self._return_wizard(order).line_ids.quantity, 6.0)

    def test_ot4_returning_more_than_delivered_refused(self):
        order = self._delivered_order(qty=5.0)
        wizard = self._return_wizard(order, [6.0])
        count = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "at most 5.0"):
            wizard.action_create_return()
        self.assertEqual(self.env["sale.order"].search_count([]), count)
        returned = self._create_return(order, [3.0])
        with self.assertRaisesRegex(ValidationError, "only 5.0 delivered"):
            returned.order_line.product_uom_qty = 6.0
        self.assertEqual(returned.order_line.product_uom_qty, 3.0)

    def test_ot4_negative_quantity_refused(self):
        order = self._delivered_order(qty=5.0)
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            self._return_wizard(order, [-1.0]).action_create_return()
        returned = self._create_order(order_type="returned")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            returned.order_line.product_uom_qty = -2.0
        self.assertEqual(returned.order_line.product_uom_qty, 10.0)

    # -- receipt ----------------------------------------------------------------
    def test_ot4_confirm_creates_incoming_receipt(self):
        order = self._delivered_order()
        returned = self._create_return(order, [4.0])
        returned.action_confirm()
        receipt = returned.picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.location_id.usage, "customer")
        self.assertEqual(receipt.location_dest_id.warehouse_id, self.warehouse)
        self.assertFalse(
            returned.order_line.move_ids.filtered(
                lambda m: m.location_dest_id.usage == "customer"
            )
        )
        self.assertEqual(receipt.move_ids.product_uom_qty, 4.0)
        self.assertIn(returned.rma_number, receipt.origin)
        self.assertEqual(receipt.rma_number, returned.rma_number)
        self.assertEqual(returned.order_line.qty_delivered, 0.0)
        self.assertEqual(returned.sales_status, "open")

    def test_ot4_receipt_updates_received_quantity(self):
        order = self._delivered_order()
        returned = self._create_return(order, [4.0])
        returned.action_confirm()
        self._receive(returned, {self.product: 3.0})
        line = returned.order_line
        self.assertEqual(line.qty_delivered, 3.0)
        self.assertEqual(
            (line.qty_deliver_remainder, line.qty_invoice_remainder), (1.0, 4.0)
        )
        self.assertEqual(returned.sales_status, "open")
        self._receive(returned)  # the backorder: the last one
        self.assertEqual(line.qty_delivered, 4.0)
        self.assertEqual(returned.sales_status, "delivered")
        # the goods are back in stock; the original order is unaffected
        self.assertEqual(order.order_line.qty_delivered, 10.0)

    # -- credit note --------------------------------------------------------------
    def test_ot4_invoicing_creates_credit_note(self):
        order = self._delivered_order(qty=10.0, discount=10.0)
        returned = self._create_return(order, [4.0])
        returned.action_confirm()
        self._receive(returned)
        credit = returned._create_invoices()
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.invoice_line_ids.quantity, 4.0)
        # 4 x 100 - 10 % = 360, + 25 % tax = 450
        self.assertAlmostEqual(credit.amount_untaxed, 360.0)
        self.assertAlmostEqual(credit.amount_tax, 90.0)
        self.assertAlmostEqual(credit.amount_total, 450.0)
        self.assertIn(returned.rma_number, credit.ref)
        self.assertEqual(credit.reversed_entry_id, order.invoice_ids)
        self.assertEqual(returned.order_line.qty_invoice_remainder, 4.0)
        credit.action_post()
        self.assertEqual(returned.order_line.qty_invoiced, 4.0)
        self.assertEqual(returned.order_line.qty_invoice_remainder, 0.0)
        self.assertEqual(returned.sales_status, "invoiced")
        self.assertEqual(returned.invoice_status, "invoiced")

    def test_ot4_credit_only_what_was_received(self):
        order = self._delivered_order()
        returned = self._create_return(order, [5.0])
        returned.action_confirm()
        with self.assertRaises(UserError):
            returned._create_invoices()  # nothing received yet
        self._receive(returned, {self.product: 2.0})
        credit = returned._create_invoices()
        self.assertEqual(credit.invoice_line_ids.quantity, 2.0)

    def test_ot4_credit_received_quantity_whatever_the_invoicing_policy(self):
        """A product invoiced on ordered quantities is credited for what was
        received too: nothing before the receipt, then exactly the received."""
        self.assertEqual(self.product_b.invoice_policy, "order")
        order = self._create_order([(self.product_b, 5.0)])
        order.action_confirm()
        self._deliver(order)
        self._invoice(order)
        returned = self._create_return(order, [3.0])
        returned.action_confirm()
        line = returned.order_line
        self.assertEqual(line.qty_to_invoice, 0.0)
        self.assertEqual(line.untaxed_amount_to_invoice, 0.0)
        with self.assertRaisesRegex(UserError, "No items are available"):
            returned._create_invoices()  # nothing received yet
        self.assertFalse(returned.invoice_ids)
        self._receive(returned, {self.product_b: 1.0})
        self.assertEqual(line.qty_to_invoice, 1.0)
        self.assertAlmostEqual(line.untaxed_amount_to_invoice, 50.0)
        credit = returned._create_invoices()
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.invoice_line_ids.quantity, 1.0)
        credit.action_post()
        self.assertEqual(line.qty_invoiced, 1.0)
        self.assertEqual(line.qty_to_invoice, 0.0)
        self.assertAlmostEqual(line.amount_to_invoice, 0.0)
        # the other two come back later and are credited then, never before
        self._receive(returned)
        self.assertEqual(line.qty_to_invoice, 2.0)
        credit_2 = returned._create_invoices()
        self.assertEqual(credit_2.invoice_line_ids.quantity, 2.0)
        credit_2.action_post()
        self.assertEqual(line.qty_invoiced, 3.0)
        self.assertEqual(returned.sales_status, "invoiced")

    def test_ot4_return_report(self):
        order = self._delivered_order()
        returned = self._create_return(order, [2.0])
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "sales_marketing.report_sale_order_rma", returned.ids
        )
        html = html.decode()
        self.assertIn(returned.rma_number, html)
        self.assertIn(order.name, html)
        self.assertIn("Skadad", html)

    def test_ot4_returned_orders_take_no_agreement(self):
        agreement = self.env["sale.agreement"].create(
            {
                "partner_id": self.customer.id,
                "line_ids": [
                    Command.create({"product_id": self.product.id, "qty_committed": 5})
                ],
            }
        )
        agreement.action_set_effective()
        returned = self._create_order(order_type="returned")
        self.assertFalse(returned.order_line.agreement_line_id)

    def test_ot4_salesman_creates_returns(self):
        order = self._create_order([(self.product, 2.0)], user_id=self.salesman.id)
        order.action_confirm()
        self._deliver(order)
        order = order.with_user(self.salesman)
        returned = self._create_return(order, [1.0])
        returned.action_confirm()
        self.assertRegex(returned.rma_number, RMA)
        self.assertEqual(returned.picking_ids.picking_type_code, "incoming")


@tagged("post_install", "-at_install")
class TestReturnedOrderConcurrency(ReturnCase):
    def test_ot4_concurrent_creations_get_distinct_numbers(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            partner_id = (
                api.Environment(cr, self.env.uid, {})["res.partner"]
                .create({"name": "Samtidig retur AB"})
                .id
            )
        barrier = threading.Barrier(2, timeout=30)
        numbers, errors = [], []

        def create_returned():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, self.env.uid, {})
                    barrier.wait()
                    order = env["sale.order"].create(
                        {
                            "partner_id": partner_id,
                            "order_type": "returned",
                        }
                    )
                    numbers.append((order.id, order.rma_number))
                    barrier.wait()
            except Exception as error:
                errors.append(error)

        threads = [threading.Thread(target=create_returned) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.addCleanup(
            self._cleanup, [order_id for order_id, __ in numbers], partner_id
        )
        self.assertFalse(errors)
        self.assertEqual(len(numbers), 2)
        self.assertNotEqual(numbers[0][1], numbers[1][1])
        for __, number in numbers:
            self.assertRegex(number, RMA)

    def _cleanup(self, order_ids, partner_id):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            env["sale.order"].browse(order_ids).exists().unlink()
            env["res.partner"].browse(partner_id).unlink()
