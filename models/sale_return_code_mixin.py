# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the return codes share (reason codes, their groups, disposition codes,
RT-2/RT-3): a code, an order, archiving, an optional company; shown as
"code - name"."""

from odoo import fields
from odoo import models


class SaleReturnCodeMixin(models.AbstractModel):
    _name = "sale.return.code.mixin"
    _description = "Return Code"
    _order = "sequence, code"
    _rec_names_search = ["code", "name"]

    # === FIELDS ===

    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the code between companies.",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.code} - {record.name}"
