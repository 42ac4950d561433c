# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-7: telemarketing callbacks (D365 call list): after a *No answer* the
target is called again after the campaign's callback delay, up to its maximum
call attempts."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    # === FIELDS ===

    callback_delay_days = fields.Integer(
        string="Callback Delay (Days)",
        default=2,
        help="After a No answer, the next call is planned this many days later.",
    )
    callback_max_attempts = fields.Integer(
        string="Maximum Call Attempts",
        default=3,
        help="Calls per target, the first one included; after as many No "
        "answers no call is planned any more.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("callback_delay_days", "callback_max_attempts")
    def _check_callback_settings(self):
        for campaign in self:
            if campaign.callback_delay_days < 0:
                raise ValidationError(
                    self.env._(
                        "The callback delay of campaign %(campaign)s cannot be "
                        "negative.",
                        campaign=campaign.display_name,
                    )
                )
            if campaign.callback_max_attempts < 1:
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s needs at least one call attempt "
                        "per target.",
                        campaign=campaign.display_name,
                    )
                )
