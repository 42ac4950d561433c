# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiOrderType(HttpCase):
    def test_tour_journal_to_invoiced_order(self):
        self.env["res.partner"].create({"name": "Tour Kund"})
        product = self.env["product.product"].create(
            {
                "name": "Tour Widget",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 42.0,
            }
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 10.0
        )
        self.start_tour(
            "/odoo/action-sales_marketing.sale_order_action_journal",
            "sales_marketing_order_type_tour",
            login="admin",
        )
        order = self.env["sale.order"].search(
            [("partner_id.name", "=", "Tour Kund")], limit=1
        )
        self.assertEqual(order.order_type, "sales")
        self.assertEqual(order.sales_status, "invoiced")
        self.assertEqual(order.invoice_ids.state, "posted")
