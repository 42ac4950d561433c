# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (RT-1, RT-7) in the Sales settings."""

from odoo import fields
from odoo import models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # === FIELDS ===

    sale_return_validity_days = fields.Integer(
        related="company_id.sale_return_validity_days", readonly=False
    )
    sale_restocking_product_id = fields.Many2one(
        related="company_id.sale_restocking_product_id", readonly=False
    )
