# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models

from .utils import INCOME_ACCOUNT_DOMAIN


class AccountFreeTextTemplateDistribution(models.Model):
    """IN-7: one main account's share of a template line (% or amount)."""

    _name = "account.free.text.template.distribution"
    _description = "Free Text Template Line Distribution"
    _order = "line_id, sequence, id"
    _check_company_auto = True

    # === FIELDS ===

    line_id = fields.Many2one(
        comodel_name="account.free.text.template.line",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    account_id = fields.Many2one(
        comodel_name="account.account",
        string="Main Account",
        required=True,
        check_company=True,
        domain=INCOME_ACCOUNT_DOMAIN,
    )
    value = fields.Float(
        string="Share",
        required=True,
        digits="Account",
        help="Percentage of the line's amount, or an amount, by the line's "
        "distribution.",
    )
