# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # === BUSINESS METHODS ===

    def _action_done(self, feedback=False, attachment_ids=None):
        """MC-3 telemarketing: marking a campaign call as done (from the
        activity widget as well) counts the target as contacted."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        target_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "sale.campaign.target"
            and activity.activity_type_id == call_type
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if target_ids:
            # sudo: the assignee may mark its activity done without access to
            # the target (as Odoo allows for activities)
            targets = self.env["sale.campaign.target"].sudo().browse(target_ids)
            targets.exists()._record_call_done()
        return result
