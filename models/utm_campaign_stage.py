# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-6: the campaign stage (D365 *In process / Response / Follow-up / Closed /
Canceled*) and its follow-up date, with the scheduled action that gives the
campaign's responsible a follow-up activity when the date is reached."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .utils import lock_rows
from .utm_campaign_marketing import CAMPAIGN_STAGES
from .utm_campaign_marketing import ENDED_STAGES


class UtmCampaign(models.Model):
    _name = "utm.campaign"
    _inherit = ["utm.campaign", "mail.thread", "mail.activity.mixin"]

    # === FIELDS ===

    campaign_stage = fields.Selection(
        selection=CAMPAIGN_STAGES,
        required=True,
        default="in_process",
        index=True,
        tracking=True,
        copy=False,
        help="Where the campaign stands. Closed and cancelled campaigns take no "
        "new targets and contact nobody.",
    )
    follow_up_date = fields.Date(
        string="Follow-up Date",
        tracking=True,
        copy=False,
        help="When it is reached, the campaign's responsible gets a follow-up "
        "activity and the campaign moves to the Follow-up stage.",
    )
    follow_up_scheduled = fields.Boolean(
        string="Follow-up Scheduled",
        compute="_compute_follow_up_scheduled",
        store=True,
        copy=False,
        help="The follow-up activity of the current follow-up date exists (a new "
        "date schedules a new one).",
    )

    # === COMPUTE METHODS ===

    @api.depends("follow_up_date")
    def _compute_follow_up_scheduled(self):
        # a new (or removed) follow-up date waits for its own activity
        self.follow_up_scheduled = False

    # === CRUD METHODS ===

    def write(self, vals):
        result = super().write(vals)
        if vals.get("campaign_stage") in ENDED_STAGES:
            self._cancel_pending_calls()
        return result

    # === ACTION METHODS ===

    def action_set_campaign_stage(self):
        """Buttons of the stage bar: ``campaign_stage`` in the context."""
        stage = self.env.context.get("campaign_stage")
        if stage not in dict(CAMPAIGN_STAGES):
            raise UserError(self.env._("Choose a campaign stage."))
        self.write({"campaign_stage": stage})
        return True

    # === BUSINESS METHODS ===

    def _check_not_ended(self, what=None, serialize=False):
        """Refuse ``what`` (a new target, a contact) on closed or cancelled
        campaigns, naming them. ``serialize``: the campaigns' rows are
        touched first, so that a user closing one of them at the same time
        and this transaction never both commit — the later one is retried by
        Odoo on fresh data (a target is never added to a campaign closed
        beside it)."""
        if serialize and self:
            lock_rows(self.sudo(), serialize=True)
            self.invalidate_recordset(["campaign_stage"])
        ended = self.filtered(lambda c: c.campaign_stage in ENDED_STAGES)
        if ended:
            raise UserError(
                self.env._(
                    "Campaign %(campaigns)s is closed or cancelled: %(what)s. "
                    "Reopen it (stage In process) first.",
                    campaigns=", ".join(ended.mapped("display_name")),
                    what=what or self.env._("it takes no new targets or contacts"),
                )
            )

    def _get_or_create_mailing(self):
        self._check_not_ended(
            self.env["sale.campaign.target"]._get_ended_message_contacts()
        )
        return super()._get_or_create_mailing()

    def _cancel_pending_calls(self):
        """A closed or cancelled campaign calls nobody any more: the pending
        calls of its targets are removed."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        # sudo: the calls belong to every salesperson of the campaign
        calls = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "sale.campaign.target"),
                    ("res_id", "in", self.sudo().target_ids.ids),
                    ("activity_type_id", "=", call_type.id),
                ]
            )
        )
        calls.unlink()

    @api.model
    def _follow_up_due_domain(self, date):
        return [
            ("follow_up_date", "<=", date),
            ("follow_up_scheduled", "=", False),
            ("campaign_stage", "not in", ENDED_STAGES),
        ]

    @api.model
    def _cron_campaign_follow_up(self, limit=None):
        """MC-6 scheduled action: each campaign whose follow-up date is
        reached gets one follow-up activity for its responsible and moves to
        the Follow-up stage. Idempotent (a campaign is done once per follow-up
        date, whatever the runs) and batched: at most ``limit`` campaigns a
        run (``sales_marketing.campaign_follow_up_batch_size``, 200), rows a
        concurrent run holds skipped; the progress goes to Odoo's cron
        runner, which commits the batch and runs the job again at once while
        some remain. Returns the campaigns done."""
        if limit is None:
            limit = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("sales_marketing.campaign_follow_up_batch_size", 200)
            )
        domain = self._follow_up_due_domain(fields.Date.context_today(self))
        campaigns = self.search(domain, order="follow_up_date, id", limit=limit)
        campaigns = lock_rows(campaigns, skip_locked=True)
        campaigns._schedule_follow_up()
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(campaigns), remaining=remaining)
        return campaigns

    def _schedule_follow_up(self):
        """One follow-up activity per campaign for its responsible (none when
        one of the same follow-up date exists), the stage moved to
        Follow-up, the date marked as done."""
        activity_type = self.env.ref(
            "sales_marketing.mail_activity_type_campaign_follow_up"
        )
        existing = self.env["mail.activity"].search_fetch(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id", "date_deadline"],
        )
        done_keys = {(activity.res_id, activity.date_deadline) for activity in existing}
        to_schedule = self.filtered(lambda c: (c.id, c.follow_up_date) not in done_keys)
        # the owner finds it in their activities: no assignment e-mail per
        # campaign (mail_activity_quick_update), the batch stays cheap
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                campaign._prepare_follow_up_activity_vals(activity_type)
                for campaign in to_schedule
            ]
        )
        to_stage = self.filtered(
            lambda c: c.campaign_stage in ("in_process", "response")
        )
        to_stage.write({"campaign_stage": "follow_up"})
        self.write({"follow_up_scheduled": True})

    def _prepare_follow_up_activity_vals(self, activity_type):
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "date_deadline": self.follow_up_date,
            "summary": self.env._(
                "Follow up campaign %(campaign)s", campaign=self.display_name
            ),
            "user_id": self.user_id.id,
        }
