# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-10: SMS campaigns through Odoo's SMS Marketing (``mass_mailing_sms``):
the campaign prepares an SMS mailing to its opted-in targets with a mobile
number; sending goes through Odoo's SMS queue."""

from odoo import models


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    # === BUSINESS METHODS ===

    def _contact_targets_sms(self, targets):
        return self._contact_targets_email(targets)

    def _get_mailing_type(self):
        if self.campaign_type == "sms":
            return "sms"
        return super()._get_mailing_type()

    def _prepare_mailing_vals(self, mailing_model):
        vals = super()._prepare_mailing_vals(mailing_model)
        if self.campaign_type == "sms":
            vals["body_plaintext"] = self.env._(
                "%(campaign)s: call us to hear more.", campaign=self.title
            )
            for html_field in ("body_arch", "body_html"):
                vals.pop(html_field, None)
        return vals
