# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returns as Dynamics 365 does them (RT-1..RT-7): return deadline, reason
code groups, disposition codes, replacement orders, return moves valued at the
sold cost, returns gathering several orders, restocking charges."""

from datetime import timedelta

import psycopg2.errors

from odoo import Command
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
        self.assertEqual((line.qty_deliver_remainder, line.qty_invoice_remainder), (0, 0))

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
        with self.assertRaisesRegex(UserError, "belong to different companies|"
                                    "Incompatible companies"):
            reason.group_id = group
        self.assertFalse(reason.group_id)
