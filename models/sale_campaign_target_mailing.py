# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-3 and MC-10: campaign targets as recipients of Odoo's mass mailings,
e-mail (Email Marketing) and SMS (SMS Marketing, ``mass_mailing_sms``)."""

from odoo import api
from odoo import fields
from odoo import models


class SaleCampaignTarget(models.Model):
    _inherit = "sale.campaign.target"

    # === FIELDS ===

    mobile = fields.Char(related="partner_id.mobile")

    # === COMPUTE METHODS ===

    def _compute_opt_in(self):
        result = super()._compute_opt_in()
        for target in self.filtered(lambda t: t.campaign_id.campaign_type == "sms"):
            # MC-10: an SMS needs a mobile number, and one off the blocklist
            partner = target.partner_id
            target.opt_in = bool(partner.mobile) and not (
                partner.phone_sanitized_blacklisted
            )
        return result

    # === BUSINESS METHODS ===

    def _record_mailing_event(self, event):
        """MC-3 e-mail: a sent e-mail (or SMS) contacts the target, a reply is
        a positive response, a bounce means no answer. A response already
        logged (by hand or earlier) is kept."""
        if event == "sent":
            self.filtered(lambda t: not t.contacted).write({"contacted": True})
            return
        response = {"reply": "positive", "bounce": "no_answer"}[event]
        undecided = self.filtered(lambda t: t.response == "none")
        undecided.write({"response": response, "contacted": True})

    @api.model
    def _get_mailing_recipient_domain(self, campaign, mailing_type="mail"):
        """MC-2/MC-3/MC-10: the targets a mass mailing may reach: the opted-in
        ones (of ``campaign``, when there is one); an SMS only those with a
        mobile number (Odoo's SMS composer skips blocklisted numbers)."""
        domain = [("opt_in", "=", True)]
        if campaign:
            domain.append(("campaign_id", "=", campaign.id))
        if mailing_type == "sms":
            domain.append(("mobile", "!=", False))
        return domain

    # === HOOKS ===

    @api.model
    def _mailing_get_default_domain(self, mailing):
        return self._get_mailing_recipient_domain(
            mailing.campaign_id, mailing.mailing_type
        )

    @api.model
    def _phone_get_number_fields(self):
        """MC-10: campaign SMS go to the partner's mobile number."""
        return ["mobile"]
