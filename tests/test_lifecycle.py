# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestPartnerLifecycle(SalesMarketingCase):
    """RL-1..RL-3: the party lifecycle, its history and the funnel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Livscykel AB", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Eva Kontakt", "parent_id": cls.company_partner.id}
        )
        cls.campaign = cls.env["utm.campaign"].create(
            {"name": "Vårkampanj", "campaign_type": "telemarketing"}
        )
        cls.History = cls.env["res.partner.stage.history"]

    def _history(self, partner=None):
        return self.History.search(
            [("partner_id", "=", (partner or self.company_partner).id)],
            order="date, id",
        )

    def _order(self, partner=None, order_type="sales"):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.contact).id,
                "order_type": order_type,
                "order_line": [
                    Command.create(
                        {"product_id": self.service.id, "product_uom_qty": 1}
                    )
                ],
            }
        )

    def test_rl1_new_partner_is_a_party_and_contacts_share_the_stage(self):
        self.assertEqual(self.company_partner.relationship_stage, "party")
        self.assertEqual(self.contact.relationship_stage, "party")
        self.env["crm.lead"].create(
            {"name": "Intresse", "type": "lead", "partner_id": self.contact.id}
        )
        self.assertEqual(self.company_partner.relationship_stage, "lead")
        self.assertEqual(self.contact.relationship_stage, "lead")
        # a contact added later inherits its company's stage
        late = self.env["res.partner"].create(
            {"name": "Sen Kontakt", "parent_id": self.company_partner.id}
        )
        self.assertEqual(late.relationship_stage, "lead")
        # history rows belong to the commercial entity only
        self.assertFalse(self._history(self.contact))
        self.assertEqual(self._history().mapped("stage_to"), ["lead"])

    def test_rl1_unknown_stage_refused(self):
        with self.assertRaisesRegex(UserError, "not a relationship stage"):
            self.company_partner._set_relationship_stage("vip", manual=True)
        self.assertEqual(self.company_partner.relationship_stage, "party")

    def test_rl2_campaign_target_makes_a_prospect(self):
        self.env["sale.campaign.target"].create(
            {"campaign_id": self.campaign.id, "partner_id": self.contact.id}
        )
        self.assertEqual(self.company_partner.relationship_stage, "prospect")
        row = self._history()
        self.assertEqual((row.stage_from, row.stage_to), ("party", "prospect"))
        self.assertEqual(row.source_ref, self.campaign)
        self.assertFalse(row.is_manual)

    def test_rl2_lead_then_opportunity_then_customer(self):
        lead = self.env["crm.lead"].create(
            {"name": "Förfrågan", "type": "lead", "partner_id": self.contact.id}
        )
        self.assertEqual(self.company_partner.relationship_stage, "lead")
        lead.convert_opportunity(self.contact)
        self.assertEqual(self.company_partner.relationship_stage, "opportunity")
        order = self._order()
        self.assertEqual(self.company_partner.relationship_stage, "opportunity")
        self.assertFalse(self.company_partner.customer_since)
        order.action_confirm()
        self.assertEqual(self.company_partner.relationship_stage, "customer")
        self.assertEqual(self.contact.relationship_stage, "customer")
        self.assertEqual(
            self.company_partner.customer_since, fields.Date.context_today(order)
        )
        history = self._history()
        self.assertEqual(
            history.mapped("stage_to"), ["lead", "opportunity", "customer"]
        )
        self.assertEqual(history.mapped("source_ref"), [lead, lead, order])
        self.assertEqual(history.mapped("user_id"), self.env.user)

    def test_rl2_only_sales_and_subscription_orders_make_customers(self):
        journal = self._order(order_type="journal")
        with self.assertRaises(UserError):
            journal.action_confirm()
        returned = self._order(order_type="returned")
        returned.action_confirm()
        self.assertEqual(self.company_partner.relationship_stage, "party")
        self.assertFalse(self.company_partner.customer_since)

    def test_rl2_never_backwards_automatically(self):
        self._order().action_confirm()
        first_since = self.company_partner.customer_since
        self.env["crm.lead"].create(
            {"name": "Ny affär", "type": "opportunity", "partner_id": self.contact.id}
        )
        self.env["sale.campaign.target"].create(
            {"campaign_id": self.campaign.id, "partner_id": self.company_partner.id}
        )
        self._order().action_confirm()
        self.assertEqual(self.company_partner.relationship_stage, "customer")
        self.assertEqual(self.company_partner.customer_since, first_since)
        self.assertEqual(self._history().mapped("stage_to"), ["customer"])

    def test_rl2_manual_change_back_and_forth_is_logged(self):
        self._order().action_confirm()
        wizard = Form(
            self.env["res.partner.stage.wizard"]
            .with_user(self.salesman)
            .with_context(active_model="res.partner", active_ids=self.contact.ids)
        )
        self.assertEqual(wizard.current_stage, "customer")
        wizard.relationship_stage = "prospect"
        wizard.reason = "Felregistrerad order"
        wizard.save().action_apply()
        self.assertEqual(self.company_partner.relationship_stage, "prospect")
        row = self._history()[-1]
        self.assertEqual((row.stage_from, row.stage_to), ("customer", "prospect"))
        self.assertTrue(row.is_manual)
        self.assertTrue(row.is_backward)
        self.assertEqual(row.reason, "Felregistrerad order")
        self.assertEqual(row.user_id, self.salesman)

    def test_rl2_write_over_the_api_is_a_manual_change(self):
        self.company_partner.write({"relationship_stage": "opportunity"})
        self.assertEqual(self.contact.relationship_stage, "opportunity")
        row = self._history()
        self.assertTrue(row.is_manual)
        # create with a stage (imports) too
        partner = self.env["res.partner"].create(
            {"name": "Import AB", "relationship_stage": "prospect"}
        )
        self.assertEqual(partner.relationship_stage, "prospect")
        self.assertEqual(self._history(partner).stage_from, "party")

    def test_rl3_history_is_read_only_for_sales(self):
        self._order().action_confirm()
        row = self._history().with_user(self.salesman)
        self.assertEqual(row.stage_to, "customer")
        with self.assertRaises(AccessError):
            row.write({"stage_to": "party"})
        with self.assertRaises(AccessError):
            row.unlink()

    def test_rl3_funnel_counts_and_days_per_stage(self):
        self.env["sale.campaign.target"].create(
            {"campaign_id": self.campaign.id, "partner_id": self.company_partner.id}
        )
        history = self._history()
        # pretend the partner became a prospect ten days ago
        history.date = fields.Datetime.now() - timedelta(days=10)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=15), self.company_partner.id),
        )
        self.company_partner.invalidate_recordset(["create_date"])
        self._order().action_confirm()
        self.env.flush_all()
        Report = self.env["res.partner.stage.report"]
        rows = Report.search([("partner_id", "=", self.company_partner.id)])
        by_stage = {row.stage: row for row in rows}
        self.assertEqual(set(by_stage), {"party", "prospect", "customer"})
        self.assertAlmostEqual(by_stage["party"].days_in_stage, 5, delta=0.01)
        self.assertAlmostEqual(by_stage["prospect"].days_in_stage, 10, delta=0.01)
        self.assertTrue(by_stage["customer"].is_current)
        self.assertFalse(by_stage["prospect"].is_current)
        groups = Report._read_group(
            [("partner_id", "=", self.company_partner.id)],
            ["stage"],
            ["partner_count:count_distinct", "current_count:sum", "days_in_stage:avg"],
        )
        self.assertEqual(
            {stage: (reached, now) for stage, reached, now, _days in groups},
            {"party": (1, 0), "prospect": (1, 0), "customer": (1, 1)},
        )

    def test_rl2_salesman_without_contact_rights_moves_the_stage(self):
        user = new_test_user(
            self.env, login="sm_rl_own", groups="sales_team.group_sale_salesman"
        )
        order = self._order()
        order.user_id = user
        order.with_user(user).action_confirm()
        self.assertEqual(self.company_partner.relationship_stage, "customer")
        self.assertEqual(self._history().user_id, user)
