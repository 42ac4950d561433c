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
    applies_to = fields.Selection(
        selection=[
            ("manual", "Chosen by hand"),
            ("customer", "Customer"),
            ("category", "Customer category"),
            ("all", "All customers"),
        ],
        string="Proposed For",
        required=True,
        default="manual",
        help="Which new free text invoices propose this profile: those of one "
        "customer, of the customers of a category, of every customer, or none "
        "(chosen by hand). A customer's own profile comes first, then its "
        "category's, then the one for all customers, then the company default.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        index="btree_not_null",
        domain="[('parent_id', '=', False)]",
        check_company=True,
    )
    partner_category_id = fields.Many2one(
        comodel_name="res.partner.category",
        string="Customer Category",
        index="btree_not_null",
    )
    is_company_default = fields.Boolean(
        string="Company Default",
        help="Proposed on new free text invoices of customers no other profile "
        "is proposed for.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("applies_to", "partner_id", "partner_category_id")
    def _check_applies_to(self):
        """IN-8: a profile for a customer names it, for a category names it."""
        for profile in self:
            if profile.applies_to == "customer" and not profile.partner_id:
                raise ValidationError(
                    self.env._(
                        "Posting profile %(profile)s is proposed for a customer: "
                        "choose the customer.",
                        profile=profile.display_name,
                    )
                )
            if profile.applies_to == "category" and not profile.partner_category_id:
                raise ValidationError(
                    self.env._(
                        "Posting profile %(profile)s is proposed for a customer "
                        "category: choose the category.",
                        profile=profile.display_name,
                    )
                )

    @api.constrains("is_company_default", "company_id", "active")
    def _check_one_company_default(self):
        defaults = self.filtered(lambda p: p.is_company_default and p.active)
        for company in defaults.company_id:
            count = self.search_count(
                [("is_company_default", "=", True), ("company_id", "=", company.id)]
            )
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s already has a default posting profile: "
                        "a company has one.",
                        company=company.display_name,
                    )
                )

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

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._clean_applies_to_vals(v) for v in vals_list])

    def write(self, vals):
        return super().write(self._clean_applies_to_vals(vals))

    # === BUSINESS METHODS ===

    @api.model
    def _clean_applies_to_vals(self, vals):
        """The customer or category of a profile that is no longer proposed
        for them is cleared."""
        applies_to = vals.get("applies_to")
        if applies_to and applies_to != "customer":
            vals = dict(vals, partner_id=False)
        if applies_to and applies_to != "category":
            vals = dict(vals, partner_category_id=False)
        return vals

    @api.model
    def _resolve_for_partner(self, partner, company=None):
        """IN-8: the profile proposed for ``partner`` in ``company``: the
        customer's own, else its categories' (by sequence), else the one for
        all customers, else the company default; empty when none applies."""
        company = company or self.env.company
        if not partner:
            return self.browse()
        partner = partner.commercial_partner_id
        profiles = self.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("applies_to", "!=", "manual"),
                ("is_company_default", "=", True),
            ]
        )
        categories = partner.category_id
        for match in (
            lambda p: p.applies_to == "customer" and p.partner_id == partner,
            lambda p: (
                p.applies_to == "category" and p.partner_category_id in categories
            ),
            lambda p: p.applies_to == "all",
            lambda p: p.is_company_default,
        ):
            found = profiles.filtered(match)
            if found:
                return found[0]
        return self.browse()
