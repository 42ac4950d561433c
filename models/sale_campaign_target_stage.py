# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-6: closed and cancelled campaigns take no new targets and contact
nobody, on every write path (forms, imports, XML-RPC, the mail gateway)."""

from odoo import api
from odoo import models
from odoo.osv import expression

from .utm_campaign_marketing import ENDED_STAGES

# the target fields that record a contact (a call, a letter, a response)
CONTACT_FIELDS = {"contacted", "response"}


class SaleCampaignTarget(models.Model):
    _inherit = "sale.campaign.target"

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        default_campaign = self.env.context.get("default_campaign_id")
        campaign_ids = {vals.get("campaign_id", default_campaign) for vals in vals_list}
        self.env["utm.campaign"].browse(
            [campaign_id for campaign_id in campaign_ids if campaign_id]
        )._check_not_ended(self._get_ended_message_new_targets(), serialize=True)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("campaign_id"):
            self.env["utm.campaign"].browse(vals["campaign_id"])._check_not_ended(
                self._get_ended_message_new_targets(), serialize=True
            )
        if "campaign_id" in vals or "partner_id" in vals:
            self.campaign_id._check_not_ended(
                self._get_ended_message_new_targets(), serialize=True
            )
        if CONTACT_FIELDS & set(vals):
            self.campaign_id._check_not_ended(self._get_ended_message_contacts())
        return super().write(vals)

    # === BUSINESS METHODS ===

    def _get_ended_message_new_targets(self):
        return self.env._("it takes no new targets")

    def _get_ended_message_contacts(self):
        return self.env._("nobody is contacted any more")

    def _schedule_call(self):
        self.campaign_id._check_not_ended(self._get_ended_message_contacts())
        return super()._schedule_call()

    def _get_printable_targets(self):
        self.campaign_id._check_not_ended(self._get_ended_message_contacts())
        return super()._get_printable_targets()

    def _record_call_done(self):
        # a call done after the campaign ended changes nothing any more
        return super(SaleCampaignTarget, self._filter_open())._record_call_done()

    def _record_mailing_event(self, event):
        # replies and bounces arriving after the campaign ended are not counted
        return super(SaleCampaignTarget, self._filter_open())._record_mailing_event(
            event
        )

    def _filter_open(self):
        return self.filtered(lambda t: t.campaign_id.campaign_stage not in ENDED_STAGES)

    @api.model
    def _get_mailing_recipient_domain(self, campaign, mailing_type="mail"):
        """A mass mailing never reaches the targets of a closed or cancelled
        campaign (sent later, or by another campaign's mailing)."""
        return expression.AND(
            [
                super()._get_mailing_recipient_domain(campaign, mailing_type),
                [("campaign_id.campaign_stage", "not in", ENDED_STAGES)],
            ]
        )
