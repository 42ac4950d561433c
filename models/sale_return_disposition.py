# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Disposition codes (RT-3): what happens to returned goods when they arrive."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

# the mixins are defined before the model inheriting them, whichever module
# imports this one first
from . import sale_return_charge_mixin  # noqa: F401
from . import sale_return_code_mixin  # noqa: F401

DISPOSITION_ACTIONS = [
    ("credit", "Credit"),
    ("credit_only", "Credit only"),
    ("scrap", "Scrap"),
    ("replace_credit", "Replace and credit"),
    ("replace_scrap", "Replace and scrap"),
    ("return_to_customer", "Return to customer"),
]
# actions whose goods come back physically
RECEIVED_ACTIONS = frozenset(
    {"credit", "scrap", "replace_credit", "replace_scrap", "return_to_customer"}
)
SCRAP_ACTIONS = frozenset({"scrap", "replace_scrap"})
REPLACE_ACTIONS = frozenset({"replace_credit", "replace_scrap"})


class SaleReturnDisposition(models.Model):
    _name = "sale.return.disposition"
    _inherit = ["sale.return.code.mixin", "sale.return.charge.mixin"]
    _description = "Disposition Code"
    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The disposition code must be unique.",
        ),
    ]

    # === FIELDS ===

    name = fields.Char(string="Description", required=True, translate=True)
    action = fields.Selection(
        selection=DISPOSITION_ACTIONS,
        required=True,
        default="credit",
        help="Credit: received into stock and credited.\n"
        "Credit only: nothing comes back; the line is credited.\n"
        "Scrap: received, then scrapped (never sellable), credited.\n"
        "Replace and credit: received into stock, credited, and a replacement "
        "order is created.\n"
        "Replace and scrap: received, scrapped, credited, and a replacement "
        "order is created.\n"
        "Return to customer: received, then shipped back; nothing is credited.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("action")
    def _check_action_unused(self):
        """The action of a code already applied to received or credited lines
        cannot change: what was done to the goods would contradict it."""
        used = self.env["sale.order.line"].search_fetch(
            [
                ("disposition_id", "in", self.ids),
                ("order_id.order_type", "=", "returned"),
                ("state", "=", "sale"),
                "|",
                ("move_ids.state", "=", "done"),
                ("invoice_lines", "!=", False),
            ],
            ["disposition_id"],
            limit=1,
        )
        if used:
            raise ValidationError(
                self.env._(
                    "Disposition code %(code)s was applied to received or credited "
                    "returns: its action can no longer change. Archive it and "
                    "create a new code instead.",
                    code=used.disposition_id.display_name,
                )
            )
