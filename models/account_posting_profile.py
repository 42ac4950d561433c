# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class AccountPostingProfile(models.Model):
    """Where the customer balance of an invoice posts (Dynamics 365's posting
    profile, "summary account"): a named receivable account."""

    _name = "account.posting.profile"
    _description = "Posting Profile"
    _order = "sequence, name"
    _check_company_auto = True

    # === FIELDS ===

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    account_id = fields.Many2one(
        comodel_name="account.account",
        string="Summary Account",
        required=True,
        check_company=True,
        domain="[('account_type', '=', 'asset_receivable'), "
        "('deprecated', '=', False)]",
        help="The receivable account the customer balance of the invoice posts to.",
    )
    note = fields.Text(translate=True)

    # === CONSTRAINT METHODS ===

    @api.constrains("account_id")
    def _check_account_id(self):
        """IN-3: the customer balance posts to a receivable account."""
        for profile in self:
            if profile.account_id.account_type != "asset_receivable":
                raise ValidationError(
                    self.env._(
                        "Posting profile %(profile)s: summary account %(account)s "
                        "is not a receivable account. Choose an account "
                        "of type Receivable.",
                        profile=profile.display_name,
                        account=profile.account_id.display_name,
                    )
                )
