# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiPackingSlipInvoicing(HttpCase):
    def test_tour_two_slips_two_orders_one_invoice(self):
        partner = self.env["res.partner"].create({"name": "Tour Slip Kund"})
        product = self.env["product.product"].create(
            {"name": "Tour Slip Widget", "type": "consu", "list_price": 20.0}
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                }
                for qty in (2, 3)
            ]
        )
        orders.action_confirm()
        for move in orders.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        orders.picking_ids._action_done()
        self.start_tour(
            "/odoo/action-sales_marketing.stock_invoice_packing_slips_action",
            "sales_marketing_packing_slip_invoice_tour",
            login="admin",
        )
        invoice = self.env["account.move"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids.order_id, orders)
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("quantity")), [2.0, 3.0]
        )
        self.assertEqual(set(orders.picking_ids.mapped("invoice_state")), {"invoiced"})


@tagged("post_install", "-at_install")
class TestUiSlipInvoicingOrderMode(HttpCase):
    def test_tour_a_customers_month_of_slips_in_order_mode(self):
        """IN-5: a month of packing slips of two orders, invoiced in the
        customer's own summary update (order): one invoice per order."""
        partner = self.env["res.partner"].create(
            {"name": "Tour Månadskund", "invoice_summary_mode": "order"}
        )
        product = self.env["product.product"].create(
            {"name": "Tour Månadsvara", "type": "consu", "list_price": 10.0}
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": 10}
                        )
                    ],
                }
                for _i in range(2)
            ]
        )
        orders.action_confirm()
        # two deliveries per order during the month
        for qty in (4, 6):
            for order in orders:
                picking = order.picking_ids.filtered(lambda p: p.state != "done")
                picking.move_ids.quantity = qty
                picking.move_ids.picked = True
                picking.with_context(cancel_backorder=False)._action_done()
        slips = orders.picking_ids
        self.assertEqual(len(slips), 4)
        self.start_tour(
            "/odoo/action-sales_marketing.stock_invoice_packing_slips_action",
            "sales_marketing_slip_invoicing_order_mode_tour",
            login="admin",
        )
        invoices = self.env["account.move"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(invoices), 2)
        for order in orders:
            invoice = invoices.filtered(
                lambda i, o=order: i.invoice_line_ids.sale_line_ids.order_id == o
            )
            self.assertEqual(invoice.invoice_line_ids.quantity, 10.0)
        self.assertEqual(set(slips.mapped("invoice_state")), {"invoiced"})


@tagged("post_install", "-at_install")
class TestUiProforma(HttpCase):
    def test_tour_proforma_from_the_print_menu_and_by_email(self):
        salesman = new_test_user(
            self.env,
            login="sm_tour_proforma",
            groups="sales_team.group_sale_salesman",
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Proforma Kund", "email": "proforma@example.com"}
        )
        delivered, ordered = self.env["product.product"].create(
            [
                {
                    "name": "Tour Proforma Widget",
                    "type": "consu",
                    "invoice_policy": "delivery",
                    "list_price": 30.0,
                    "taxes_id": [Command.clear()],
                },
                {
                    "name": "Tour Proforma Gadget",
                    "type": "consu",
                    "invoice_policy": "order",
                    "list_price": 20.0,
                    "taxes_id": [Command.clear()],
                },
            ]
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": salesman.id,
                "order_line": [
                    Command.create({"product_id": delivered.id, "product_uom_qty": 10}),
                    Command.create({"product_id": ordered.id, "product_uom_qty": 2}),
                ],
            }
        )
        order.action_confirm()
        order._create_invoices().action_post()
        move = order.picking_ids.move_ids.filtered(lambda m: m.product_id == delivered)
        move.quantity = 4
        move.picked = True
        order.picking_ids.with_context(cancel_backorder=False)._action_done()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "sales_marketing_proforma_tour",
            login=salesman.login,
        )
        message = order.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertIn("PRO-FORMA", message.attachment_ids.name)
        self.assertEqual(message.partner_ids, partner)
        # the pro-forma is the next invoice: the 4 delivered widgets
        self.assertEqual(
            [
                (row.line.product_id, row.quantity)
                for row in order._get_proforma_invoice_values()["lines"]
            ],
            [(delivered, 4.0)],
        )
        self.assertEqual(len(order.invoice_ids), 1)
        self.assertEqual(order.state, "sale")
