# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import tagged

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestOrderType(SalesMarketingCase):
    def test_order_types_selection(self):
        """All five types exist with their labels; sales order is the default."""
        labels = dict(
            self.env["sale.order"]
            ._fields["order_type"]
            ._description_selection(self.env)
        )
        self.assertEqual(
            labels,
            {
                "journal": "Journal",
                "subscription": "Subscription",
                "sales": "Sales order",
                "returned": "Returned order",
                "item_requirement": "Item requirement",
            },
        )
        order = self._create_order()
        self.assertEqual(order.order_type, "sales")

    def test_ot1_journal_cannot_be_confirmed(self):
        order = self._create_order(order_type="journal")
        with self.assertRaisesRegex(UserError, "journal.*cannot be confirmed"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.order_line.move_ids)

    def test_ot1_journal_reserves_nothing(self):
        order = self._create_order([(self.product, 7.0)], order_type="journal")
        self.assertEqual(order.order_line.qty_deliver_remainder, 7.0)
        self.assertFalse(
            self.env["stock.move"].search(
                [("sale_line_id", "in", order.order_line.ids)]
            )
        )
        self.assertEqual(
            self.product.with_context(warehouse_id=self.warehouse.id).free_qty, 1000.0
        )

    def test_ot1_journal_cannot_be_invoiced(self):
        order = self._create_order([(self.service, 1.0)], order_type="journal")
        with self.assertRaisesRegex(UserError, "Journals cannot be invoiced"):
            order._create_invoices()
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 10})
        )
        with self.assertRaisesRegex(UserError, "Journals cannot be invoiced"):
            wizard.create_invoices()
        self.assertFalse(order.invoice_ids)
        self.assertFalse(order.order_line.filtered("is_downpayment"))

    def test_ot1_down_payment_wizard_checks_its_own_orders(self):
        """Odoo's own code and tests call the wizard's _create_invoices with
        other values than the orders (sale.tests.test_accrued_sale_orders): the
        check reads the wizard's orders."""
        order = self._create_order([(self.service, 1.0)])
        order.action_confirm()
        context = {"active_model": "sale.order", "active_ids": order.ids}
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(**context)
            .create({"advance_payment_method": "percentage", "amount": 50})
        )
        invoice = wizard._create_invoices({"sale_orders": context})
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids.order_id, order)
        journal = self._create_order([(self.service, 1.0)], order_type="journal")
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=journal.ids)
            .create({"advance_payment_method": "percentage", "amount": 50})
        )
        with self.assertRaisesRegex(UserError, "Journals cannot be invoiced"):
            wizard._create_invoices({"sale_orders": journal.ids})
        self.assertFalse(journal.invoice_ids)

    def test_ot1_journal_released_by_type_change(self):
        order = self._create_order([(self.product, 4.0)], order_type="journal")
        order.order_type = "sales"
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.move_ids.product_uom_qty, 4.0)

    def test_ot2_sales_order_normal_flow(self):
        order = self._create_order([(self.product, 3.0)])
        order.action_confirm()
        self._deliver(order)
        invoice = self._invoice(order)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.amount_untaxed, 300.0)
        self.assertEqual(order.sales_status, "invoiced")

    def test_ot6_to_journal_refused_when_confirmed(self):
        order = self._create_order()
        order.action_confirm()
        with self.assertRaisesRegex(ValidationError, "cannot become a Journal"):
            order.order_type = "journal"
        order.invalidate_recordset()
        self.assertEqual(order.order_type, "sales")

    def test_ot6_to_returned_refused_with_deliveries(self):
        order = self._create_order()
        order.action_confirm()
        with self.assertRaisesRegex(ValidationError, "cannot become a Returned order"):
            order.write({"order_type": "returned", "note": "changed"})
        order.invalidate_recordset()
        self.assertEqual(order.order_type, "sales")
        self.assertFalse(order.note)

    def test_ot6_item_requirement_never_by_hand(self):
        order = self._create_order(user_id=self.salesman.id).with_user(self.salesman)
        with self.assertRaisesRegex(ValidationError, "cannot be chosen by hand"):
            order.order_type = "item_requirement"
        with self.assertRaisesRegex(ValidationError, "cannot be chosen by hand"):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "order_type": "item_requirement"}
            )
        self.assertFalse(
            self.env["sale.order"].search(
                [
                    ("order_type", "=", "item_requirement"),
                    ("partner_id", "=", self.customer.id),
                ]
            )
        )

    def test_ot6_delivered_item_requirement_type_locked(self):
        # item requirements come from projects: the system (sudo) creates them
        order = self._create_order([(self.product, 2.0)])
        order.sudo().order_type = "item_requirement"
        order.action_confirm()
        self._deliver(order)
        self.assertEqual(order.sales_status, "delivered")
        with self.assertRaisesRegex(ValidationError, "delivered item requirement"):
            order.with_user(self.salesman).order_type = "sales"
        order.invalidate_recordset()
        self.assertEqual(order.order_type, "item_requirement")

    def test_ot6_allowed_changes(self):
        order = self._create_order(order_type="journal")
        order.order_type = "subscription"
        order.order_type = "sales"
        order.order_type = "returned"
        order.order_type = "journal"
        self.assertEqual(order.order_type, "journal")

    def test_ot6_form_offers_no_item_requirement(self):
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.customer
            self.assertEqual(form.order_type, "sales")
            form.order_type = "journal"
        self.assertEqual(form.record.order_type, "journal")
