# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Return reason code groups (RT-2)."""

from odoo import fields
from odoo import models


class SaleReturnReasonGroup(models.Model):
    _name = "sale.return.reason.group"
    _description = "Return Reason Code Group"
    _order = "sequence, code"
    _rec_names_search = ["code", "name"]
    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The return reason code group must be unique.",
        ),
    ]

    # === FIELDS ===

    code = fields.Char(required=True)
    name = fields.Char(string="Description", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the group between companies.",
    )
    reason_ids = fields.One2many(
        comodel_name="sale.return.reason",
        inverse_name="group_id",
        string="Reason Codes",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for group in self:
            group.display_name = f"{group.code} - {group.name}"
