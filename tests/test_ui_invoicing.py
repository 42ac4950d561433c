# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase
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
