# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    # === BUSINESS METHODS ===

    def write(self, vals):
        result = super().write(vals)
        if vals.get("trace_status") in ("pending", "sent"):
            # MC-10: an SMS handed to the operator (Odoo's SMS queue updates
            # the traces of mass SMS through their tracker, not set_sent)
            self.filtered(
                lambda t: t.trace_type == "sms"
            )._record_campaign_target_event("sent")
        return result

    def set_sent(self, domain=None):
        traces = super().set_sent(domain=domain)
        traces._record_campaign_target_event("sent")
        return traces

    def set_replied(self, domain=None):
        traces = super().set_replied(domain=domain)
        traces._record_campaign_target_event("reply")
        return traces

    def set_bounced(self, domain=None, bounce_message=False):
        traces = super().set_bounced(domain=domain, bounce_message=bounce_message)
        traces._record_campaign_target_event("bounce")
        return traces

    def _record_campaign_target_event(self, event):
        """MC-3: report what happened to an e-mail to the campaign targets it
        was sent to (sent → contacted, reply → response, bounce → no answer)."""
        target_ids = [
            trace.res_id for trace in self if trace.model == "sale.campaign.target"
        ]
        if not target_ids:
            return
        # sudo: the gateway processes replies and bounces as whoever runs it
        targets = self.env["sale.campaign.target"].sudo().browse(target_ids).exists()
        targets._record_mailing_event(event)
