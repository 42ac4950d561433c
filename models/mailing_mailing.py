# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.osv import expression


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_recipients_domain(self):
        """MC-2/MC-3: whatever the marketer does to the domain, a mailing to
        campaign targets only reaches opted-in targets."""
        domain = super()._get_recipients_domain()
        if self.mailing_model_real == "sale.campaign.target":
            domain = expression.AND([domain, [("opt_in", "=", True)]])
        return domain
