# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Return reason code groups (RT-2)."""

from odoo import fields
from odoo import models

# the mixin is defined before the model inheriting it
from . import sale_return_code_mixin  # noqa: F401


class SaleReturnReasonGroup(models.Model):
    _name = "sale.return.reason.group"
    _inherit = ["sale.return.code.mixin"]
    _description = "Return Reason Code Group"
    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The return reason code group must be unique.",
        ),
    ]

    # === FIELDS ===

    name = fields.Char(string="Description", required=True, translate=True)
    reason_ids = fields.One2many(
        comodel_name="sale.return.reason",
        inverse_name="group_id",
        string="Reason Codes",
    )
