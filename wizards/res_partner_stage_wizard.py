# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models

from ..models.res_partner_lifecycle import RELATIONSHIP_STAGES


class ResPartnerStageWizard(models.TransientModel):
    """RL-2: a salesperson sets the relationship stage by hand, forward or
    back, with a reason kept in the stage history."""

    _name = "res.partner.stage.wizard"
    _description = "Change Relationship Stage"

    @api.model
    def _default_partner_ids(self):
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            return self.env["res.partner"].browse(context["active_ids"])
        return self.env["res.partner"]

    # === FIELDS ===

    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Partners",
        required=True,
        default=lambda self: self._default_partner_ids(),
    )
    current_stage = fields.Selection(
        selection=RELATIONSHIP_STAGES,
        compute="_compute_current_stage",
    )
    relationship_stage = fields.Selection(
        selection=RELATIONSHIP_STAGES,
        string="New Stage",
        required=True,
    )
    reason = fields.Char(required=True)

    # === COMPUTE METHODS ===

    @api.depends("partner_ids")
    def _compute_current_stage(self):
        for wizard in self:
            stages = set(
                wizard.partner_ids.commercial_partner_id.mapped("relationship_stage")
            )
            wizard.current_stage = stages.pop() if len(stages) == 1 else False

    # === ACTION METHODS ===

    def action_apply(self):
        self.ensure_one()
        # the partners must at least be visible to the salesperson
        self.partner_ids.check_access("read")
        self.partner_ids._set_relationship_stage(
            self.relationship_stage, manual=True, reason=self.reason
        )
        return {"type": "ir.actions.act_window_close"}
