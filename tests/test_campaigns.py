# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo import fields
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.utm_campaign_marketing import RESULT_FIELDS
from .common import SalesMarketingCase

REPLY = """Return-Path: <{email}>
To: {to}
From: {email}
Subject: Re: {subject}
Message-ID: <reply-{n}@example.com>
In-Reply-To: {in_reply_to}
References: {in_reply_to}
Date: Tue, 24 Nov 2026 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

Ja tack, ring mig!
"""


@tagged("post_install", "-at_install")
class TestCampaigns(SalesMarketingCase):
    """MC-1..MC-5: campaigns, targets, contacting, sales process, results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env,
            login="sm_mc_seller",
            groups="sales_team.group_sale_salesman",
        )
        cls.campaign = cls.env["utm.campaign"].create(
            {
                "name": "Höstkampanj",
                "campaign_type": "telemarketing",
                "budget": 1000.0,
                "user_id": cls.seller.id,
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Målföretag {i}", "email": f"mal{i}@example.com"}
                for i in range(4)
            ]
        )
        cls.Target = cls.env["sale.campaign.target"]

    def _targets(self, campaign=None, partners=None, **vals):
        return self.Target.create(
            [
                {
                    "campaign_id": (campaign or self.campaign).id,
                    "partner_id": partner.id,
                    **vals,
                }
                for partner in (partners or self.partners)
            ]
        )

    # MC-1 ------------------------------------------------------------------
    def test_mc1_type_dates_and_budget(self):
        self.assertEqual(self.campaign.campaign_type, "telemarketing")
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.campaign.write({"date_start": "2026-12-01", "date_end": "2026-11-01"})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.campaign.budget = -1
        self.assertEqual(self.campaign.budget, 1000.0)
        self.assertFalse(self.campaign.date_start)

    # MC-2 ------------------------------------------------------------------
    def test_mc2_one_target_per_partner_per_campaign(self):
        self._targets(partners=self.partners[:1])
        with self.assertRaisesRegex(ValidationError, "once per campaign"):
            self._targets(partners=self.partners[:2])
        self.assertEqual(len(self.campaign.target_ids), 1)
        with self.assertRaisesRegex(ValidationError, "once per campaign"):
            self._targets(partners=[self.partners[1], self.partners[1]])
        # the same partner in another campaign is fine
        other = self.env["utm.campaign"].create(
            {"name": "Annan", "campaign_type": "direct_mail"}
        )
        self._targets(campaign=other, partners=self.partners[:1])
        # moving a target onto an existing one is refused too
        target = self._targets(partners=self.partners[1:2])
        with self.assertRaisesRegex(ValidationError, "once per campaign"):
            target.partner_id = self.partners[0]
        self.assertEqual(target.partner_id, self.partners[1])

    def test_mc2_generate_targets_from_a_stage_domain(self):
        prospects = self.partners[:3]
        prospects._set_relationship_stage("prospect", manual=True)
        self.partners[3]._set_relationship_stage("customer", manual=True)
        self._targets(partners=prospects[:1])
        wizard = Form(
            self.env["sale.campaign.target.generate"].with_context(
                default_campaign_id=self.campaign.id
            )
        )
        wizard.relationship_stage = "prospect"
        wizard.partner_domain = repr([("name", "like", "Målföretag")])
        self.assertEqual(wizard.new_target_count, 2)
        wizard.save().action_generate()
        self.assertEqual(self.campaign.target_ids.partner_id, prospects)
        # nothing new the second time: a clear error
        wizard = Form(
            self.env["sale.campaign.target.generate"].with_context(
                default_campaign_id=self.campaign.id
            )
        )
        wizard.relationship_stage = "prospect"
        wizard.partner_domain = repr([("name", "like", "Målföretag")])
        with self.assertRaisesRegex(UserError, "No new partner"):
            wizard.save().action_generate()

    def test_mc2_generate_refuses_a_broken_filter(self):
        wizard = self.env["sale.campaign.target.generate"].create(
            {"campaign_id": self.campaign.id, "partner_domain": "[('name', "}
        )
        with self.assertRaisesRegex(UserError, "not a valid domain"):
            wizard.action_generate()
        self.assertFalse(self.campaign.target_ids)

    def test_mc2_blocklisted_addresses_are_not_opted_in_for_email(self):
        self.env["mail.blacklist"]._add(self.partners[0].email)
        mail_campaign = self.env["utm.campaign"].create(
            {"name": "Nyhetsbrev", "campaign_type": "email"}
        )
        targets = self._targets(campaign=mail_campaign, partners=self.partners[:2])
        self.assertEqual(targets.mapped("opt_in"), [False, True])
        phone_targets = self._targets(partners=self.partners[:1])
        self.assertTrue(phone_targets.opt_in)

    def test_mc2_responsible_defaults_to_the_partners_salesperson(self):
        other = new_test_user(
            self.env, login="sm_mc_other", groups="sales_team.group_sale_salesman"
        )
        self.partners[0].user_id = other
        targets = self._targets(partners=self.partners[:2])
        self.assertEqual(targets.mapped("user_id"), other | self.seller)

    # MC-3 ------------------------------------------------------------------
    def test_mc3_telemarketing_calls_only_opted_in_targets(self):
        targets = self._targets()
        targets[1].opt_in = False
        targets[2].response = "negative"
        self.campaign.action_contact_targets()
        call = self.env.ref("mail.mail_activity_data_call")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sale.campaign.target"), ("res_id", "in", targets.ids)]
        )
        self.assertEqual(
            sorted(activities.mapped("res_id")), sorted((targets[0] | targets[3]).ids)
        )
        self.assertEqual(activities.activity_type_id, call)
        self.assertEqual(activities.user_id, self.seller)
        # calling again plans nothing twice
        self.campaign.action_contact_targets()
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "sale.campaign.target"),
                    ("res_id", "in", targets.ids),
                ]
            ),
            2,
        )
        # the outcome logged on the target closes its call
        targets[0].with_user(self.seller).action_response_positive()
        self.assertEqual(targets[0].response, "positive")
        self.assertTrue(targets[0].contacted)
        self.assertTrue(targets[0].response_date)
        self.assertFalse(targets[0].activity_ids)
        # marking the call done from the activity counts as contacted
        targets[3].activity_ids.with_user(self.seller).action_done()
        self.assertTrue(targets[3].contacted)
        self.assertEqual(targets[3].response, "none")

    def test_mc3_nobody_to_contact(self):
        target = self._targets(partners=self.partners[:1])
        target.opt_in = False
        with self.assertRaisesRegex(UserError, "no opted-in target"):
            self.campaign.action_contact_targets()
        untyped = self.env["utm.campaign"].create({"name": "Utan typ"})
        with self.assertRaisesRegex(UserError, "Set the type"):
            untyped.action_contact_targets()

    def test_mc3_direct_mail_letters_and_labels(self):
        self.campaign.write(
            {
                "campaign_type": "direct_mail",
                "letter_body": "<p>Vi erbjuder 20 % rabatt i november.</p>",
            }
        )
        self.env.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        targets = self._targets()
        targets[1].opt_in = False
        action = self.campaign.action_contact_targets()
        self.assertEqual(
            action["report_name"], "sales_marketing.report_campaign_letter"
        )
        self.assertEqual(targets.mapped("contacted"), [True, False, True, True])
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "sales_marketing.report_campaign_letter", targets.ids
        )
        html = html.decode()
        self.assertIn("20 % rabatt", html)
        self.assertIn("Målföretag 0", html)
        self.assertNotIn("Målföretag 1", html)
        self.assertEqual(html.count("o_campaign_letter"), 3)
        labels, _type = self.env["ir.actions.report"]._render_qweb_html(
            "sales_marketing.report_campaign_label", targets.ids
        )
        self.assertIn("Målföretag 3", labels.decode())
        self.assertNotIn("Målföretag 1", labels.decode())
        # PDFs through wkhtmltopdf
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sales_marketing.report_campaign_label", targets.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        targets.opt_in = False
        with self.assertRaisesRegex(UserError, "nothing to print"):
            targets.action_print_letters()

    def test_mc3_email_through_the_mail_queue_replies_and_bounces(self):
        self.campaign.campaign_type = "email"
        targets = self._targets()
        targets[1].opt_in = False
        action = self.campaign.action_contact_targets()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(mailing.campaign_id, self.campaign)
        # a marketer widening the domain still reaches only the campaign's
        # opted-in targets
        mailing.mailing_domain = "[]"
        self.assertEqual(
            sorted(mailing._get_remaining_recipients()),
            sorted((targets - targets[1]).ids),
        )
        # the same draft is reused
        self.assertEqual(self.campaign._get_or_create_mailing(), mailing)
        mailing.action_put_in_queue()
        self.assertEqual(mailing.state, "in_queue")
        self.assertFalse(any(targets.mapped("contacted")))
        # the mass-mailing queue cron sends it (test mode: no SMTP server)
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(mailing.state, "done")
        mails = self.env["mail.mail"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(len(mails), 3)
        self.assertEqual(
            set(mails.mapped("state")), {"sent"}, mails.mapped("failure_reason")
        )
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id)]
        )
        self.assertEqual(set(traces.mapped("trace_status")), {"sent"})
        self.assertEqual(targets.mapped("contacted"), [True, False, True, True])
        self.assertEqual(self.campaign.contacted_count, 3)
        # a reply through the mail gateway is a positive response
        trace = traces.filtered(lambda t: t.res_id == targets[0].id)
        self.env["mail.thread"].message_process(
            False,
            REPLY.format(
                email=self.partners[0].email,
                to="catchall@example.com",
                subject=mailing.subject,
                in_reply_to=trace.message_id,
                n=1,
            ),
        )
        self.assertEqual(trace.trace_status, "reply")
        self.assertEqual(targets[0].response, "positive")
        # a bounce means no answer
        bounced = traces.filtered(lambda t: t.res_id == targets[2].id)
        self.env["mailing.trace"].set_bounced(
            domain=[("message_id", "=", bounced.message_id)]
        )
        self.assertEqual(targets[2].response, "no_answer")
        self.assertEqual(targets[3].response, "none")
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.response_positive_count, 1)
        self.assertEqual(self.campaign.response_no_answer_count, 1)

    # MC-4 ------------------------------------------------------------------
    def test_mc4_positive_response_starts_an_opportunity(self):
        targets = self._targets(partners=self.partners[:2])
        with self.assertRaisesRegex(UserError, "Only positive responses"):
            targets.action_start_sales_process()
        self.assertFalse(targets.lead_id)
        targets[0].with_user(self.seller).action_response_positive()
        action = targets[0].with_user(self.seller).action_start_sales_process()
        lead = targets[0].lead_id
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(action["res_id"], lead.id)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.campaign_id, self.campaign)
        self.assertEqual(lead.partner_id, self.partners[0])
        self.assertEqual(lead.user_id, self.seller)
        self.assertEqual(lead.medium_id, self.env.ref("utm.utm_medium_phone"))
        self.assertEqual(self.partners[0].relationship_stage, "opportunity")
        self.assertTrue(targets[0].sales_process_started)
        # one click twice: still one opportunity
        targets[0].action_start_sales_process()
        self.assertEqual(
            self.env["crm.lead"].search_count([("campaign_id", "=", self.campaign.id)]),
            1,
        )

    def test_mc4_an_existing_lead_is_converted(self):
        target = self._targets(partners=self.partners[:1])
        lead = self.env["crm.lead"].create(
            {
                "name": "Tidig förfrågan",
                "type": "lead",
                "partner_id": self.partners[0].id,
            }
        )
        target.write({"lead_id": lead.id, "response": "positive"})
        target.action_start_sales_process()
        self.assertEqual(target.lead_id, lead)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.campaign_id, self.campaign)

    def test_mc4_quotation_mode_and_quotation_from_the_opportunity(self):
        self.campaign.sales_process_start = "quotation"
        target = self._targets(partners=self.partners[:1], response="positive")
        action = target.action_start_sales_process()
        order = target.order_id
        self.assertEqual(action["res_model"], "sale.order")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.campaign_id, self.campaign)
        self.assertEqual(order.partner_id, self.partners[0])
        self.assertEqual(order.user_id, self.seller)
        # quotation from a target that already has an opportunity links both
        self.campaign.sales_process_start = "opportunity"
        target2 = self._targets(partners=self.partners[1:2], response="positive")
        target2.action_start_sales_process()
        target2.action_create_quotation()
        self.assertEqual(target2.order_id.opportunity_id, target2.lead_id)

    def test_mc4_campaign_without_type_starts_without_medium(self):
        untyped = self.env["utm.campaign"].create({"name": "Utan typ"})
        target = self._targets(
            campaign=untyped, partners=self.partners[:1], response="positive"
        )
        target.action_start_sales_process()
        self.assertEqual(target.lead_id.campaign_id, untyped)
        self.assertFalse(target.lead_id.medium_id)

    # MC-5 ------------------------------------------------------------------
    def test_mc5_results_and_cost_per_order(self):
        targets = self._targets()
        targets[:3].write({"contacted": True})
        targets[0].action_response_positive()
        targets[1].action_response_negative()
        targets[2].action_response_no_answer()
        targets[0].action_start_sales_process()
        self.campaign.sales_process_start = "quotation"
        targets[3].action_response_positive()
        targets[3].action_start_sales_process()
        order = targets[3].order_id
        order.order_line = [
            Command.create({"product_id": self.service.id, "product_uom_qty": 5})
        ]
        campaign = self.campaign
        self.assertEqual(campaign.target_count, 4)
        self.assertEqual(campaign.contacted_count, 4)
        self.assertEqual(campaign.response_count, 3)
        self.assertAlmostEqual(campaign.response_rate, 75.0)
        self.assertEqual(campaign.campaign_opportunity_count, 1)
        self.assertEqual(campaign.campaign_quotation_count, 1)
        self.assertEqual(campaign.campaign_order_count, 0)
        order.action_confirm()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.campaign_quotation_count, 0)
        self.assertEqual(campaign.campaign_order_count, 1)
        self.assertAlmostEqual(campaign.campaign_revenue, 400.0)
        self.assertAlmostEqual(campaign.cost_per_order, 1000.0)
        self.assertEqual(self.partners[3].relationship_stage, "customer")
        self.env.flush_all()
        row = self.env["sale.campaign.report"].search(
            [("campaign_id", "=", campaign.id)]
        )
        self.assertEqual(
            (row.target_count, row.positive_count, row.order_count, row.revenue),
            (4, 2, 1, 400.0),
        )

    def test_mc5_results_computed_in_batch(self):
        campaigns = self.env["utm.campaign"].create(
            [{"name": f"K{i}", "campaign_type": "direct_mail"} for i in range(10)]
        )
        for campaign in campaigns:
            self._targets(campaign=campaign, partners=self.partners[:2])
        campaigns.invalidate_recordset()
        self.env.flush_all()
        with self.assertQueryCount(1):
            campaigns.mapped("target_count")
            campaigns.mapped("campaign_revenue")

    def _campaign_with_results(self):
        """A campaign with a result of every kind, made by several salespeople:
        four targets (one per response, one not opted in), an open and a lost
        opportunity and a lead, confirmed orders in the company currency and in
        euros (at the order's rate, which the market has left since), a
        cancelled order and a quotation."""
        other = new_test_user(
            self.env, login="sm_mc_other3", groups="sales_team.group_sale_salesman"
        )
        campaign = self.env["utm.campaign"].create(
            {
                "name": "Flervalutakampanj",
                "campaign_type": "telemarketing",
                "budget": 1000.0,
                "user_id": self.seller.id,
            }
        )
        targets = self._targets(campaign=campaign)
        targets[:2].user_id = self.seller
        targets[2:].user_id = other
        targets[0].opt_in = False
        targets[1].action_response_positive()
        targets[2].action_response_negative()
        targets[3].action_response_no_answer()
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Affärstillfälle {i}",
                    "type": lead_type,
                    "campaign_id": campaign.id,
                    "user_id": user.id,
                }
                for i, (lead_type, user) in enumerate(
                    [
                        ("opportunity", self.seller),
                        ("opportunity", other),
                        ("lead", other),
                    ]
                )
            ]
        )
        leads[1].action_set_lost()
        eur = self.env.ref("base.EUR")
        eur.active = True
        yesterday = fields.Date.context_today(campaign) - timedelta(days=1)
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "company_id": self.company.id,
                "name": yesterday,
                "rate": 0.9123,
            }
        )
        pricelist_eur = self.env["product.pricelist"].create(
            {"name": "Euro", "currency_id": eur.id}
        )

        def order(price, user, **vals):
            return self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "campaign_id": campaign.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.service.id,
                                "product_uom_qty": 1,
                                "price_unit": price,
                            }
                        )
                    ],
                    **vals,
                }
            )

        confirmed = (
            order(400.0, self.seller)
            | order(123.45, other, pricelist_id=pricelist_eur.id)
            | order(77.77, other, pricelist_id=pricelist_eur.id)
        )
        confirmed.action_confirm()
        cancelled = order(999.0, self.seller)
        cancelled.action_confirm()
        cancelled._action_cancel()
        order(50.0, other)  # a quotation
        self.env.flush_all()  # the orders are confirmed at the day's rate
        # the euro moves after the orders: their own rate still counts
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "company_id": self.company.id,
                "name": yesterday + timedelta(days=1),
                "rate": 0.5,
            }
        )
        self.assertEqual(set(confirmed.mapped("currency_id.name")), {"USD", "EUR"})
        return campaign, confirmed

    def test_mc5_campaign_and_campaign_analysis_agree_to_the_cent(self):
        campaign, confirmed = self._campaign_with_results()
        empty = self.env["utm.campaign"].create(
            {"name": "Tom kampanj", "campaign_type": "email", "budget": 50.0}
        )
        # revenue: each order in the company currency at its own rate, summed,
        # rounded once; 400 + (123.45 + 77.77) / 0.9123 = 620.5634...
        self.assertEqual(
            confirmed.mapped("currency_rate"), [1.0, 0.9123, 0.9123], "order rates"
        )
        expected = {
            "target_count": 4,
            "target_opt_in_count": 3,
            "contacted_count": 3,
            "response_positive_count": 1,
            "response_negative_count": 1,
            "response_no_answer_count": 1,
            "response_count": 2,
            "response_rate": 200.0 / 3,
            "campaign_opportunity_count": 2,
            "campaign_quotation_count": 1,
            "campaign_order_count": 3,
            "campaign_revenue": 620.56,
            "cost_per_order": 333.33,
        }
        expected_empty = dict.fromkeys(expected, 0)
        for user in (self.env.user, self.seller):
            # a salesperson sees the campaign's whole results, other
            # salespeople's targets, opportunities and orders included
            for record, values in ((campaign, expected), (empty, expected_empty)):
                record = record.with_user(user)
                record.invalidate_recordset()
                row = (
                    self.env["sale.campaign.report"]
                    .with_user(user)
                    .search([("campaign_id", "=", record.id)])
                )
                self.assertEqual(len(row), 1)
                for field_name, column in RESULT_FIELDS.items():
                    with self.subTest(user=user.login, field=field_name):
                        self.assertEqual(record[field_name], values[field_name])
                        self.assertEqual(row[column], record[field_name])
        # the salesperson's own documents are fewer than the campaign counts
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.seller)
            .search_count([("campaign_id", "=", campaign.id)]),
            2,
        )
        # the Orders button lists the orders counted
        action = campaign.action_view_campaign_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), confirmed)
        # the pivot's total is the sum of the campaigns' rows
        [(total,)] = self.env["sale.campaign.report"]._read_group(
            [("campaign_id", "in", (campaign | empty).ids)], [], ["revenue:sum"]
        )
        self.assertEqual(total, 620.56)

    def test_mc5_campaigns_without_type_keep_their_results(self):
        """UTM campaigns of other apps (no type) are no Campaign Analysis rows,
        but their form still counts the orders carrying them."""
        campaign = self.env["utm.campaign"].create({"name": "Webbkampanj"})
        order = self._create_order([(self.service, 2)], campaign_id=campaign.id)
        order.action_confirm()
        self.assertEqual(campaign.campaign_order_count, 1)
        self.assertEqual(campaign.campaign_revenue, 160.0)
        self.assertFalse(
            self.env["sale.campaign.report"].search([("campaign_id", "=", campaign.id)])
        )

    def test_mc5_campaign_list_costs_a_fixed_number_of_queries(self):
        """The campaign list's results: the same queries for 3 as for 30
        campaigns."""
        Campaign = self.env["utm.campaign"].with_user(self.seller)
        view = self.env.ref("sales_marketing.utm_campaign_view_list")
        fields_in_list = Campaign.get_views([(view.id, "list")])["models"][
            "utm.campaign"
        ]["fields"]
        specification = {
            name: {"fields": {"display_name": {}}}
            if Campaign._fields[name].type == "many2one"
            else {}
            for name in fields_in_list
        }
        for count in (3, 30):
            campaigns = self.env["utm.campaign"].create(
                [
                    {"name": f"Lista {count}-{i}", "campaign_type": "direct_mail"}
                    for i in range(count)
                ]
            )
            for campaign in campaigns:
                self._targets(campaign=campaign, partners=self.partners[:2])
                self._create_order(
                    [(self.service, 1)], campaign_id=campaign.id
                ).action_confirm()
            self.env.invalidate_all()
            with self.assertQueryCount(13):
                result = Campaign.web_search_read(
                    [("id", "in", campaigns.ids)], specification
                )
            self.assertEqual(result["length"], count)
            self.assertEqual(
                {record["target_count"] for record in result["records"]}, {2}
            )
            self.assertEqual(
                {record["campaign_revenue"] for record in result["records"]}, {80.0}
            )

    # access ----------------------------------------------------------------
    def test_salesman_sees_own_and_unassigned_targets(self):
        other = new_test_user(
            self.env, login="sm_mc_other2", groups="sales_team.group_sale_salesman"
        )
        targets = self._targets(partners=self.partners[:3])
        targets[1].user_id = other
        targets[2].user_id = False
        visible = self.Target.with_user(self.seller).search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(visible, targets[0] | targets[2])
