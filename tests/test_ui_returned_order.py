# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiReturnedOrder(HttpCase):
    def test_tour_delivered_order_to_credit_note(self):
        partner = self.env["res.partner"].create({"name": "Tour Retur Kund"})
        product = self.env["product.product"].create(
            {
                "name": "Tour Retur Widget",
                "type": "consu",
                "list_price": 30.0,
                "invoice_policy": "delivery",
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.move_ids.quantity = 5
        order.picking_ids.move_ids.picked = True
        order.picking_ids._action_done()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "sales_marketing_returned_order_tour",
            login="admin",
        )
        returned = self.env["sale.order"].search([("origin_order_id", "=", order.id)])
        self.assertEqual(returned.order_type, "returned")
        self.assertTrue(returned.rma_number)
        self.assertEqual(returned.order_line.qty_delivered, 2.0)
        credit = returned.invoice_ids
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.amount_untaxed, 60.0)
        self.assertEqual(returned.sales_status, "invoiced")
