# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-7: call attempts per target and the callback a *No answer* schedules."""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class SaleCampaignTarget(models.Model):
    _inherit = "sale.campaign.target"

    # === FIELDS ===

    call_attempts = fields.Integer(
        default=0,
        copy=False,
        tracking=True,
        help="Calls made to this target (each logged response or call done).",
    )
    callback_max_attempts = fields.Integer(
        related="campaign_id.callback_max_attempts",
        string="Maximum Call Attempts",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("call_attempts")
    def _check_call_attempts(self):
        for target in self:
            if target.call_attempts < 0:
                raise ValidationError(
                    self.env._(
                        "The call attempts of %(target)s cannot be negative.",
                        target=target.display_name,
                    )
                )

    # === BUSINESS METHODS ===

    def _log_response(self, response):
        # the calls closed with the response are the attempt counted here
        result = super(
            SaleCampaignTarget, self.with_context(sm_campaign_call_counted=True)
        )._log_response(response)
        calls = self.filtered(lambda t: t.campaign_type == "telemarketing")
        calls._count_call_attempt()
        if response == "no_answer":
            calls._schedule_callback()
        return result

    def _record_call_done(self):
        result = super()._record_call_done()
        if not self.env.context.get("sm_campaign_call_counted"):
            # a call done after the campaign ended counts no more
            self._filter_open().filtered(
                lambda t: t.campaign_type == "telemarketing"
            )._count_call_attempt()
        return result

    def _count_call_attempt(self):
        for attempts, targets in self.grouped("call_attempts").items():
            targets.write({"call_attempts": attempts + 1})

    def _filter_to_call(self):
        """A *No answer* is called again while attempts remain."""
        return super()._filter_to_call() | self._filter_callback_due()

    def _filter_callback_due(self):
        return self.filtered(
            lambda t: (
                t.response == "no_answer"
                and t.call_attempts < t.campaign_id.callback_max_attempts
            )
        )

    def _schedule_callback(self):
        """The next call of the targets with attempts left, after the
        campaign's callback delay, for their responsible. Returns the new
        activities."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        targets = (
            self._filter_contactable()
            ._filter_callback_due()
            .filtered(lambda t: call_type not in t.activity_ids.activity_type_id)
        )
        today = fields.Date.context_today(self)
        activities = self.env["mail.activity"]
        for (user, campaign), group in targets.grouped(
            lambda t: (t.user_id, t.campaign_id)
        ).items():
            deadline = today + timedelta(days=campaign.callback_delay_days)
            activities |= group._schedule_call_activity(user, deadline)
        return activities
