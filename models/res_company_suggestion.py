# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up-sell and cross-sell (XS-6) on the company: prompting switched on or off."""

from odoo import api
from odoo import fields
from odoo import models
from odoo import tools


class ResCompany(models.Model):
    _inherit = "res.company"

    # === FIELDS ===
    sales_suggestions_enabled = fields.Boolean(
        string="Up-sell / Cross-sell Suggestions",
        default=True,
        help="Offer the up-sell and cross-sell suggestions of the rules when an "
        "order line is entered. Switched off, no rule suggests anything for "
        "the company's orders.",
    )

    # === CRUD METHODS ===
    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(not vals.get("sales_suggestions_enabled", True) for vals in vals_list):
            self.env.registry.clear_cache()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if "sales_suggestions_enabled" in vals:
            self.env.registry.clear_cache()
        return result

    # === BUSINESS METHODS ===
    @api.model
    @tools.ormcache()
    def _get_suggestions_disabled_ids(self):
        """XS-6: the ids of the companies that switched suggestions off,
        cached for the registry (order entry asks at every line; cleared when
        the setting changes)."""
        self.flush_model(["sales_suggestions_enabled"])
        rows = self.env.execute_query(
            tools.SQL(
                "SELECT id FROM res_company WHERE sales_suggestions_enabled IS NOT TRUE"
            )
        )
        return frozenset(company_id for (company_id,) in rows)
