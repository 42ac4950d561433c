# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestCampaignSms(SalesMarketingCase):
    """MC-10: SMS campaigns through Odoo's SMS Marketing and its SMS queue
    (test mode: Odoo's IAP gateway refuses to leave the machine)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="sm_sms_marketer",
            groups="sales_team.group_sale_salesman,mass_mailing.group_mass_mailing_user",
        )
        cls.seller = new_test_user(
            cls.env, login="sm_sms_seller", groups="sales_team.group_sale_salesman"
        )
        sweden = cls.env.ref("base.se")
        cls.env["phone.blacklist"].sudo().add("+46702222222")
        cls.campaign = cls.env["utm.campaign"].create(
            {
                "name": "SMS-kampanj",
                "campaign_type": "sms",
                "user_id": cls.marketer.id,
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {
                    "name": "Mobil AB",
                    "mobile": "+46701111111",
                    "country_id": sweden.id,
                },
                {
                    "name": "Spärrad AB",
                    "mobile": "+46702222222",
                    "country_id": sweden.id,
                },
                {
                    "name": "Fast telefon AB",
                    "phone": "+46 8 333 33 33",
                    "country_id": sweden.id,
                },
                {
                    "name": "Avböjt AB",
                    "mobile": "+46704444444",
                    "country_id": sweden.id,
                },
            ]
        )

    def _targets(self):
        return self.env["sale.campaign.target"].create(
            [
                {"campaign_id": self.campaign.id, "partner_id": p.id}
                for p in self.partners
            ]
        )

    def test_mc10_opt_in_needs_a_mobile_number_off_the_blocklist(self):
        targets = self._targets()
        self.assertEqual(targets.mapped("opt_in"), [True, False, False, True])
        targets[3].opt_in = False  # declined
        self.assertEqual(
            self.env.ref("mass_mailing_sms.utm_medium_sms"), targets[0]._get_medium()
        )

    def test_mc10_sms_through_the_sms_queue_blocklist_respected(self):
        targets = self._targets()
        targets[3].opt_in = False
        # opted in by hand, but the number goes on the blocklist afterwards
        targets[1].opt_in = True
        campaign = self.campaign.with_user(self.marketer)
        action = campaign.action_contact_targets()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(mailing.mailing_type, "sms")
        self.assertEqual(mailing.campaign_id, self.campaign)
        self.assertIn("SMS-kampanj", mailing.body_plaintext)
        self.assertEqual(
            mailing.medium_id, self.env.ref("mass_mailing_sms.utm_medium_sms")
        )
        # the same draft mailing the next time
        self.assertEqual(campaign.action_contact_targets()["res_id"], mailing.id)
        # whatever the marketer does to the filter: opted in, with a mobile
        mailing.mailing_domain = "[]"
        self.assertEqual(
            sorted(mailing._get_remaining_recipients()),
            sorted((targets[0] | targets[1]).ids),
        )
        mailing.with_user(self.marketer).action_send_sms()
        sms = self.env["sms.sms"].sudo().search([("mailing_id", "=", mailing.id)])
        by_number = {s.number: s for s in sms}
        self.assertEqual(set(by_number), {"+46701111111", "+46702222222"})
        self.assertEqual(by_number["+46701111111"].state, "outgoing")
        # the blocklisted number is cancelled by Odoo's SMS composer
        self.assertEqual(by_number["+46702222222"].state, "canceled")
        self.assertEqual(by_number["+46702222222"].failure_type, "sms_blacklist")
        traces = mailing.mailing_trace_ids
        self.assertEqual(
            set(traces.mapped("res_id")), set((targets[0] | targets[1]).ids)
        )
        self.assertFalse(any(targets.mapped("contacted")), "queued, not sent")
        # the queue in test mode: Odoo's IAP call is refused, nothing leaves
        self.env["sms.sms"].sudo()._process_queue()
        queued = by_number["+46701111111"]
        self.assertEqual(queued.state, "error")
        self.assertEqual(queued.failure_type, "sms_server")
        self.assertFalse(targets[0].contacted)
        # what Odoo does when the operator reports the SMS delivered
        queued.sms_tracker_id._action_update_from_sms_state("sent")
        self.assertEqual(
            traces.filtered(lambda t: t.res_id == targets[0].id).trace_status, "sent"
        )
        self.assertTrue(targets[0].contacted)
        self.assertFalse((targets[1:]).filtered("contacted"))

    def test_mc10_salesman_without_marketing_rights_prepares_no_sms(self):
        self._targets()
        view = self.env.ref("sales_marketing.utm_campaign_view_form")
        self.assertIn('string="Prepare SMS"', view.arch_db)
        self.assertIn("mass_mailing.group_mass_mailing_user", view.arch_db)
        arch = (
            self.env["utm.campaign"]
            .with_user(self.seller)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("Prepare SMS", arch)
