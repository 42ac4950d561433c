# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiAgreement(HttpCase):
    def test_tour_agreement_to_release_order(self):
        partner = self.env["res.partner"].create({"name": "Tour Agreement Kund"})
        product = self.env["product.product"].create(
            {"name": "Tour Agreement Widget", "list_price": 50.0}
        )
        self.start_tour(
            "/odoo/action-sales_marketing.sale_agreement_action",
            "sales_marketing_agreement_tour",
            login="admin",
        )
        agreement = self.env["sale.agreement"].search([("partner_id", "=", partner.id)])
        self.assertEqual(agreement.state, "effective")
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(order.order_line.product_id, product)
        self.assertEqual(order.order_line.price_unit, 33.0)
        self.assertEqual(order.order_line.product_uom_qty, 4.0)
        self.assertEqual(order.order_line.agreement_id, agreement)
        self.assertEqual(order.agreement_id, agreement)
        self.assertEqual(agreement.version_ids.mapped("version"), [1])
