# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase
from odoo.tests import tagged

from .test_suggestions import rule_values


@tagged("post_install", "-at_install")
class TestUiSuggestions(HttpCase):
    def test_tour_upsell_and_crosssell_in_the_order_form(self):
        """XS-2 in the order form: accepting an up-sell and a cross-sell,
        declining, closing without an answer; XS-4/XS-7: each counted once,
        on the saved lines."""
        partner = self.env["res.partner"].create({"name": "Tour XS Kund"})
        products = self.env["product.product"].create(
            [
                {"name": name, "type": "consu", "list_price": price}
                for name, price in (
                    ("Tour Basic Printer", 100),
                    ("Tour Premium Printer", 150),
                    ("Tour Scanner", 80),
                    ("Tour USB Cable", 5),
                    ("Tour Paper", 4),
                    ("Tour Laptop", 900),
                    ("Tour Mouse", 20),
                    ("Tour Monitor", 300),
                    ("Tour HDMI Cable", 10),
                )
            ]
        )
        basic, premium, scanner, cable, paper, laptop, mouse, monitor, hdmi = products
        rules = self.env["sale.suggestion.rule"].create(
            [
                rule_values(
                    "Premium", "upsell", basic, premium, script="Twice as fast."
                ),
                rule_values("Cable", "crosssell", scanner, cable),
                rule_values("Mouse", "crosssell", laptop, mouse),
                rule_values("HDMI", "crosssell", monitor, hdmi),
            ]
        )
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "sales_marketing_suggestion_tour",
            login="admin",
        )
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(
            order.order_line.mapped("product_id"),
            premium | scanner | cable | paper | laptop | monitor,
        )
        self.assertEqual(
            order.order_line.filtered(
                lambda line: line.product_id == premium
            ).product_uom_qty,
            1.0,
        )
        self.assertEqual(rules.mapped("offered_count"), [1, 1, 1, 1])
        self.assertEqual(rules.mapped("accepted_count"), [1, 1, 0, 0])
        self.assertEqual(rules.mapped("declined_count"), [0, 0, 1, 0])
        events = self.env["sale.suggestion.event"].search(
            [("rule_id", "in", rules.ids)]
        )
        self.assertEqual(
            {(event.rule_id, event.line_id.product_id) for event in events},
            {
                (rules[0], premium),  # offered and accepted: the line is replaced
                (rules[1], scanner),
                (rules[2], laptop),
                (rules[3], monitor),
            },
        )
        self.assertEqual(events.order_id, order)

    def test_tour_quantity_condition_fires_once_the_quantity_is_typed(self):
        """XS-5: a rule "from 10 chairs" offers nothing when the chair is
        picked nor at 5, and its suggestions once 12 is typed (the line's
        re-evaluation); XS-6: in order of priority, the cross-sell
        proportional to the chairs."""
        partner = self.env["res.partner"].create({"name": "Tour XS5 Kund"})
        chair, cushion, armrest = self.env["product.product"].create(
            [
                {"name": name, "type": "consu", "list_price": price}
                for name, price in (
                    ("Tour Chair", 50),
                    ("Tour Cushion", 8),
                    ("Tour Armrest", 12),
                )
            ]
        )
        from_ten = "[('product_uom_qty', '>=', 10)]"
        cushions, armrests = self.env["sale.suggestion.rule"].create(
            [
                rule_values(
                    "Cushions",
                    "crosssell",
                    chair,
                    cushion,
                    condition_domain=from_ten,
                    priority=5,
                    sequence=20,
                    crosssell_qty_mode="proportional",
                    crosssell_qty_ratio=1.0,
                ),
                rule_values(
                    "Armrests",
                    "crosssell",
                    chair,
                    armrest,
                    condition_domain=from_ten,
                    priority=1,
                    sequence=1,
                ),
            ]
        )
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "sales_marketing_suggestion_quantity_tour",
            login="admin",
        )
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in order.order_line],
            [(chair, 12.0), (cushion, 12.0)],
        )
        self.assertEqual(
            [(r.offered_count, r.accepted_count) for r in cushions | armrests],
            [(1, 1), (1, 0)],
        )
