# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Partner lifecycle (RL-2): a partner linked to a lead or an opportunity
advances."""

from odoo import api
from odoo import models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._update_partner_lifecycle()
        return leads

    def write(self, vals):
        result = super().write(vals)
        if {"partner_id", "type", "active"} & vals.keys():
            self._update_partner_lifecycle()
        return result

    # === BUSINESS METHODS ===

    def _update_partner_lifecycle(self):
        """RL-2: a partner linked to a lead becomes a lead, to an opportunity an
        opportunity; never backwards. The lead is the history's source."""
        for lead_type, leads in (
            self.filtered(lambda lead: lead.partner_id and lead.active)
            .grouped("type")
            .items()
        ):
            stage = self._get_partner_lifecycle_stage(lead_type)
            if not stage:
                continue
            sources = {lead.partner_id.commercial_partner_id.id: lead for lead in leads}
            leads.partner_id._advance_relationship_stage(stage, sources=sources)

    @api.model
    def _get_partner_lifecycle_stage(self, lead_type):
        """The relationship stage a lead of ``lead_type`` gives its partner."""
        return {"lead": "lead", "opportunity": "opportunity"}.get(lead_type)
