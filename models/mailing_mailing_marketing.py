# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.osv import expression


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    # === BUSINESS METHODS ===

    def _get_recipients_domain(self):
        """MC-2/MC-3: whatever the marketer does to the domain, a mailing to
        campaign targets only reaches the opted-in targets (of its campaign,
        when it has one; with a mobile number for an SMS)."""
        domain = super()._get_recipients_domain()
        if self.mailing_model_real == "sale.campaign.target":
            targets = self.env["sale.campaign.target"]
            domain = expression.AND(
                [
                    domain,
                    targets._get_mailing_recipient_domain(
                        self.campaign_id, self.mailing_type
                    ),
                ]
            )
        return domain
