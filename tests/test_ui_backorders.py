# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo import fields
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

    def test_tour_cancel_remainder_and_reschedule_with_delay_notice(self):
        """RS-5 and BO-5/BO-6 through the UI: cancel 4 of 10 on the order, then
        reschedule from the by-vendor workbench the sales line waiting on a
        late purchase, with the delay notice sent."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )

        def item(name):
            return env["product.product"].create(
                {"name": name, "type": "consu", "is_storable": True}
            )

        def order(partner, product, qty, **vals):
            sale = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                    **vals,
                }
            )
            sale.action_confirm()
            return sale

        customer = env["res.partner"].create(
            {"name": "Tour Försenad AB", "email": "forsenad@example.com"}
        )
        cancelled = order(customer, item("Tour Cancel Bolt"), 10.0)
        self.start_tour(
            f"/odoo/action-sale.action_orders/{cancelled.id}",
            "sales_marketing_cancel_remainder_tour",
            login="admin",
        )
        line = cancelled.order_line
        self.assertEqual(line.qty_cancelled, 4.0)
        self.assertEqual(line.cancel_reason, "Kunden avbeställde")
        self.assertEqual(line.qty_deliver_remainder, 6.0)
        self.assertEqual(
            line.move_ids.filtered(lambda m: m.state != "cancel").product_uom_qty, 6.0
        )

        today = fields.Date.context_today(line)
        late_bolt = item("Tour Late Bolt")
        waiting = order(
            customer,
            late_bolt,
            5.0,
            commitment_date=fields.Datetime.now() + timedelta(days=2),
        )
        vendor = env["res.partner"].create({"name": "Tour Leverantör AB"})
        purchase = env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": late_bolt.id,
                            "product_qty": 5.0,
                            "price_unit": 1,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        purchase.order_line.date_planned = fields.Datetime.now() + timedelta(days=15)
        self.start_tour(
            "/odoo/action-sales_marketing.purchase_backorder_line_action",
            "sales_marketing_reschedule_tour",
            login="admin",
        )
        self.assertEqual(waiting.order_line.confirmed_date, today + timedelta(days=15))
        delivery = waiting.picking_ids
        self.assertEqual(delivery.scheduled_date.date(), today + timedelta(days=15))
        mail = env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", customer.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(waiting.name, mail.body_html)
        self.assertIn("Delay notice sent", waiting.message_ids[0].body)

    def test_xmlrpc_backorders_and_distribution(self):
        """BO-2/BO-3 for integrations: read the workbenches and distribute."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        product = env["product.product"].create(
            {"name": "RPC Bolt", "type": "consu", "is_storable": True}
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 2.0
        )
        partner = env["res.partner"].create({"name": "RPC Kund"})
        normal = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2.0})
                ],
            }
        )
        urgent = normal.copy({"priority": "1"})
        (normal | urgent).action_confirm()
        admin = env.ref("base.user_admin")

        def call(model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, admin.id, "admin", model, method, args, kwargs
            )

        rows = call(
            "sale.backorder.line",
            "search_read",
            [("product_id", "=", product.id)],
            fields=["order_id", "qty_backorder", "priority", "days_late"],
        )
        self.assertEqual(
            [(row["order_id"][0], row["priority"]) for row in rows],
            [(urgent.id, "1"), (normal.id, "0")],
        )
        [item] = call(
            "sale.backorder.item",
            "search_read",
            [("product_id", "=", product.id)],
            fields=["qty_demand", "qty_on_hand", "qty_shortfall"],
        )
        self.assertEqual(
            (item["qty_demand"], item["qty_on_hand"], item["qty_shortfall"]),
            (4.0, 2.0, 2.0),
        )
        wizard_id = call(
            "sale.backorder.distribution",
            "create",
            {"product_id": product.id, "warehouse_id": warehouse.id},
        )
        call("sale.backorder.distribution", "action_apply", [wizard_id])
        self.assertEqual(urgent.order_line.move_ids.quantity, 2.0)
        self.assertEqual(normal.order_line.move_ids.quantity, 0.0)
