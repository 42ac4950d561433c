# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiSuggestions(HttpCase):
    def test_tour_upsell_and_crosssell_in_the_order_form(self):
        partner = self.env["res.partner"].create({"name": "Tour XS Kund"})
        products = self.env["product.product"].create(
            [
                {"name": name, "type": "consu", "list_price": price}
                for name, price in (
                    ("Tour Basic Printer", 100),
                    ("Tour Premium Printer", 150),
                    ("Tour Scanner", 80),
                    ("Tour USB Cable", 5),
                )
            ]
        )
        basic, premium, scanner, cable = products
        rules = self.env["sale.suggestion.rule"].create(
            [
                {
                    "name": "Premium",
                    "suggestion_type": "upsell",
                    "trigger_product_ids": [Command.set(basic.ids)],
                    "suggested_product_ids": [Command.set(premium.ids)],
                    "script": "Twice as fast.",
                },
                {
                    "name": "Cable",
                    "suggestion_type": "crosssell",
                    "trigger_product_ids": [Command.set(scanner.ids)],
                    "suggested_product_ids": [Command.set(cable.ids)],
                },
            ]
        )
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "sales_marketing_suggestion_tour",
            login="admin",
        )
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(
            order.order_line.mapped("product_id"), premium | scanner | cable
        )
        self.assertEqual(
            order.order_line.filtered(
                lambda line: line.product_id == premium
            ).product_uom_qty,
            1.0,
        )
        self.assertEqual(rules.mapped("accepted_count"), [1, 1])
        self.assertEqual(rules.mapped("offered_count"), [1, 1])
