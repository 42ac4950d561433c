# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models

from .res_partner_lifecycle import RELATIONSHIP_STAGES


class ResPartnerStageHistory(models.Model):
    """RL-3: one row per change of a commercial partner's relationship stage."""

    _name = "res.partner.stage.history"
    _description = "Relationship Stage Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    # === FIELDS ===

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="partner_id.company_id",
        store=True,
        index=True,
    )
    stage_from = fields.Selection(
        selection=RELATIONSHIP_STAGES,
        string="From Stage",
        required=True,
    )
    stage_to = fields.Selection(
        selection=RELATIONSHIP_STAGES,
        string="To Stage",
        required=True,
        index=True,
    )
    date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
        index=True,
    )
    source_ref = fields.Reference(
        selection="_selection_source_ref",
        string="Source Document",
        help="The document that caused the change (campaign, lead, "
        "opportunity, sales order...).",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Changed By",
        default=lambda self: self.env.user,
        index=True,
    )
    is_manual = fields.Boolean(
        string="Changed by Hand",
        help="Set by hand (wizard or direct write) rather than by a document.",
    )
    reason = fields.Char()
    is_backward = fields.Boolean(
        string="Backwards",
        compute="_compute_is_backward",
        store=True,
        help="The change moved the partner back in the lifecycle (only by hand).",
    )

    # === COMPUTE METHODS ===

    @api.depends("stage_from", "stage_to")
    def _compute_is_backward(self):
        ranks = {
            stage: rank for rank, (stage, _label) in enumerate(RELATIONSHIP_STAGES)
        }
        for row in self:
            row.is_backward = ranks.get(row.stage_to, 0) < ranks.get(row.stage_from, 0)

    # === BUSINESS METHODS ===

    @api.model
    def _selection_source_ref(self):
        models_ = self._get_source_models()
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([("model", "in", models_)])
        ]

    @api.model
    def _get_source_models(self):
        """Models that can cause a stage change; extend to add more."""
        return [
            "utm.campaign",
            "sale.campaign.target",
            "crm.lead",
            "sale.order",
            "res.partner",
        ]
