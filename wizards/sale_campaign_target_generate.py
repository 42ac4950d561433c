# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from ast import literal_eval

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..models.res_partner_lifecycle import RELATIONSHIP_STAGES


class SaleCampaignTargetGenerate(models.TransientModel):
    """MC-2: targets generated from a domain over the partners in a stage."""

    _name = "sale.campaign.target.generate"
    _description = "Generate Campaign Targets"

    # === FIELDS ===

    campaign_id = fields.Many2one(
        comodel_name="utm.campaign",
        required=True,
        ondelete="cascade",
    )
    relationship_stage = fields.Selection(
        selection=[stage for stage in RELATIONSHIP_STAGES if stage[0] != "party"],
        string="Partners in Stage",
        required=True,
        default="prospect",
    )
    partner_domain = fields.Char(
        string="Filter",
        default="[('parent_id', '=', False)]",
        help="Which partners of the stage to target (by default the companies "
        "and individuals, not their contacts).",
    )
    opt_in = fields.Boolean(
        string="Opted In",
        default=True,
        help="Mark the new targets as opted in (e-mail addresses on the "
        "blocklist never are).",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        help="Leave empty to give each target its partner's salesperson (or the "
        "campaign's responsible).",
    )
    new_target_count = fields.Integer(
        string="New Targets",
        compute="_compute_new_target_count",
        help="Partners of the stage matching the filter and not targeted yet.",
    )

    # === COMPUTE METHODS ===

    @api.depends("campaign_id", "relationship_stage", "partner_domain")
    def _compute_new_target_count(self):
        for wizard in self:
            if not wizard.relationship_stage:
                wizard.new_target_count = 0
                continue
            wizard.new_target_count = self.env["res.partner"].search_count(
                wizard._get_partner_domain()
            )

    # === ACTION METHODS ===

    def action_generate(self):
        self.ensure_one()
        partners = self.env["res.partner"].search(self._get_partner_domain())
        if not partners:
            raise UserError(
                self.env._(
                    "No new partner matches the filter for campaign %(campaign)s.",
                    campaign=self.campaign_id.display_name,
                )
            )
        self.env["sale.campaign.target"].with_context(
            mail_create_nolog=True,
            mail_auto_subscribe_no_notify=True,
        ).create([self._prepare_target_vals(partner) for partner in partners])
        return self.campaign_id.action_view_targets()

    # === BUSINESS METHODS ===

    def _get_partner_domain(self):
        self.ensure_one()
        try:
            domain = literal_eval(self.partner_domain or "[]")
        except (SyntaxError, ValueError) as error:
            raise UserError(
                self.env._(
                    "The filter of the target generation is not a valid domain: "
                    "%(error)s.",
                    error=error,
                )
            ) from error
        # sudo: partners already targeted by another salesperson count too
        targeted = (
            self.env["sale.campaign.target"]
            .sudo()
            .search_fetch([("campaign_id", "=", self.campaign_id.id)], ["partner_id"])
            .partner_id.ids
        )
        return expression.AND(
            [
                domain,
                [
                    ("relationship_stage", "=", self.relationship_stage),
                    ("id", "not in", targeted),
                ],
                self._get_company_domain(),
            ]
        )

    def _get_company_domain(self):
        company = self.campaign_id.company_id
        if not company:
            return []
        return [("company_id", "in", [False, company.id])]

    def _prepare_target_vals(self, partner):
        vals = {"campaign_id": self.campaign_id.id, "partner_id": partner.id}
        if not self.opt_in:
            vals["opt_in"] = False
        if self.user_id:
            vals["user_id"] = self.user_id.id
        return vals
