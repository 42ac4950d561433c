# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

RESPONSES = [
    ("none", "No response"),
    ("positive", "Positive"),
    ("negative", "Negative"),
    ("no_answer", "No answer"),
]

MEDIUM_BY_CAMPAIGN_TYPE = {
    "telemarketing": "utm.utm_medium_phone",
    "direct_mail": "utm.utm_medium_direct",
    "email": "utm.utm_medium_email",
    "sms": "mass_mailing_sms.utm_medium_sms",
}

# MC-2: what makes a target unique (a partner once per campaign)
TargetKey = namedtuple("TargetKey", ["campaign_id", "partner_id"])


class SaleCampaignTarget(models.Model):
    """MC-2: a partner a campaign addresses, with its consent and response."""

    _name = "sale.campaign.target"
    _description = "Campaign Target"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _mailing_enabled = True
    _order = "campaign_id desc, id"
    _check_company_auto = True
    _sql_constraints = [
        (
            "campaign_partner_uniq",
            "UNIQUE(campaign_id, partner_id)",
            "A partner can only be targeted once per campaign.",
        ),
    ]

    # === FIELDS ===

    campaign_id = fields.Many2one(
        comodel_name="utm.campaign",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    campaign_type = fields.Selection(
        related="campaign_id.campaign_type",
        store=True,
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    relationship_stage = fields.Selection(related="partner_id.relationship_stage")
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Lead/Opportunity",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
        tracking=True,
        help="The lead or opportunity this target belongs to; Start Sales "
        "Process creates (or converts) it.",
    )
    lead_type = fields.Selection(related="lead_id.type", string="Lead Type")
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Quotation",
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
        help="The quotation Start Sales Process created for this target.",
    )
    opt_in = fields.Boolean(
        string="Opted In",
        compute="_compute_opt_in",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The party agreed to be contacted. Only opted-in targets are "
        "called, mailed or printed.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who calls the target and follows up its response.",
    )
    response = fields.Selection(
        selection=RESPONSES,
        required=True,
        default="none",
        index=True,
        tracking=True,
    )
    response_date = fields.Date(
        compute="_compute_response_date",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Text()
    contacted = fields.Boolean(
        copy=False,
        help="The target was called, mailed or sent a letter.",
    )
    contact_date = fields.Date(
        string="Contacted On",
        compute="_compute_contact_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    sales_process_started = fields.Boolean(
        compute="_compute_sales_process_started",
        help="An opportunity or a quotation exists for this target.",
    )

    # === COMPUTE METHODS ===

    @api.depends("partner_id", "campaign_id.campaign_type")
    def _compute_opt_in(self):
        for target in self:
            # an e-mail address on the blocklist has opted out of e-mails
            target.opt_in = not (
                target.campaign_id.campaign_type == "email"
                and target.partner_id.is_blacklisted
            )

    @api.depends("partner_id", "campaign_id")
    def _compute_user_id(self):
        for target in self:
            target.user_id = (
                target.partner_id.commercial_partner_id.user_id
                or target.partner_id.user_id
                or target.campaign_id.user_id
            )

    @api.depends("response")
    def _compute_response_date(self):
        today = fields.Date.context_today(self)
        for target in self:
            if target.response == "none":
                target.response_date = False
            elif not target.response_date:
                target.response_date = today

    @api.depends("contacted")
    def _compute_contact_date(self):
        today = fields.Date.context_today(self)
        for target in self:
            if not target.contacted:
                target.contact_date = False
            elif not target.contact_date:
                target.contact_date = today

    @api.depends("lead_id.type", "order_id")
    def _compute_sales_process_started(self):
        for target in self:
            target.sales_process_started = bool(
                target.order_id or target.lead_id.type == "opportunity"
            )

    @api.depends("campaign_id", "partner_id")
    def _compute_display_name(self):
        for target in self:
            target.display_name = self.env._(
                "%(campaign)s: %(partner)s",
                campaign=target.campaign_id.display_name or "",
                partner=target.partner_id.display_name or "",
            )

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        self._check_unique_partner(
            [
                TargetKey(
                    vals.get("campaign_id", context.get("default_campaign_id")),
                    vals.get("partner_id", context.get("default_partner_id")),
                )
                for vals in vals_list
            ]
        )
        targets = super().create(vals_list)
        targets._advance_partners_to_prospect()
        return targets

    def write(self, vals):
        if "campaign_id" in vals or "partner_id" in vals:
            self._check_unique_partner(
                [
                    TargetKey(
                        vals.get("campaign_id", target.campaign_id.id),
                        vals.get("partner_id", target.partner_id.id),
                    )
                    for target in self
                ],
                exclude=self,
            )
        result = super().write(vals)
        if "partner_id" in vals or "campaign_id" in vals:
            self._advance_partners_to_prospect()
        return result

    # === ACTION METHODS ===

    def action_response_positive(self):
        return self._log_response("positive")

    def action_response_negative(self):
        return self._log_response("negative")

    def action_response_no_answer(self):
        return self._log_response("no_answer")

    def action_schedule_call(self):
        activities = self._filter_contactable()._schedule_call()
        if not activities:
            raise UserError(
                self.env._(
                    "No call to schedule: the selected targets are not opted in, "
                    "already answered or already have a call planned."
                )
            )
        return True

    def action_print_letters(self):
        """MC-3 direct mail: letters to the opted-in targets, who count as
        contacted from now on."""
        targets = self._get_printable_targets()
        targets.filtered(lambda t: not t.contacted).write({"contacted": True})
        return self.env.ref(
            "sales_marketing.action_report_campaign_letter"
        ).report_action(targets)

    def action_print_labels(self):
        """MC-3 direct mail: address labels of the opted-in targets."""
        targets = self._get_printable_targets()
        return self.env.ref(
            "sales_marketing.action_report_campaign_label"
        ).report_action(targets)

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # === BUSINESS METHODS ===

    def _check_unique_partner(self, keys, exclude=None):
        """MC-2: a partner appears once per campaign (``keys``: the
        ``TargetKey`` of each target to write). Checked before writing so that
        the error names the partner and the campaign (the SQL constraint stays
        as the guard against concurrent inserts)."""
        seen = set()
        for key in keys:
            if key in seen:
                self._raise_duplicate_target(key)
            seen.add(key)
        domain = [
            ("campaign_id", "in", list({key.campaign_id for key in keys})),
            ("partner_id", "in", list({key.partner_id for key in keys})),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        # sudo: the duplicate may belong to another salesperson's targets
        existing = self.sudo().search_fetch(domain, ["campaign_id", "partner_id"])
        for target in existing:
            key = TargetKey(target.campaign_id.id, target.partner_id.id)
            if key in seen:
                self._raise_duplicate_target(key)

    def _raise_duplicate_target(self, key):
        raise ValidationError(
            self.env._(
                "%(partner)s is already a target of campaign %(campaign)s: a "
                "partner appears once per campaign.",
                partner=self.env["res.partner"].browse(key.partner_id).display_name,
                campaign=self.env["utm.campaign"].browse(key.campaign_id).display_name,
            )
        )

    def _advance_partners_to_prospect(self):
        """RL-2: a partner targeted by a campaign becomes a prospect."""
        sources = {
            target.partner_id.commercial_partner_id.id: target.campaign_id
            for target in self
        }
        self.partner_id._advance_relationship_stage("prospect", sources=sources)

    def _filter_contactable(self):
        """MC-2/MC-3: only opted-in targets are ever contacted."""
        return self.filtered(lambda t: t.opt_in and t.partner_id.active)

    def _get_printable_targets(self):
        targets = self._filter_contactable()
        if not targets:
            raise UserError(
                self.env._(
                    "None of the selected targets is opted in: nothing to print."
                )
            )
        return targets

    def _schedule_call(self):
        """MC-3 telemarketing: one call activity per opted-in target for its
        responsible; targets that answered or already have a call planned
        are skipped. Returns the new activities."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        targets = (
            self._filter_contactable()
            .filtered(lambda t: call_type not in t.activity_ids.activity_type_id)
            ._filter_to_call()
        )
        activities = self.env["mail.activity"]
        for user, user_targets in targets.grouped("user_id").items():
            activities |= user_targets._schedule_call_activity(
                user, self._get_call_deadline(user_targets.campaign_id)
            )
        return activities

    def _schedule_call_activity(self, user, deadline):
        return self.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=deadline,
            summary=self.env._("Campaign call"),
            user_id=user.id or self.env.uid,
        )

    def _filter_to_call(self):
        """Hook: the targets a new call is scheduled for (those without any
        response yet)."""
        return self.filtered(lambda t: t.response == "none")

    def _record_call_done(self):
        """Hook: a campaign call of these targets was marked done (from the
        activity widget or with a response): they count as contacted."""
        self.filtered(lambda t: not t.contacted).write({"contacted": True})

    @api.model
    def _get_call_deadline(self, campaigns):
        today = fields.Date.context_today(self)
        starts = [d for d in campaigns.mapped("date_start") if d and d > today]
        return min(starts) if starts else today

    def _log_response(self, response):
        """Record the outcome of contacting the targets and close their
        pending call activities with it."""
        self.write({"response": response, "contacted": True})
        call_type = self.env.ref("mail.mail_activity_data_call")
        calls = self.activity_ids.filtered(lambda a: a.activity_type_id == call_type)
        if calls:
            label = dict(self._fields["response"]._description_selection(self.env))[
                response
            ]
            calls.action_feedback(feedback=label)
        return True

    def _get_medium(self):
        """The UTM medium of the campaign type (a call, a letter, an e-mail)."""
        self.ensure_one()
        xmlid = MEDIUM_BY_CAMPAIGN_TYPE.get(self.campaign_type)
        medium = xmlid and self.env.ref(xmlid, raise_if_not_found=False)
        return medium or self.env["utm.medium"]
