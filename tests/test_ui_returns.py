# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiReturns(HttpCase):
    def test_tour_return_two_dispositions_one_replaced_upfront(self):
        """RT-3/RT-4: two returned lines, one replaced up-front; at arrival
        one is scrapped and the other, already replaced, is not replaced
        again."""
        partner = self.env["res.partner"].create({"name": "Tour Disposition Kund"})
        products = self.env["product.product"].create(
            [
                {
                    "name": name,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": price,
                    "invoice_policy": "delivery",
                }
                for name, price in (
                    ("Tour Skadad Stol", 40.0),
                    ("Tour Fel Lampa", 25.0),
                )
            ]
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        for product in products:
            self.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                    for product in products
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.move_ids.quantity = 2
        order.picking_ids.move_ids.picked = True
        order.picking_ids._action_done()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "sales_marketing_return_disposition_tour",
            login="admin",
        )
        returned = self.env["sale.order"].search([("origin_order_id", "=", order.id)])
        chair, lamp = returned.order_line
        self.assertEqual(chair.disposition_id.action, "scrap")
        self.assertEqual(lamp.disposition_id.action, "replace_credit")
        self.assertEqual(len(returned.replacement_order_ids), 1)
        self.assertEqual(
            returned.replacement_order_ids.order_line.replaced_return_line_id,
            chair | lamp,
        )
        receipt = returned.picking_ids.filtered(lambda p: p.state == "done")
        scrap = self.env["stock.scrap"].search([("picking_id", "=", receipt.id)])
        self.assertEqual(scrap.product_id, chair.product_id)
        self.assertEqual(returned.order_line.mapped("qty_to_invoice"), [2.0, 2.0])
