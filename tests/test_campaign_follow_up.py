# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
import time
from datetime import timedelta

import psycopg2

from odoo import api
from odoo import fields
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestCampaignFollowUp(SalesMarketingCase):
    """MC-6 (stage, follow-up, closed campaigns) and MC-7 (callbacks)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env, login="sm_fu_seller", groups="sales_team.group_sale_salesman"
        )
        cls.other_seller = new_test_user(
            cls.env, login="sm_fu_other", groups="sales_team.group_sale_salesman"
        )
        cls.campaign = cls.env["utm.campaign"].create(
            {
                "name": "Uppföljningskampanj",
                "campaign_type": "telemarketing",
                "user_id": cls.seller.id,
                "callback_delay_days": 3,
                "callback_max_attempts": 3,
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Ringföretag {i}", "phone": f"+46 8 55 {i}"} for i in range(3)]
        )
        cls.Target = cls.env["sale.campaign.target"]
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.follow_up_type = cls.env.ref(
            "sales_marketing.mail_activity_type_campaign_follow_up"
        )
        cls.today = fields.Date.context_today(cls.campaign)

    def _targets(self, campaign=None, partners=None, **vals):
        return self.Target.create(
            [
                {
                    "campaign_id": (campaign or self.campaign).id,
                    "partner_id": partner.id,
                    "user_id": self.seller.id,
                    **vals,
                }
                for partner in (partners or self.partners)
            ]
        )

    def _calls(self, targets):
        return targets.activity_ids.filtered(
            lambda a: a.activity_type_id == self.call_type
        )

    def _follow_ups(self, campaigns):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "utm.campaign"),
                ("res_id", "in", campaigns.ids),
                ("activity_type_id", "=", self.follow_up_type.id),
            ]
        )

    # MC-6 ------------------------------------------------------------------
    def test_mc6_stage_defaults_to_in_process(self):
        self.assertEqual(self.campaign.campaign_stage, "in_process")
        with self.assertRaisesRegex(UserError, "Choose a campaign stage"):
            self.campaign.with_context(
                campaign_stage="nowhere"
            ).action_set_campaign_stage()
        self.campaign.with_context(
            campaign_stage="response"
        ).action_set_campaign_stage()
        self.assertEqual(self.campaign.campaign_stage, "response")

    def test_mc6_follow_up_date_gives_the_owner_one_activity(self):
        due = self.env["utm.campaign"].create(
            [
                {
                    "name": f"Förfallen {i}",
                    "campaign_type": "direct_mail",
                    "user_id": self.seller.id,
                    "follow_up_date": self.today - timedelta(days=i),
                }
                for i in range(3)
            ]
        )
        later = self.env["utm.campaign"].create(
            {
                "name": "Senare",
                "campaign_type": "email",
                "follow_up_date": self.today + timedelta(days=5),
            }
        )
        closed = self.env["utm.campaign"].create(
            {
                "name": "Stängd",
                "campaign_type": "email",
                "follow_up_date": self.today,
                "campaign_stage": "closed",
            }
        )
        done = self.env["utm.campaign"]._cron_campaign_follow_up()
        self.assertEqual(done, due.sorted(lambda c: (c.follow_up_date, c.id)))
        activities = self._follow_ups(due | later | closed)
        self.assertEqual(len(activities), 3)
        self.assertEqual(set(activities.mapped("res_id")), set(due.ids))
        self.assertEqual(activities.user_id, self.seller)
        for campaign in due:
            activity = activities.filtered(lambda a, c=campaign: a.res_id == c.id)
            self.assertEqual(activity.date_deadline, campaign.follow_up_date)
            self.assertIn(campaign.title, activity.summary)
        self.assertEqual(set(due.mapped("campaign_stage")), {"follow_up"})
        self.assertTrue(all(due.mapped("follow_up_scheduled")))
        self.assertEqual(later.campaign_stage, "in_process")
        self.assertEqual(closed.campaign_stage, "closed")
        # idempotent: a second run creates nothing
        self.assertFalse(self.env["utm.campaign"]._cron_campaign_follow_up())
        self.assertEqual(len(self._follow_ups(due)), 3)
        # even when the flag is lost: the activity of that date exists
        due[0].follow_up_scheduled = False
        self.env["utm.campaign"]._cron_campaign_follow_up()
        self.assertEqual(len(self._follow_ups(due)), 3)
        # a new follow-up date schedules a new activity
        due[1].follow_up_date = self.today
        self.assertFalse(due[1].follow_up_scheduled)
        self.env["utm.campaign"]._cron_campaign_follow_up()
        self.assertEqual(len(self._follow_ups(due[1])), 2)

    def test_mc6_follow_up_is_batched(self):
        campaigns = self.env["utm.campaign"].create(
            [
                {
                    "name": f"Parti {i}",
                    "campaign_type": "direct_mail",
                    "follow_up_date": self.today,
                }
                for i in range(5)
            ]
        )
        first = self.env["utm.campaign"]._cron_campaign_follow_up(limit=2)
        self.assertEqual(len(first), 2)
        second = self.env["utm.campaign"]._cron_campaign_follow_up(limit=2)
        self.assertEqual(len(second), 2)
        self.assertFalse(first & second)
        self.env["utm.campaign"]._cron_campaign_follow_up(limit=2)
        self.assertEqual(len(self._follow_ups(campaigns)), 5)
        # the scheduled action is Odoo's cron calling the same method
        cron = self.env.ref("sales_marketing.ir_cron_campaign_follow_up")
        self.assertEqual(cron.code, "model._cron_campaign_follow_up()")

    def test_mc6_follow_up_batch_costs_a_fixed_number_of_queries(self):
        for count in (1, 3, 30):  # the first run warms the caches up
            self.env["utm.campaign"].create(
                [
                    {
                        "name": f"Frågor {count}-{i}",
                        "campaign_type": "direct_mail",
                        "follow_up_date": self.today,
                        "user_id": self.seller.id,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            if count == 1:
                self.env["utm.campaign"]._cron_campaign_follow_up()
                continue
            with self.assertQueryCount(25):
                done = self.env["utm.campaign"]._cron_campaign_follow_up()
                self.env.flush_all()
            self.assertEqual(len(done), count)

    def test_mc6_closed_and_cancelled_campaigns_refuse_new_targets(self):
        target = self._targets(partners=self.partners[:1])
        other = self.env["utm.campaign"].create(
            {"name": "Öppen", "campaign_type": "telemarketing"}
        )
        for stage in ("closed", "cancelled"):
            self.campaign.campaign_stage = stage
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                self._targets(partners=self.partners[1:2])
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                self.Target.with_context(default_campaign_id=self.campaign.id).create(
                    {"partner_id": self.partners[2].id}
                )
            # moving a target in or out, or to another partner
            other_target = self._targets(campaign=other, partners=self.partners[1:2])
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                other_target.campaign_id = self.campaign
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                target.partner_id = self.partners[2]
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                target.campaign_id = other
            self.assertEqual(self.campaign.target_ids, target)
            self.assertEqual(target.partner_id, self.partners[0])
            other_target.unlink()
            # the generation wizard too
            self.partners[1:]._set_relationship_stage("prospect", manual=True)
            wizard = self.env["sale.campaign.target.generate"].create(
                {
                    "campaign_id": self.campaign.id,
                    "relationship_stage": "prospect",
                    "partner_domain": repr([("id", "in", self.partners[1:].ids)]),
                }
            )
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                wizard.action_generate()
            self.assertEqual(self.campaign.target_ids, target)
        # reopened, it takes targets again
        self.campaign.campaign_stage = "in_process"
        self._targets(partners=self.partners[1:2])
        self.assertEqual(len(self.campaign.target_ids), 2)

    def test_mc6_closed_campaigns_contact_nobody(self):
        targets = self._targets()
        targets[:1]._schedule_call()
        self.assertEqual(len(self._calls(targets)), 1)
        self.campaign.campaign_stage = "closed"
        # the pending calls are gone
        self.assertFalse(self._calls(targets))
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self.campaign.action_contact_targets()
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            targets.action_schedule_call()
        for action in (
            targets[0].action_response_positive,
            targets[0].action_response_no_answer,
        ):
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                action()
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            targets[1].write({"contacted": True})
        self.assertFalse(any(targets.mapped("contacted")))
        self.assertEqual(set(targets.mapped("response")), {"none"})
        self.assertFalse(self._calls(targets))
        # a note is no contact
        targets[0].note = "Ring inte igen"
        # direct mail and e-mail campaigns alike
        for campaign_type in ("direct_mail", "email", "sms"):
            campaign = self.env["utm.campaign"].create(
                {"name": f"Stängd {campaign_type}", "campaign_type": campaign_type}
            )
            self.partners[0].mobile = "+46 70 123 45 67"
            mail_targets = self._targets(campaign=campaign, partners=self.partners[:1])
            campaign.campaign_stage = "cancelled"
            with self.assertRaisesRegex(UserError, "closed or cancelled"):
                campaign.action_contact_targets()
            if campaign_type == "direct_mail":
                with self.assertRaisesRegex(UserError, "closed or cancelled"):
                    mail_targets.action_print_labels()
            self.assertFalse(mail_targets.contacted)
            self.assertFalse(
                self.env["mailing.mailing"].search([("campaign_id", "=", campaign.id)])
            )

    def test_mc6_mailings_and_gateway_skip_ended_campaigns(self):
        campaign = self.env["utm.campaign"].create(
            {"name": "E-post senare stängd", "campaign_type": "email"}
        )
        self.partners.write({"email": "kund@example.com"})
        targets = self._targets(campaign=campaign)
        campaign.action_contact_targets()
        mailing = self.env["mailing.mailing"].search(
            [("campaign_id", "=", campaign.id)]
        )
        self.assertEqual(len(mailing._get_remaining_recipients()), 3)
        campaign.campaign_stage = "closed"
        self.assertFalse(mailing._get_remaining_recipients())
        # a reply or a bounce after the end changes nothing (and raises nothing)
        targets._record_mailing_event("reply")
        targets._record_mailing_event("sent")
        self.assertEqual(set(targets.mapped("response")), {"none"})
        self.assertFalse(any(targets.mapped("contacted")))

    def test_mc6_salesman_sees_own_targets_and_the_stage(self):
        targets = self._targets()
        targets[1].user_id = self.other_seller
        campaign = self.campaign.with_user(self.seller)
        self.assertEqual(campaign.campaign_stage, "in_process")
        visible = self.Target.with_user(self.seller).search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(visible, targets - targets[1])
        self.campaign.campaign_stage = "cancelled"
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self.Target.with_user(self.seller).create(
                {"campaign_id": self.campaign.id, "partner_id": self.customer.id}
            )
        self.assertEqual(len(self.campaign.target_ids), 3)

    # MC-7 ------------------------------------------------------------------
    def test_mc7_no_answer_schedules_callbacks_up_to_the_maximum(self):
        target = self._targets(partners=self.partners[:1])
        target._schedule_call()
        self.assertEqual(target.call_attempts, 0)
        for attempt in (1, 2):
            target.action_response_no_answer()
            self.assertEqual(target.call_attempts, attempt)
            self.assertEqual(target.response, "no_answer")
            call = self._calls(target)
            self.assertEqual(len(call), 1, "one callback planned")
            self.assertEqual(call.date_deadline, self.today + timedelta(days=3))
            self.assertEqual(call.user_id, self.seller)
        target.action_response_no_answer()
        self.assertEqual(target.call_attempts, 3)
        self.assertFalse(self._calls(target), "the maximum is reached")
        # Schedule Calls does not call it again either
        with self.assertRaisesRegex(UserError, "No call to schedule"):
            target.action_schedule_call()
        # the done calls are in the chatter as Odoo's activity feedback
        self.assertEqual(target.response, "no_answer")

    def test_mc7_a_callback_answered_counts_its_attempt(self):
        target = self._targets(partners=self.partners[:1])
        target._schedule_call()
        target.action_response_no_answer()
        # the callback is made from the activity widget: it counts, no new call
        self._calls(target).action_done()
        self.assertEqual(target.call_attempts, 2)
        self.assertFalse(self._calls(target))
        target.action_response_positive()
        self.assertEqual(target.call_attempts, 3)
        self.assertEqual(target.response, "positive")
        self.assertFalse(self._calls(target))

    def test_mc7_one_attempt_means_no_callback(self):
        self.campaign.callback_max_attempts = 1
        target = self._targets(partners=self.partners[:1])
        target.action_response_no_answer()
        self.assertEqual(target.call_attempts, 1)
        self.assertFalse(self._calls(target))

    def test_mc7_attempts_only_count_for_telemarketing(self):
        campaign = self.env["utm.campaign"].create(
            {"name": "Brev", "campaign_type": "direct_mail"}
        )
        target = self._targets(campaign=campaign, partners=self.partners[:1])
        target.action_response_no_answer()
        self.assertEqual(target.call_attempts, 0)
        self.assertFalse(self._calls(target))

    def test_mc7_bad_callback_settings_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.campaign.callback_delay_days = -1
        with self.assertRaisesRegex(ValidationError, "at least one call"):
            self.campaign.callback_max_attempts = 0
        self.assertEqual(
            (self.campaign.callback_delay_days, self.campaign.callback_max_attempts),
            (3, 3),
        )
        target = self._targets(partners=self.partners[:1])
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            target.call_attempts = -2
        self.assertEqual(target.call_attempts, 0)

    def test_mc7_salesman_logs_own_callbacks(self):
        target = self._targets(partners=self.partners[:1])
        mine = target.with_user(self.seller)
        mine._schedule_call()
        mine.action_response_no_answer()
        self.assertEqual(mine.call_attempts, 1)
        self.assertEqual(self._calls(target).user_id, self.seller)
        # another salesperson does not see the target
        self.assertFalse(
            self.Target.with_user(self.other_seller).search([("id", "=", target.id)])
        )


@tagged("post_install", "-at_install")
class TestCampaignCloseConcurrency(SalesMarketingCase):
    """MC-6 with two users at once: one closes the campaign while the other
    adds a target (two real transactions)."""

    def test_mc6_target_added_while_the_campaign_closes_is_refused(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            campaign = env["utm.campaign"].create(
                {"name": "Stängs nu", "campaign_type": "telemarketing"}
            )
            partner = env["res.partner"].create({"name": "Sent tillagd AB"})
            ids = {"campaign": campaign.id, "partner": partner.id}
        self.addCleanup(self._cleanup, ids)

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.env.uid, {})
        env2 = api.Environment(cr2, self.env.uid, {})
        # both take their snapshot while the campaign is in process
        env1["utm.campaign"].browse(ids["campaign"]).read(["campaign_stage"])
        env2["utm.campaign"].browse(ids["campaign"]).read(["campaign_stage"])
        env1["utm.campaign"].browse(ids["campaign"]).write({"campaign_stage": "closed"})
        env1.flush_all()

        outcome = {}

        def add_target():
            values = {"campaign_id": ids["campaign"], "partner_id": ids["partner"]}
            try:
                env2["sale.campaign.target"].create(values)
                env2.flush_all()
                outcome["first_try"] = "added"
            except psycopg2.errors.SerializationFailure:
                # what Odoo's request retry does: start again on fresh data
                cr2.rollback()
                env2.invalidate_all()
                try:
                    env2["sale.campaign.target"].create(values)
                    outcome["retry"] = "added"
                except UserError as error:
                    cr2.rollback()
                    outcome["retry"] = str(error)

        thread = threading.Thread(target=add_target)
        thread.start()
        time.sleep(0.5)
        self.assertTrue(thread.is_alive(), "the target waits for the closing")
        cr1.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("first_try", outcome)
        self.assertIn("closed or cancelled", outcome["retry"])
        cr2.rollback()
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            self.assertFalse(
                env["sale.campaign.target"].search(
                    [("campaign_id", "=", ids["campaign"])]
                )
            )

    def _cleanup(self, ids):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            campaign = env["utm.campaign"].browse(ids["campaign"])
            campaign.target_ids.unlink()
            campaign.unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
