# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiSubscription(HttpCase):
    def test_tour_create_subscription_and_invoice_a_period(self):
        partner = self.env["res.partner"].create({"name": "Tour Prenumerant AB"})
        self.env["product.product"].create(
            {
                "name": "Tour Support Plan",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 300,
            }
        )
        self.start_tour(
            "/odoo/action-sales_marketing.sale_order_action_subscription",
            "sales_marketing_subscription_tour",
            login="admin",
        )
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        today = fields.Date.context_today(order)
        self.assertEqual(order.order_type, "subscription")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.subscription_period_index, 1)
        self.assertEqual(order.next_invoice_date, today + relativedelta(months=6))
        invoice = order.subscription_period_ids.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 300)
        self.assertEqual(order.sales_status, "open")
