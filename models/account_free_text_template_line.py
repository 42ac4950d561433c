# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare
from odoo.tools import float_round

from .utils import INCOME_ACCOUNT_DOMAIN


class AccountFreeTextTemplateLine(models.Model):
    """IN-7: a line of a free text template: main account, description,
    amount and taxes; its amount may be distributed over several main
    accounts (the invoice then has one line per account)."""

    _name = "account.free.text.template.line"
    _description = "Free Text Invoice Template Line"
    _order = "template_id, sequence, id"
    _check_company_auto = True

    # === FIELDS ===

    template_id = fields.Many2one(
        comodel_name="account.free.text.template",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    currency_id = fields.Many2one(related="template_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", required=True)
    account_id = fields.Many2one(
        comodel_name="account.account",
        string="Main Account",
        required=True,
        check_company=True,
        domain=INCOME_ACCOUNT_DOMAIN,
    )
    amount = fields.Monetary(required=True)
    tax_ids = fields.Many2many(
        comodel_name="account.tax",
        string="Taxes",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    distribution_type = fields.Selection(
        selection=[
            ("none", "No distribution"),
            ("percent", "By percentage"),
            ("amount", "By amount"),
        ],
        string="Distribution",
        required=True,
        default="none",
        help="Distribute the amount over several main accounts: the invoice "
        "gets one line per account.",
    )
    distribution_ids = fields.One2many(
        comodel_name="account.free.text.template.distribution",
        inverse_name="line_id",
        string="Distribution Lines",
        copy=True,
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("tax_ids")
    def _check_tax_ids(self):
        for line in self:
            if not line.tax_ids:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(line)s: taxes are required.",
                        template=line.template_id.display_name,
                        line=line.name,
                    )
                )

    @api.constrains("distribution_type", "distribution_ids", "amount")
    def _check_distribution(self):
        """IN-7: the shares add up to 100 % or to the line's amount."""
        for line in self.filtered(lambda rec: rec.distribution_type != "none"):
            values = line.distribution_ids.mapped("value")
            if not values or any(value <= 0 for value in values):
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(line)s: give each distribution "
                        "account a positive share.",
                        template=line.template_id.display_name,
                        line=line.name,
                    )
                )
            total = 100.0 if line.distribution_type == "percent" else line.amount
            if float_compare(sum(values), total, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "Template %(template)s, %(line)s: the distribution adds up "
                        "to %(sum)s instead of %(total)s.",
                        template=line.template_id.display_name,
                        line=line.name,
                        sum=sum(values),
                        total=total,
                    )
                )

    # === BUSINESS METHODS ===

    def _prepare_invoice_line_vals(self):
        """The invoice lines of this template line: one, or one per account
        of its distribution (the rounding difference on the last)."""
        self.ensure_one()
        base = {
            "name": self.name,
            "quantity": 1.0,
            "tax_ids": [Command.set(self.tax_ids.ids)],
        }
        if self.distribution_type == "none" or not self.distribution_ids:
            return [dict(base, account_id=self.account_id.id, price_unit=self.amount)]
        vals_list = []
        left = self.amount
        digits = self.currency_id.decimal_places
        shares = self.distribution_ids.sorted("sequence")
        for share in shares:
            if share == shares[-1]:
                amount = left
            elif self.distribution_type == "percent":
                amount = float_round(
                    self.amount * share.value / 100.0, precision_digits=digits
                )
            else:
                amount = share.value
            left -= amount
            vals_list.append(
                dict(base, account_id=share.account_id.id, price_unit=amount)
            )
        return vals_list
