# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up-sell and cross-sell (XS-6) in the Sales settings."""

from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # === FIELDS ===
    sales_suggestions_enabled = fields.Boolean(
        related="company_id.sales_suggestions_enabled", readonly=False
    )
