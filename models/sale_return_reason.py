# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Return reason codes (OT-4), in groups (RT-2), with an optional restocking
charge (RT-7)."""

from odoo import fields
from odoo import models

# the mixins are defined before the model inheriting them
from . import sale_return_charge_mixin  # noqa: F401
from . import sale_return_code_mixin  # noqa: F401


class SaleReturnReason(models.Model):
    _name = "sale.return.reason"
    _inherit = ["sale.return.code.mixin", "sale.return.charge.mixin"]
    _description = "Return Reason Code"
    _check_company_auto = True
    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The return reason code must be unique.",
        ),
    ]

    # === FIELDS ===

    name = fields.Char(string="Reason", required=True, translate=True)
    description = fields.Text(translate=True)
    group_id = fields.Many2one(
        comodel_name="sale.return.reason.group",
        string="Reason Code Group",
        check_company=True,
        index="btree_not_null",
    )
