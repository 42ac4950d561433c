# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo data tells one story across the features (make run)."""

    def test_the_story_is_there(self):
        if not self.env.ref("base.user_demo", raise_if_not_found=False):
            self.fail("The test database must be installed with demo data.")
        nordisk = self.env.ref("sales_marketing.res_partner_nordisk_mobel")
        self.assertEqual(nordisk.relationship_stage, "customer")
        self.assertEqual(
            self.env["res.partner.stage.history"]
            .search([("partner_id", "=", nordisk.id)], order="date, id")
            .mapped("stage_to"),
            ["prospect", "opportunity", "customer"],
        )
        campaign = self.env.ref("sales_marketing.utm_campaign_spring_chairs")
        self.assertEqual(campaign.target_count, 4)
        self.assertEqual(campaign.response_positive_count, 1)
        self.assertEqual(campaign.campaign_order_count, 1)
        order = self.env.ref("sales_marketing.sale_order_nordisk_mobel_chairs")
        self.assertEqual(order.order_type, "sales")
        self.assertEqual(order.sales_status, "open")
        chair = order.order_line.filtered(
            lambda line: line.product_id.default_code == "ERGO"
        )
        self.assertEqual(chair.agreement_line_id.price_unit, 2450.0)
        self.assertEqual(chair.qty_delivered, 12)
        self.assertEqual(chair.qty_deliver_remainder, 8)
        self.assertIn("MAT", order.order_line.product_id.mapped("default_code"))
        self.assertTrue(
            self.env["sale.backorder.line"].search([("order_id", "=", order.id)])
        )
        slip = order.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(slip.invoice_state, "invoiced")
        self.assertEqual(order.invoice_ids.filtered("id").mapped("state"), ["posted"])
        rma = self.env["sale.order"].search(
            [("origin_order_id", "=", order.id), ("order_type", "=", "returned")]
        )
        self.assertTrue(rma.rma_number)
        self.assertEqual(rma.state, "sale")
        journal = self.env.ref("sales_marketing.sale_order_malmo_arkitekter_journal")
        self.assertEqual(journal.order_type, "journal")
        self.assertEqual(journal.partner_id.name, "Malmö Arkitekter HB")
        subscription = self.env.ref(
            "sales_marketing.sale_order_nordisk_mobel_care_plan"
        )
        self.assertEqual(subscription.subscription_period_index, 3)
        self.assertEqual(len(subscription.subscription_period_ids.invoice_id), 3)
        item_requirement = self.env["sale.order"].search(
            [("partner_id", "=", nordisk.id), ("order_type", "=", "item_requirement")]
        )
        self.assertEqual(item_requirement.order_line.product_uom_qty, 2)
        rules = self.env["sale.suggestion.rule"].search(
            [("trigger_product_ids", "in", chair.product_id.ids)]
        )
        self.assertEqual(sum(rules.mapped("accepted_count")), 1)
