# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date
from datetime import timedelta

from odoo import fields
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

    def test_tour_telemarketing_callback_and_follow_up(self):
        """MC-6/MC-7 on screen: follow-up date and stage, No answer twice
        (two attempts, a callback after the delay); then the scheduled action
        gives the owner the follow-up activity."""
        admin = self.env.ref("base.user_admin")
        partner = self.env["res.partner"].create(
            {"name": "Tour Återuppringning", "phone": "+46 8 765 432"}
        )
        campaign = self.env["utm.campaign"].create(
            {
                "name": "Tour Callback",
                "campaign_type": "telemarketing",
                "user_id": admin.id,
            }
        )
        self.env["sale.campaign.target"].create(
            {"campaign_id": campaign.id, "partner_id": partner.id, "user_id": admin.id}
        )
        self.start_tour(
            "/odoo/action-sales_marketing.utm_campaign_action_sales",
            "sales_marketing_campaign_callback_tour",
            login="admin",
        )
        target = campaign.target_ids
        self.assertEqual(target.call_attempts, 2)
        self.assertEqual(target.response, "no_answer")
        call = target.activity_ids
        self.assertEqual(
            call.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        today = fields.Date.context_today(target)
        self.assertEqual(call.date_deadline, today + timedelta(days=2))
        self.assertEqual(campaign.follow_up_date, date(2026, 11, 30))
        self.assertEqual(campaign.campaign_stage, "response")
        self.env["utm.campaign"]._cron_campaign_follow_up()
        self.assertEqual(campaign.campaign_stage, "follow_up")
        follow_up = campaign.activity_ids
        self.assertEqual(
            follow_up.activity_type_id,
            self.env.ref("sales_marketing.mail_activity_type_campaign_follow_up"),
        )
        self.assertEqual(follow_up.user_id, admin)
