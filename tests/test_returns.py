# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returns as Dynamics 365 does them (RT-1..RT-7): return deadline, reason
code groups, disposition codes, replacement orders, return moves valued at the
sold cost, returns gathering several orders, restocking charges."""

import threading
from datetime import timedelta

import psycopg2.errors

from odoo import Command
from odoo import api
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_returned_order import ReturnCase


class DispositionCase(ReturnCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.credit = ref("sales_marketing.return_disposition_credit")
        cls.credit_only = ref("sales_marketing.return_disposition_credit_only")
        cls.scrap = ref("sales_marketing.return_disposition_scrap")
        cls.replace_credit = ref("sales_marketing.return_disposition_replace_credit")
        cls.replace_scrap = ref("sales_marketing.return_disposition_replace_scrap")
        cls.return_to_customer = ref(
            "sales_marketing.return_disposition_return_to_customer"
        )
        cls.manager = new_test_user(
            cls.env,
            login="sm_ret_manager",
            groups="sales_team.group_sale_manager,stock.group_stock_user",
        )

    def _two_line_order(self):
        order = self._create_order([(self.product, 10.0), (self.product_b, 6.0)])
        order.action_confirm()
        self._deliver(order)
        return order

    def _free_qty(self, product):
        return product.with_context(location=self.stock_location.id).free_qty


@tagged("post_install", "-at_install")
class TestReturnDispositions(DispositionCase):
    # -- RT-3: the disposition at arrival ---------------------------------------
    def test_rt3_receipt_validation_asks_for_dispositions(self):
        order = self._two_line_order()
        returned = self._create_return(order, [2.0, 1.0])
        returned.action_confirm()
        receipt = returned.picking_ids
        action = receipt.button_validate()
        self.assertEqual(action["res_model"], "sale.return.arrival")
        self.assertEqual(receipt.state, "assigned")
        wizard = self.env["sale.return.arrival"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.sale_line_id, returned.order_line)
        # nothing chosen: refused, nothing received
        with self.assertRaisesRegex(UserError, "Choose the disposition code"):
            wizard.with_context(**action["context"]).action_validate()
        self.assertEqual(receipt.state, "assigned")
        self.assertFalse(returned.order_line.disposition_id)
        # one receipt, two lines, two dispositions
        wizard.line_ids[0].disposition_id = self.credit
        wizard.line_ids[1].disposition_id = self.scrap
        wizard.with_context(**action["context"]).action_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            returned.order_line.mapped("disposition_id"), self.credit | self.scrap
        )
        self.assertEqual(returned.order_line.mapped("qty_delivered"), [2.0, 1.0])

    def test_rt3_receipt_without_disposition_refused_on_every_path(self):
        order = self._delivered_order(qty=5.0)
        returned = self._create_return(order, [2.0])
        returned.action_confirm()
        receipt = returned.picking_ids
        receipt.move_ids.write({"quantity": 2.0, "picked": True})
        with self.assertRaisesRegex(UserError, "choose the disposition code of Widget"):
            receipt._action_done()
        self.assertEqual(receipt.state, "assigned")
        self.assertEqual(returned.order_line.qty_delivered, 0.0)

    def test_rt3_warehouse_user_receives_and_replaces(self):
        """A warehouse user without sales rights validates the receipt, picks
        the codes at arrival, and gets the replacement the code asks for."""
        clerk = new_test_user(
            self.env, login="sm_ret_clerk", groups="stock.group_stock_user"
        )
        order = self._two_line_order()
        returned = self._create_return(order, [1.0, 1.0])
        returned.action_confirm()
        receipt = returned.picking_ids.with_user(clerk)
        action = receipt.button_validate()
        wizard = (
            self.env["sale.return.arrival"].with_user(clerk).browse(action["res_id"])
        )
        wizard.line_ids[0].disposition_id = self.replace_credit
        wizard.line_ids[1].disposition_id = self.scrap
        wizard.with_context(**action["context"]).action_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            returned.replacement_order_ids.order_line.replaced_return_line_id,
            returned.order_line[0],
        )
        scrap = self.env["stock.scrap"].search([("picking_id", "=", receipt.id)])
        self.assertEqual(scrap.product_id, self.product_b)

    def test_rt3_any_delivery_validated_without_reading_its_order(self):
        """The receipt check looks at every validated move: a warehouse user
        who may not read the sales order (a salesperson of their own
        documents) still validates another salesperson's delivery."""
        clerk = new_test_user(
            self.env,
            login="sm_ret_own_docs",
            groups="stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        order = self._create_order([(self.product, 2.0)])
        order.action_confirm()
        delivery = order.picking_ids.with_user(clerk)
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        self.env.invalidate_all()  # what the clerk reads, read as the clerk
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2.0)

    def test_rt3_disposition_chosen_beforehand(self):
        order = self._delivered_order(qty=5.0)
        wizard = self._return_wizard(order, [2.0])
        wizard.line_ids.disposition_id = self.credit
        returned = self.env["sale.order"].browse(
            wizard.action_create_return()["res_id"]
        )
        self.assertEqual(returned.order_line.disposition_id, self.credit)
        returned.action_confirm()
        self.assertIs(returned.picking_ids.button_validate(), True)
        self.assertEqual(returned.order_line.qty_delivered, 2.0)

    def test_rt3_credit_back_to_stock(self):
        order = self._delivered_order(qty=5.0)
        before = self._free_qty(self.product)
        returned = self._create_return(order, [2.0])
        returned.action_confirm()
        self._receive(returned, disposition=self.credit)
        self.assertEqual(self._free_qty(self.product), before + 2.0)
        self.assertEqual(returned.order_line.qty_to_invoice, 2.0)

    def test_rt3_credit_only_receives_nothing_and_credits(self):
        order = self._delivered_order(qty=5.0)
        before = self._free_qty(self.product)
        returned = self._create_return(order, [3.0])
        returned.order_line.disposition_id = self.credit_only
        returned.action_confirm()
        self.assertFalse(returned.picking_ids)
        line = returned.order_line
        self.assertEqual(line.qty_delivered, 3.0)
        self.assertEqual(line.qty_to_invoice, 3.0)
        self.assertEqual(returned.sales_status, "delivered")
        credit = returned._create_invoices()
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.invoice_line_ids.quantity, 3.0)
        credit.action_post()
        self.assertEqual(returned.sales_status, "invoiced")
        self.assertEqual(self._free_qty(self.product), before)

    def test_rt3_credit_only_after_confirmation_cancels_the_receipt(self):
        order = self._delivered_order(qty=5.0)
        returned = self._create_return(order, [3.0])
        returned.action_confirm()
        receipt = returned.picking_ids
        returned.order_line.disposition_id = self.credit_only
        self.assertEqual(receipt.state, "cancel")
        self.assertEqual(returned.order_line.qty_to_invoice, 3.0)
        # and back: the goods are expected again
        returned.order_line.disposition_id = self.credit
        open_receipt = returned.picking_ids.filtered(lambda p: p.state == "assigned")
        self.assertEqual(open_receipt.move_ids.product_uom_qty, 3.0)
        self.assertEqual(returned.order_line.qty_to_invoice, 0.0)

    def test_rt3_scrap_never_sellable(self):
        order = self._delivered_order(qty=5.0)
        before = self._free_qty(self.product)
        on_hand = self.product.with_context(location=self.stock_location.id)
        on_hand = on_hand.qty_available
        returned = self._create_return(order, [2.0])
        returned.action_confirm()
        receipt = self._receive(returned, disposition=self.scrap)
        scrap = self.env["stock.scrap"].search([("picking_id", "=", receipt.id)])
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_qty, 2.0)
        self.assertTrue(scrap.scrap_location_id.scrap_location)
        self.assertEqual(self._free_qty(self.product), before)
        self.assertEqual(
            self.product.with_context(location=self.stock_location.id).qty_available,
            on_hand,
        )
        # received and credited
        self.assertEqual(returned.order_line.qty_delivered, 2.0)
        self.assertEqual(returned._create_invoices().invoice_line_ids.quantity, 2.0)

    def test_rt3_return_to_customer_ships_back_and_credits_nothing(self):
        order = self._delivered_order(qty=5.0)
        before = self._free_qty(self.product)
        returned = self._create_return(order, [2.0])
        returned.action_confirm()
        receipt = self._receive(returned, disposition=self.return_to_customer)
        ship_back = returned.picking_ids - receipt
        self.assertEqual(ship_back.picking_type_code, "outgoing")
        self.assertEqual(ship_back.state, "assigned")
        self.assertEqual(ship_back.location_dest_id.usage, "customer")
        self.assertEqual(ship_back.move_ids.origin_returned_move_id, receipt.move_ids)
        line = returned.order_line
        self.assertEqual(line.qty_delivered, 2.0)
        self.assertEqual(line.qty_to_invoice, 0.0)
        self.assertEqual(line.untaxed_amount_to_invoice, 0.0)
        with self.assertRaisesRegex(UserError, "No items are available"):
            returned._create_invoices()
        self.assertFalse(returned.invoice_ids)
        self._deliver(returned)
        self.assertEqual(self._free_qty(self.product), before)
        self.assertEqual(line.qty_delivered, 2.0)
        self.assertEqual(len(returned.order_line), 1)
        self.assertEqual(
            (line.qty_deliver_remainder, line.qty_invoice_remainder), (0, 0)
        )

    def test_rt3_disposition_fixed_once_received(self):
        order = self._delivered_order(qty=5.0)
        returned = self._create_return(order, [2.0])
        returned.action_confirm()
        self._receive(returned, disposition=self.credit)
        with self.assertRaisesRegex(ValidationError, "can no longer change"):
            returned.order_line.disposition_id = self.scrap
        self.assertEqual(returned.order_line.disposition_id, self.credit)

    def test_rt3_disposition_only_on_returned_orders(self):
        order = self._create_order()
        with self.assertRaisesRegex(ValidationError, "is not a returned order"):
            order.order_line.disposition_id = self.credit
        self.assertFalse(order.order_line.disposition_id)

    def test_rt3_action_of_a_used_code_cannot_change(self):
        code = self.env["sale.return.disposition"].create(
            {"code": "T-KRED", "name": "Kreditera", "action": "credit"}
        )
        code.action = "scrap"  # unused: free to change
        order = self._delivered_order(qty=5.0)
        returned = self._create_return(order, [1.0])
        returned.action_confirm()
        self._receive(returned, disposition=code)
        with self.assertRaisesRegex(ValidationError, "can no longer change"):
            code.action = "credit"
        self.assertEqual(code.action, "scrap")

    def test_rt3_access(self):
        salesman = self.env["sale.return.disposition"].with_user(self.salesman)
        self.assertIn(self.credit, salesman.search([]))
        with self.assertRaises(AccessError):
            salesman.create({"code": "X", "name": "X"})
        code = (
            self.env["sale.return.disposition"]
            .with_user(self.manager)
            .create({"code": "T-MGR", "name": "Chefens kod", "action": "scrap"})
        )
        self.assertEqual(code.action, "scrap")
        other = self.env["res.company"].create({"name": "Annat Bolag AB"})
        mine = self.env["sale.return.disposition"].create(
            {"code": "T-MINE", "name": "Min kod", "company_id": self.company.id}
        )
        outsider = new_test_user(
            self.env,
            login="sm_ret_other",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        visible = self.env["sale.return.disposition"].with_user(outsider).search([])
        self.assertNotIn(mine, visible)
        self.assertIn(self.credit, visible)

    def test_rt3_rma_report_shows_dispositions(self):
        order = self._two_line_order()
        returned = self._create_return(order, [1.0, 1.0])
        returned.order_line[0].disposition_id = self.scrap
        returned.order_line[1].disposition_id = self.return_to_customer
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "sales_marketing.report_sale_order_rma", returned.ids
        )
        html = html.decode()
        self.assertIn("Scrap and credit", html)
        self.assertIn("Return to customer", html)
        self.assertIn("Return By", html)


@tagged("post_install", "-at_install")
class TestReturnReplacement(DispositionCase):
    def test_rt4_upfront_replacement(self):
        order = self._two_line_order()
        returned = self._create_return(order, [2.0, 1.0])
        action = returned.action_create_replacement_order()
        replacement = self.env["sale.order"].browse(action["res_id"])
        self.assertRecordValues(
            replacement,
            [
                {
                    "order_type": "sales",
                    "partner_id": self.customer.id,
                    "replaced_order_id": returned.id,
                    "state": "draft",
                }
            ],
        )
        self.assertEqual(returned.replacement_order_ids, replacement)
        self.assertEqual(returned.replacement_order_count, 1)
        self.assertEqual(
            replacement.order_line.mapped("replaced_return_line_id"),
            returned.order_line,
        )
        self.assertEqual(replacement.order_line.mapped("product_uom_qty"), [2.0, 1.0])
        # never twice
        count = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "already replaced"):
            returned.action_create_replacement_order()
        self.assertEqual(self.env["sale.order"].search_count([]), count)

    def test_rt4_replacement_by_disposition_once(self):
        order = self._two_line_order()
        returned = self._create_return(order, [2.0, 1.0])
        widget, gadget = returned.order_line
        widget.disposition_id = self.replace_credit
        gadget.disposition_id = self.replace_scrap
        # the gadget is replaced up-front, before it comes back
        upfront = returned._create_replacement_order(gadget)
        self.assertEqual(upfront.order_line.replaced_return_line_id, gadget)
        returned.action_confirm()
        receipt = self._receive(returned)
        by_disposition = returned.replacement_order_ids - upfront
        self.assertEqual(len(by_disposition), 1)
        self.assertEqual(by_disposition.order_line.replaced_return_line_id, widget)
        self.assertEqual(by_disposition.order_line.product_uom_qty, 2.0)
        self.assertEqual(gadget.replacement_line_ids, upfront.order_line)
        # replace_scrap scrapped the gadget; both are credited
        scrap = self.env["stock.scrap"].search([("picking_id", "=", receipt.id)])
        self.assertEqual(scrap.product_id, self.product_b)
        credit = returned._create_invoices()
        self.assertEqual(len(credit.invoice_line_ids), 2)
        with self.assertRaisesRegex(UserError, "already replaced"):
            returned.action_create_replacement_order()

    def test_rt4_replacement_only_of_returns(self):
        order = self._create_order()
        with self.assertRaisesRegex(UserError, "only returns get replacement"):
            order.action_create_replacement_order()
        self.assertFalse(order.replacement_order_ids)

    def test_rt4_a_line_replaced_twice_is_refused_by_the_database(self):
        returned = self._create_order(order_type="returned")
        replacement = returned._create_replacement_order(returned.order_line)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            replacement.order_line.copy(
                {
                    "order_id": replacement.id,
                    "replaced_return_line_id": returned.order_line.id,
                }
            )
            self.env.flush_all()

    def test_rt4_salesman_replaces_own_return(self):
        returned = self._create_order(
            order_type="returned", user_id=self.salesman.id
        ).with_user(self.salesman)
        action = returned.action_create_replacement_order()
        replacement = returned.env["sale.order"].browse(action["res_id"])
        self.assertEqual(replacement.user_id, self.salesman)


@tagged("post_install", "-at_install")
class TestReturnDeadlineAndReasons(DispositionCase):
    def test_rt1_return_deadline_from_company_period(self):
        self.company.sale_return_validity_days = 14
        returned = self._create_order(order_type="returned")
        today = fields.Date.context_today(returned)
        self.assertEqual(returned.return_deadline, today + timedelta(days=14))
        self.assertFalse(self._create_order().return_deadline)
        # editable
        returned.return_deadline = today + timedelta(days=30)
        self.assertEqual(returned.return_deadline, today + timedelta(days=30))
        with Form(self.env["res.config.settings"]) as settings:
            settings.sale_return_validity_days = 20
        self.assertEqual(self.company.sale_return_validity_days, 20)

    def test_rt1_late_receipt_refused_unless_manager_accepts(self):
        order = self._delivered_order(qty=5.0)
        returned = self._create_return(order, [2.0])
        returned.return_deadline = fields.Date.context_today(returned) - timedelta(
            days=1
        )
        returned.action_confirm()
        receipt = returned.picking_ids
        with self.assertRaisesRegex(UserError, "return deadline .* has passed"):
            self._receive(returned, disposition=self.credit)
        self.assertEqual(receipt.state, "assigned")
        self.assertEqual(returned.order_line.qty_delivered, 0.0)
        # a salesperson can neither accept nor move the deadline
        mine = returned.with_user(self.salesman)
        returned.user_id = self.salesman
        with self.assertRaisesRegex(UserError, "only a sales manager"):
            mine.action_accept_late_return()
        with self.assertRaisesRegex(UserError, "only a sales manager"):
            mine.return_deadline = fields.Date.context_today(returned)
        self.assertFalse(returned.return_late_accepted)
        self.assertLess(returned.return_deadline, fields.Date.context_today(returned))
        returned.with_user(self.manager).action_accept_late_return()
        self.assertTrue(returned.return_late_accepted)
        self._receive(returned, disposition=self.credit)
        self.assertEqual(receipt.state, "done")

    def test_rt2_reason_groups_reported(self):
        quality = self.env["sale.return.reason.group"].create(
            {"code": "T-QUAL", "name": "Kvalitet"}
        )
        self.reason.group_id = quality
        other = self.env["sale.return.reason"].create(
            {"code": "T-WRONG", "name": "Fel vara", "group_id": quality.id}
        )
        self.assertEqual(quality.reason_ids, self.reason | other)
        self._create_order(order_type="returned", return_reason_id=self.reason.id)
        self._create_order(order_type="returned", return_reason_id=other.id)
        groups = self.env["sale.order"]._read_group(
            [("return_reason_group_id", "=", quality.id)],
            ["return_reason_group_id", "return_reason_id"],
            ["__count"],
        )
        self.assertEqual(
            {(group, reason, count) for group, reason, count in groups},
            {(quality, self.reason, 1), (quality, other, 1)},
        )

    def test_rt2_reason_group_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Grupp Bolag AB"})
        group = self.env["sale.return.reason.group"].create(
            {"code": "T-OTHER", "name": "Annat", "company_id": other.id}
        )
        reason = self.env["sale.return.reason"].create(
            {"code": "T-MINE", "name": "Min", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(
            UserError, "belong to different companies|Incompatible companies"
        ):
            reason.group_id = group
        self.assertFalse(reason.group_id)


@tagged("post_install", "-at_install")
class TestReturnValuation(DispositionCase):
    """RT-5: return receipts are Odoo return moves of the deliveries, valued at
    the cost the goods were sold at (FIFO, automated valuation)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.anglo_saxon_accounting = True
        cls.category = cls.env["product.category"].create(
            {
                "name": "FIFO automatiskt",
                "property_cost_method": "fifo",
                "property_valuation": "real_time",
            }
        )
        cls.fifo = cls.env["product.product"].create(
            {
                "name": "FIFO Widget",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 100.0,
                "categ_id": cls.category.id,
                "taxes_id": [Command.clear()],
            }
        )
        for price in (10.0, 30.0):
            cls._receive_from_vendor(cls.fifo, 10.0, price)

    @classmethod
    def _receive_from_vendor(cls, product, qty, price):
        move = cls.env["stock.move"].create(
            {
                "name": "Inköp",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "price_unit": price,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": cls.stock_location.id,
            }
        )
        move._action_confirm()
        move.quantity = qty
        move.picked = True
        move._action_done()

    def test_rt5_receipt_moves_are_returns_of_the_deliveries(self):
        order = self._delivered_order(qty=5.0)
        delivery = order.picking_ids
        returned = self._create_return(order, [2.0])
        returned.action_confirm()
        receipt = returned.picking_ids
        self.assertEqual(receipt.move_ids.origin_returned_move_id, delivery.move_ids)
        self.assertEqual(
            receipt.picking_type_id, self.warehouse.out_type_id.return_picking_type_id
        )
        self.assertIn(receipt.move_ids, delivery.move_ids.returned_move_ids)
        # Odoo's own return wizard sees what came back on the returned order
        self._receive(returned)
        self.assertEqual(order.order_line.qty_delivered, 5.0)
        self.assertEqual(order.order_line.qty_returnable, 3.0)

    def test_rt5_return_split_over_two_deliveries(self):
        order = self._create_order([(self.product, 5.0)])
        order.action_confirm()
        first = self._deliver(order, {self.product: 2.0})
        second = self._deliver(order)
        returned = self._create_return(order, [4.0])
        returned.action_confirm()
        moves = returned.picking_ids.move_ids.sorted("id")
        self.assertEqual(
            [(m.origin_returned_move_id, m.product_uom_qty) for m in moves],
            [(first.move_ids, 2.0), (second.move_ids, 2.0)],
        )

    def test_rt5_fifo_return_valued_at_sold_cost(self):
        order = self._create_order([(self.fifo, 10.0)])
        order.action_confirm()
        delivery = self._deliver(order)
        invoice = self._invoice(order)
        delivery_layer = delivery.move_ids.stock_valuation_layer_ids
        self.assertAlmostEqual(delivery_layer.unit_cost, 10.0)
        # today's cost is no longer the sold cost
        self.assertAlmostEqual(self.fifo.standard_price, 30.0)
        returned = self._create_return(order, [4.0])
        returned.action_confirm()
        receipt = self._receive(returned, disposition=self.credit)
        layer = receipt.move_ids.stock_valuation_layer_ids
        self.assertAlmostEqual(layer.quantity, 4.0)
        self.assertAlmostEqual(layer.unit_cost, 10.0)
        self.assertAlmostEqual(layer.value, 40.0)
        self.assertTrue(layer.account_move_id)
        credit = returned._create_invoices()
        self.assertEqual(credit.reversed_entry_id, invoice)
        credit.action_post()
        cogs = credit.line_ids.filtered(lambda line: line.display_type == "cogs")
        sold = invoice.line_ids.filtered(lambda line: line.display_type == "cogs")
        expense = (
            self.category.property_account_expense_categ_id
            or (self.fifo.product_tmpl_id._get_product_accounts()["expense"])
        )
        self.assertAlmostEqual(
            sum(
                sold.filtered(lambda line: line.account_id == expense).mapped("balance")
            ),
            100.0,
        )
        self.assertAlmostEqual(
            sum(
                cogs.filtered(lambda line: line.account_id == expense).mapped("balance")
            ),
            -40.0,
        )


@tagged("post_install", "-at_install")
class TestReturnSeveralOrders(DispositionCase):
    """RT-6: one return gathers lines of several orders of the customer."""

    def test_rt6_find_sales_order_gathers_two_orders(self):
        tax_12 = self.env["account.tax"].create(
            {"name": "Moms 12%", "amount": 12.0, "type_tax_use": "sale"}
        )
        first = self._delivered_order(qty=5.0, discount=10.0)
        second = self._create_order([(self.product_b, 4.0)])
        second.order_line.write(
            {"price_unit": 45.0, "tax_id": [Command.set(tax_12.ids)]}
        )
        second.action_confirm()
        self._deliver(second)
        action = first.action_create_return()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(len(wizard.line_ids), 1)
        with wizard.line_ids.edit(0) as line:
            line.quantity = 2.0
        wizard.order_ids.add(second)
        self.assertEqual(len(wizard.line_ids), 2)
        self.assertEqual(wizard.line_ids.edit(0).quantity, 2.0)  # kept
        with wizard.line_ids.edit(1) as line:
            line.quantity = 3.0
        returned = self.env["sale.order"].browse(
            wizard.save().action_create_return()["res_id"]
        )
        self.assertRecordValues(
            returned.order_line,
            [
                {
                    "origin_sale_line_id": first.order_line.id,
                    "product_uom_qty": 2.0,
                    "price_unit": 100.0,
                    "discount": 10.0,
                },
                {
                    "origin_sale_line_id": second.order_line.id,
                    "product_uom_qty": 3.0,
                    "price_unit": 45.0,
                    "discount": 0.0,
                },
            ],
        )
        self.assertEqual(returned.order_line[0].tax_id, self.tax)
        self.assertEqual(returned.order_line[1].tax_id, tax_12)
        self.assertEqual(first.return_order_count, 1)
        self.assertEqual(second.return_order_count, 1)
        returned.action_confirm()
        self.assertEqual(
            returned.picking_ids.move_ids.origin_returned_move_id,
            (first | second).picking_ids.move_ids,
        )
        self.assertEqual(len(returned.picking_ids), 1)
        # returnable quantities per origin line
        with self.assertRaisesRegex(ValidationError, "only 4.0 delivered"):
            returned.order_line[1].product_uom_qty = 5.0
        self.assertEqual(returned.order_line[1].product_uom_qty, 3.0)

    def test_rt6_line_of_another_customer_refused(self):
        stranger = self.env["res.partner"].create({"name": "Främling AB"})
        theirs = self._create_order([(self.product, 3.0)], partner_id=stranger.id)
        theirs.action_confirm()
        self._deliver(theirs)
        returned = self._create_order(order_type="returned")
        with self.assertRaisesRegex(ValidationError, "was not sold to Kund AB"):
            returned.order_line.origin_sale_line_id = theirs.order_line
        self.assertFalse(returned.order_line.origin_sale_line_id)


@tagged("post_install", "-at_install")
class TestRestockingCharges(DispositionCase):
    """RT-7: restocking charges from the disposition or the reason."""

    def _credited(self, order, quantities, disposition):
        returned = self._create_return(order, quantities)
        returned.action_confirm()
        self._receive(returned, disposition=disposition)
        return returned, returned._create_invoices()

    def test_rt7_percentage_from_the_disposition(self):
        code = self.env["sale.return.disposition"].create(
            {
                "code": "T-AVG",
                "name": "Kreditera med avgift",
                "action": "credit",
                "restocking_charge_type": "percent",
                "restocking_charge": 15.0,
            }
        )
        order = self._delivered_order(qty=5.0, discount=10.0)
        __, credit = self._credited(order, [2.0], code)
        charge = credit.invoice_line_ids.filtered(
            lambda line: (
                line.product_id
                == self.env.ref("sales_marketing.product_restocking_charge")
            )
        )
        # 2 x 100 - 10 % = 180 credited; 15 % of it charged
        self.assertAlmostEqual(charge.price_subtotal, -27.0)
        self.assertIn("T-AVG", charge.name)
        self.assertAlmostEqual(credit.amount_untaxed, 153.0)

    def test_rt7_fixed_from_the_reason_once_per_return(self):
        self.reason.write({"restocking_charge_type": "fixed", "restocking_charge": 50})
        order = self._delivered_order(qty=5.0)
        returned = self._create_return(order, [4.0])
        returned.action_confirm()
        self._receive(returned, {self.product: 1.0}, disposition=self.credit)
        credit = returned._create_invoices()
        self.assertAlmostEqual(credit.amount_untaxed, 100.0 - 50.0)
        credit.action_post()
        self._receive(returned)
        second = returned._create_invoices()
        self.assertAlmostEqual(second.amount_untaxed, 300.0)

    def test_rt7_invalid_charge_refused(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.env["sale.return.disposition"].create(
                {
                    "code": "T-BAD",
                    "name": "Fel",
                    "restocking_charge_type": "percent",
                    "restocking_charge": 150.0,
                }
            )
        self.assertFalse(
            self.env["sale.return.disposition"].search([("code", "=", "T-BAD")])
        )
        with self.assertRaisesRegex(ValidationError, "positive amount"):
            self.reason.write(
                {"restocking_charge_type": "fixed", "restocking_charge": -5.0}
            )
        self.assertFalse(self.reason.restocking_charge_type)


@tagged("post_install", "-at_install")
class TestReplacementConcurrency(DispositionCase):
    def test_rt4_two_users_replace_at_once_only_one_replacement(self):
        """Two users replace the same return at the same moment: one gets the
        replacement, the other's transaction fails to serialize (Odoo retries
        it) and its retry is refused: the line is already replaced."""
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            partner = env["res.partner"].create({"name": "Samtidig ersättning AB"})
            product = env["product.product"].create(
                {"name": "Samtidig vara", "type": "consu"}
            )
            returned = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_type": "returned",
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
            )
            returned_id, partner_id = returned.id, partner.id
        self.addCleanup(self._cleanup, returned_id, partner_id, product.id)
        barrier = threading.Barrier(2, timeout=30)
        outcomes = []

        def replace():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, self.env.uid, {})
                    order = env["sale.order"].browse(returned_id)
                    order.order_line.mapped("replacement_line_ids")  # snapshot
                    barrier.wait()
                    order.action_create_replacement_order()
                    outcomes.append("replaced")
            except psycopg2.errors.SerializationFailure:
                outcomes.append("retry")
            except Exception as error:
                outcomes.append(repr(error))

        threads = [threading.Thread(target=replace) for _ in range(2)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertEqual(sorted(outcomes), ["replaced", "retry"])
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            order = env["sale.order"].browse(returned_id)
            self.assertEqual(len(order.replacement_order_ids), 1)
            with self.assertRaisesRegex(UserError, "already replaced"):
                order.action_create_replacement_order()

    def _cleanup(self, returned_id, partner_id, product_id):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            order = env["sale.order"].browse(returned_id)
            (order.replacement_order_ids | order).unlink()
            env["product.product"].browse(product_id).unlink()
            env["res.partner"].browse(partner_id).unlink()
