# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-6..MC-11 over XML-RPC, the way an integration writes campaigns and
targets: plain create/write and the public action methods."""

from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .xmlrpc_common import XmlRpcCallMixin


@tagged("post_install", "-at_install")
class TestXmlRpcCampaigns(XmlRpcCallMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sm_xc_manager",
            password="sm_xc_manager_pw",
            groups="sales_team.group_sale_manager",
        )
        cls.seller = new_test_user(
            cls.env,
            login="sm_xc_seller",
            password="sm_xc_seller_pw",
            groups="sales_team.group_sale_salesman",
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"RPC-kund {i}"} for i in range(3)]
        )
        cls.product = cls.env["product.product"].create(
            {"name": "RPC kampanjtjänst", "type": "service", "list_price": 100.0}
        )

    def _campaign(self, **vals):
        return self.call(
            "sm_xc_manager",
            "utm.campaign",
            "create",
            {"name": "RPC-kampanj", "campaign_type": "telemarketing", **vals},
        )

    def test_mc6_stage_and_closed_campaign_over_xmlrpc(self):
        campaign_id = self._campaign(follow_up_date="2026-11-30")
        target_id = self.call(
            "sm_xc_manager",
            "sale.campaign.target",
            "create",
            {"campaign_id": campaign_id, "partner_id": self.partners[0].id},
        )
        [campaign] = self.call(
            "sm_xc_manager",
            "utm.campaign",
            "read",
            [campaign_id],
            ["campaign_stage", "follow_up_date"],
        )
        self.assertEqual(campaign["campaign_stage"], "in_process")
        self.assertEqual(campaign["follow_up_date"], "2026-11-30")
        self.call(
            "sm_xc_manager",
            "utm.campaign",
            "write",
            [campaign_id],
            {"campaign_stage": "closed"},
        )
        self.assertFault(
            "closed or cancelled",
            "sm_xc_manager",
            "sale.campaign.target",
            "create",
            {"campaign_id": campaign_id, "partner_id": self.partners[1].id},
        )
        self.assertFault(
            "closed or cancelled",
            "sm_xc_manager",
            "sale.campaign.target",
            "write",
            [target_id],
            {"response": "positive"},
        )
        self.assertFault(
            "closed or cancelled",
            "sm_xc_manager",
            "utm.campaign",
            "action_contact_targets",
            [campaign_id],
        )
        target = self.env["sale.campaign.target"].browse(target_id)
        self.assertEqual(target.response, "none")
        self.assertEqual(
            self.env["sale.campaign.target"].search_count(
                [("campaign_id", "=", campaign_id)]
            ),
            1,
        )

    def test_mc7_callbacks_over_xmlrpc(self):
        campaign_id = self._campaign(callback_delay_days=1, callback_max_attempts=2)
        target_id = self.call(
            "sm_xc_seller",
            "sale.campaign.target",
            "create",
            {
                "campaign_id": campaign_id,
                "partner_id": self.partners[0].id,
                "user_id": self.seller.id,
            },
        )
        for attempts in (1, 2):
            self.call(
                "sm_xc_seller",
                "sale.campaign.target",
                "action_response_no_answer",
                [target_id],
            )
            [target] = self.call(
                "sm_xc_seller",
                "sale.campaign.target",
                "read",
                [target_id],
                ["call_attempts", "activity_ids", "response"],
            )
            self.assertEqual(target["call_attempts"], attempts)
            self.assertEqual(len(target["activity_ids"]), 2 - attempts)
        self.assertFault(
            "at least one call attempt",
            "sm_xc_manager",
            "utm.campaign",
            "write",
            [campaign_id],
            {"callback_max_attempts": 0},
        )

    def test_mc8_distribution_over_xmlrpc(self):
        campaign_id = self._campaign()
        target_ids = self.call(
            "sm_xc_manager",
            "sale.campaign.target",
            "create",
            [
                {"campaign_id": campaign_id, "partner_id": p.id, "user_id": False}
                for p in self.partners
            ],
        )
        wizard_id = self.call(
            "sm_xc_manager",
            "sale.campaign.target.distribute",
            "create",
            {
                "campaign_id": campaign_id,
                "method": "round_robin",
                "user_ids": [(6, 0, [self.manager.id, self.seller.id])],
            },
        )
        [wizard] = self.call(
            "sm_xc_manager",
            "sale.campaign.target.distribute",
            "read",
            [wizard_id],
            ["target_count"],
        )
        self.assertEqual(wizard["target_count"], 3)
        self.call(
            "sm_xc_manager",
            "sale.campaign.target.distribute",
            "action_apply",
            [wizard_id],
        )
        users = self.env["sale.campaign.target"].browse(target_ids).mapped("user_id")
        self.assertEqual(set(users.ids), {self.manager.id, self.seller.id})

    def test_mc9_subcampaigns_over_xmlrpc(self):
        parent_id = self._campaign(budget=100.0)
        child_id = self._campaign(parent_id=parent_id, budget=50.0)
        self.call(
            "sm_xc_manager",
            "sale.campaign.target",
            "create",
            [
                {"campaign_id": campaign_id, "partner_id": self.partners[0].id}
                for campaign_id in (parent_id, child_id)
            ],
        )
        [parent] = self.call(
            "sm_xc_manager",
            "utm.campaign",
            "read",
            [parent_id],
            ["target_count", "child_ids", "subcampaign_count"],
        )
        self.assertEqual(parent["target_count"], 2)
        self.assertEqual(parent["child_ids"], [child_id])
        self.assertFault(
            "its own subcampaign",
            "sm_xc_manager",
            "utm.campaign",
            "write",
            [parent_id],
            {"parent_id": child_id},
        )
        self.assertFalse(self.env["utm.campaign"].browse(parent_id).parent_id)

    def test_mc11_mass_quotations_over_xmlrpc(self):
        campaign_id = self._campaign()
        template = self.env["sale.order.template"].create(
            {
                "name": "RPC-mall",
                "sale_order_template_line_ids": [
                    Command.create({"product_id": self.product.id})
                ],
            }
        )
        target_ids = self.call(
            "sm_xc_manager",
            "sale.campaign.target",
            "create",
            [
                {"campaign_id": campaign_id, "partner_id": p.id, "response": r}
                for p, r in zip(
                    self.partners, ("positive", "positive", "negative"), strict=True
                )
            ],
        )
        wizard_vals = {
            "campaign_id": campaign_id,
            "sale_order_template_id": template.id,
        }
        wizard_id = self.call(
            "sm_xc_manager", "sale.campaign.mass.quotation", "create", wizard_vals
        )
        self.call(
            "sm_xc_manager",
            "sale.campaign.mass.quotation",
            "action_create_quotations",
            [wizard_id],
        )
        targets = self.env["sale.campaign.target"].browse(target_ids)
        self.assertEqual(len(targets[:2].order_id), 2)
        self.assertFalse(targets[2].order_id)
        # a second run: refused, still two quotations
        wizard_id = self.call(
            "sm_xc_manager", "sale.campaign.mass.quotation", "create", wizard_vals
        )
        self.assertFault(
            "has its quotation already",
            "sm_xc_manager",
            "sale.campaign.mass.quotation",
            "action_create_quotations",
            [wizard_id],
        )
        self.assertEqual(
            self.env["sale.order"].search_count([("campaign_id", "=", campaign_id)]),
            2,
        )
