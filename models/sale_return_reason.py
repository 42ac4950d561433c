# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class SaleReturnReason(models.Model):
    _name = "sale.return.reason"
    _inherit = ["sale.return.charge.mixin"]
    _description = "Return Reason Code"
    _order = "sequence, code"
    _rec_names_search = ["code", "name"]
    _check_company_auto = True
    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The return reason code must be unique.",
        ),
    ]

    # === FIELDS ===

    code = fields.Char(required=True)
    name = fields.Char(string="Reason", required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the reason between companies.",
    )
    group_id = fields.Many2one(
        comodel_name="sale.return.reason.group",
        string="Reason Code Group",
        check_company=True,
        index="btree_not_null",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"{reason.code} - {reason.name}"
