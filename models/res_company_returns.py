# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (RT-1, RT-7) on the company: the return validity period and
the restocking charge product."""

from odoo import fields
from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    # === FIELDS ===

    sale_return_validity_days = fields.Integer(
        string="Return Validity Period",
        default=30,
        help="Days after its creation a returned order accepts goods back (its "
        "return deadline).",
    )
    sale_restocking_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Restocking Charge Product",
        domain="[('type', '=', 'service')]",
        help="The service product of the charge lines that restocking charges add "
        "to credit notes (its income account and taxes apply).",
    )
