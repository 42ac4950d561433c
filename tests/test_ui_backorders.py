# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiBackorders(HttpCase):
    def test_tour_backorders_by_item_distribute_stock(self):
        """BO-2/BO-3 through the UI: the by-item workbench shows the
        shortfall, the wizard proposes the urgent order first, the user sets a
        quantity by hand and applies."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        product = env["product.product"].create(
            {
                "name": "Tour Bolt",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
            }
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 5.0
        )
        orders = env["sale.order"]
        for name, qty, priority in (
            ("Tour Vanlig AB", 5.0, "0"),
            ("Tour Brådskande AB", 3.0, "1"),
        ):
            order = env["sale.order"].create(
                {
                    "partner_id": env["res.partner"].create({"name": name}).id,
                    "priority": priority,
                    "warehouse_id": warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
            order.action_confirm()
            orders |= order
        normal, urgent = orders
        self.assertEqual(normal.order_line.move_ids.quantity, 5.0)
        self.start_tour(
            "/odoo/action-sales_marketing.sale_backorder_item_action",
            "sales_marketing_backorder_distribution_tour",
            login="admin",
        )
        self.assertEqual(urgent.order_line.move_ids.quantity, 3.0)
        self.assertEqual(normal.order_line.move_ids.quantity, 1.0)
        self.assertIn("from 0.0 to 3.0", urgent.message_ids[0].body)
