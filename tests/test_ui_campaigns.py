# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiCampaigns(HttpCase):
    def test_tour_telemarketing_campaign_to_confirmed_order(self):
        admin = self.env.ref("base.user_admin")
        partner = self.env["res.partner"].create(
            {"name": "Tour MC Kund", "phone": "+46 8 123 456"}
        )
        self.env["product.product"].create(
            {"name": "Tour MC Service", "type": "service", "list_price": 250}
        )
        campaign = self.env["utm.campaign"].create(
            {
                "name": "Tour Telemarketing",
                "campaign_type": "telemarketing",
                "user_id": admin.id,
                "budget": 500,
            }
        )
        self.env["sale.campaign.target"].create(
            {"campaign_id": campaign.id, "partner_id": partner.id, "user_id": admin.id}
        )
        self.start_tour(
            "/odoo/action-sales_marketing.utm_campaign_action_sales",
            "sales_marketing_campaign_tour",
            login="admin",
        )
        target = campaign.target_ids
        self.assertEqual(target.response, "positive")
        self.assertTrue(target.contacted)
        self.assertEqual(target.lead_id.type, "opportunity")
        self.assertEqual(target.lead_id.campaign_id, campaign)
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.campaign_id, campaign)
        self.assertEqual(order.opportunity_id, target.lead_id)
        self.assertEqual(partner.relationship_stage, "customer")
        self.assertEqual(campaign.campaign_order_count, 1)
        self.assertEqual(
            self.env["res.partner.stage.history"]
            .search([("partner_id", "=", partner.id)], order="id")
            .mapped("stage_to"),
            ["prospect", "opportunity", "customer"],
        )
