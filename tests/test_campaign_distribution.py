# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestCampaignDistribution(SalesMarketingCase):
    """MC-8 (distribute targets among salespeople) and MC-11 (mass
    quotations)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {
            login: new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="sales_team.group_sale_salesman",
            )
            for login, name in (
                ("sm_di_anna", "Anna Ek"),
                ("sm_di_bo", "Bo Lind"),
                ("sm_di_cia", "Cia Berg"),
            )
        }
        cls.anna, cls.bo, cls.cia = users.values()
        cls.manager = new_test_user(
            cls.env, login="sm_di_manager", groups="sales_team.group_sale_manager"
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Team Väst", "member_ids": [Command.set((cls.bo | cls.cia).ids)]}
        )
        cls.campaign = cls.env["utm.campaign"].create(
            {
                "name": "Fördelningskampanj",
                "campaign_type": "telemarketing",
                "user_id": cls.manager.id,
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Fördelad {i}"} for i in range(6)]
        )
        cls.Target = cls.env["sale.campaign.target"]

    def _targets(self, **vals):
        return self.Target.create(
            [
                {"campaign_id": self.campaign.id, "partner_id": p.id, **vals}
                for p in self.partners
            ]
        )

    def _wizard(self, user=None, **values):
        model = self.env["sale.campaign.target.distribute"]
        if user:
            model = model.with_user(user)
        form = Form(model.with_context(default_campaign_id=self.campaign.id))
        for name, value in values.items():
            if name == "user_ids":
                for record in value:
                    form.user_ids.add(record)
            else:
                setattr(form, name, value)
        return form

    # MC-8 ------------------------------------------------------------------
    def test_mc8_round_robin_over_chosen_salespeople(self):
        targets = self._targets(user_id=False)
        targets[0].user_id = self.cia  # assigned already: kept
        form = self._wizard(user_ids=self.anna | self.bo)
        self.assertEqual(form.target_count, 5)
        self.assertEqual(form.unassigned_count, 0)
        self.assertIn("Anna Ek", form.preview)
        self.assertIn("Bo Lind", form.preview)
        targets[1]._schedule_call()
        form.save().action_apply()
        self.assertEqual(targets[0].user_id, self.cia)
        self.assertEqual(
            [target.user_id for target in targets[1:]],
            [self.anna, self.bo, self.anna, self.bo, self.anna],
        )
        # the pending call follows its target
        self.assertEqual(targets[1].activity_ids.user_id, self.anna)
        # all targets, by choice
        form = self._wizard(user_ids=self.cia, scope="all")
        self.assertEqual(form.target_count, 6)
        form.save().action_apply()
        self.assertEqual(set(targets.mapped("user_id")), {self.cia})

    def test_mc8_by_partner_salesperson_and_sales_team(self):
        self.partners[:2].user_id = self.anna
        # Cia sells for Team Väst: her customers go to its members in turn
        self.partners[2:4].user_id = self.cia
        targets = self._targets(user_id=False)
        self.assertFalse(any(targets.mapped("user_id")))
        form = self._wizard(method="partner_salesperson")
        self.assertEqual((form.target_count, form.unassigned_count), (6, 2))
        form.save().action_apply()
        self.assertEqual(targets[:2].user_id, self.anna)
        self.assertEqual(targets[2:4].user_id, self.cia)
        self.assertFalse(targets[4:].user_id)
        form = self._wizard(method="sales_team", scope="all")
        # Anna is in no team: her customers' targets are left as they are
        self.assertEqual((form.target_count, form.unassigned_count), (6, 4))
        form.save().action_apply()
        self.assertEqual(targets[:2].user_id, self.anna)
        # in turn over the team's members, by name
        self.assertEqual([t.user_id for t in targets[2:4]], [self.bo, self.cia])
        self.assertFalse(targets[4:].user_id)

    def test_mc8_bad_input_is_refused(self):
        targets = self._targets(user_id=False)
        wizard = self._wizard().save()
        with self.assertRaisesRegex(UserError, "Choose the salespeople"):
            wizard.action_apply()
        wizard = self._wizard(method="partner_salesperson").save()
        with self.assertRaisesRegex(UserError, "No target of campaign"):
            wizard.action_apply()
        wizard = self._wizard(user_ids=self.anna).save()
        self.campaign.campaign_stage = "closed"
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            wizard.action_apply()
        self.assertFalse(any(targets.mapped("user_id")))

    def test_mc8_salesman_distributes_what_they_see(self):
        targets = self._targets(user_id=False)
        targets[:2].user_id = self.cia
        form = self._wizard(user=self.anna, user_ids=self.anna, scope="all")
        # Anna sees her own and the unassigned targets only
        self.assertEqual(form.target_count, 4)
        form.save().action_apply()
        self.assertEqual(targets[:2].user_id, self.cia)
        self.assertEqual(targets[2:].user_id, self.anna)

    # MC-11 -----------------------------------------------------------------
    def _template(self):
        return self.env["sale.order.template"].create(
            {
                "name": "Kampanjofferten",
                "sale_order_template_line_ids": [
                    Command.create(
                        {"product_id": self.service.id, "product_uom_qty": 2.0}
                    ),
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 5.0}
                    ),
                ],
                "sale_order_template_option_ids": [
                    Command.create({"product_id": self.product_b.id, "quantity": 1})
                ],
            }
        )

    def test_mc11_one_quotation_per_positive_target_from_a_template(self):
        template = self._template()
        targets = self._targets(user_id=self.anna.id)
        targets[3:].user_id = self.bo
        (targets[0] | targets[3] | targets[4]).action_response_positive()
        targets[1].action_response_negative()
        targets[2].action_response_no_answer()
        # one of them has its quotation already (Start Sales Process)
        self.campaign.sales_process_start = "quotation"
        targets[4].action_start_sales_process()
        existing = targets[4].order_id
        form = Form(
            self.env["sale.campaign.mass.quotation"].with_context(
                default_campaign_id=self.campaign.id
            )
        )
        form.sale_order_template_id = template
        self.assertEqual((form.quotation_count, form.existing_count), (2, 1))
        action = form.save().action_create_quotations()
        orders = (targets[0] | targets[3]).order_id
        self.assertEqual(len(orders), 2)
        self.assertEqual(action["domain"], [("id", "in", orders.ids)])
        self.assertEqual(targets[4].order_id, existing)
        phone = self.env.ref("utm.utm_medium_phone")
        for target in targets[0] | targets[3]:
            order = target.order_id
            self.assertEqual(order.partner_id, target.partner_id)
            self.assertEqual(order.campaign_id, self.campaign)
            self.assertEqual(order.medium_id, phone)
            self.assertEqual(order.user_id, target.user_id)
            self.assertEqual(order.sale_order_template_id, template)
            self.assertEqual(order.state, "draft")
            self.assertEqual(
                [(line.product_id, line.product_uom_qty) for line in order.order_line],
                [(self.service, 2.0), (self.product, 5.0)],
            )
            self.assertEqual(order.sale_order_option_ids.product_id, self.product_b)
        self.assertFalse((targets[1] | targets[2]).order_id)
        # never two: a second run has nothing to do
        wizard = self.env["sale.campaign.mass.quotation"].create(
            {"campaign_id": self.campaign.id, "sale_order_template_id": template.id}
        )
        self.assertEqual(wizard.quotation_count, 0)
        with self.assertRaisesRegex(UserError, "has its quotation already"):
            wizard.action_create_quotations()
        # nor through Start Sales Process or Create Quotation
        targets[0].action_create_quotation()
        targets[0].action_start_sales_process()
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("campaign_id", "=", self.campaign.id)]
            ),
            3,
        )
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.campaign_quotation_count, 3)

    def test_mc11_cancelled_campaign_makes_no_quotations(self):
        template = self._template()
        targets = self._targets(user_id=self.anna.id)
        targets[0].action_response_positive()
        self.campaign.campaign_stage = "cancelled"
        wizard = self.env["sale.campaign.mass.quotation"].create(
            {"campaign_id": self.campaign.id, "sale_order_template_id": template.id}
        )
        with self.assertRaisesRegex(UserError, "is cancelled"):
            wizard.action_create_quotations()
        self.assertFalse(targets.order_id)

    def test_mc11_salesman_quotes_own_positive_targets(self):
        template = self._template()
        targets = self._targets(user_id=self.anna.id)
        targets[3:].user_id = self.bo
        targets.action_response_positive()
        wizard = (
            self.env["sale.campaign.mass.quotation"]
            .with_user(self.anna)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "sale_order_template_id": template.id,
                }
            )
        )
        self.assertEqual(wizard.quotation_count, 3)
        wizard.action_create_quotations()
        self.assertEqual(len(targets[:3].order_id), 3)
        self.assertEqual(targets[:3].order_id.user_id, self.anna)
        self.assertFalse(targets[3:].order_id)
