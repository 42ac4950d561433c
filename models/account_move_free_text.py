# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Free text invoices and posting profiles (IN-3)."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"
    _sql_constraints = [
        (
            "free_text_template_period_uniq",
            "UNIQUE(free_text_template_id, free_text_period_start)",
            "A period of a recurring free text template is invoiced once.",
        ),
    ]

    # === FIELDS ===

    is_free_text = fields.Boolean(
        string="Free Text Invoice",
        readonly=True,
        copy=True,
        help="A customer invoice without products: each line has an income "
        "account, a description, an amount and taxes.",
    )
    posting_profile_id = fields.Many2one(
        comodel_name="account.posting.profile",
        check_company=True,
        help="The customer balance posts to this profile's summary account "
        "instead of the customer's receivable account.",
    )

    free_text_template_id = fields.Many2one(
        comodel_name="account.free.text.template",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    free_text_period_start = fields.Date(
        string="Template Period",
        readonly=True,
        copy=False,
        help="The period of a recurring free text template this invoice bills.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("is_free_text", "posting_profile_id", "move_type")
    def _check_free_text_type(self):
        for move in self:
            if (
                move.is_free_text or move.posting_profile_id
            ) and not move.is_sale_document():
                raise ValidationError(
                    self.env._(
                        "%(move)s: free text invoices and posting profiles are for "
                        "customer invoices and credit notes.",
                        move=move.display_name,
                    )
                )

    # === ONCHANGE METHODS ===

    @api.onchange("posting_profile_id")
    def _onchange_posting_profile_id(self):
        self._apply_posting_profile()

    @api.onchange("partner_id", "is_free_text")
    def _onchange_partner_posting_profile(self):
        """IN-8: the resolved profile is proposed on a draft free text
        invoice; the user may change it."""
        for move in self.filtered(lambda m: m.is_free_text and m.state == "draft"):
            move.posting_profile_id = move._get_proposed_posting_profile()
            move._apply_posting_profile()

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (
                vals.get("is_free_text", self.env.context.get("default_is_free_text"))
                and "posting_profile_id" not in vals
                and vals.get("partner_id")
            ):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["posting_profile_id"] = (
                    self.env["account.posting.profile"]
                    ._resolve_for_partner(
                        self.env["res.partner"].browse(vals["partner_id"]), company
                    )
                    .id
                )
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if "posting_profile_id" in vals:
            self._apply_posting_profile()
        return res

    # === BUSINESS METHODS ===

    def _get_proposed_posting_profile(self):
        """IN-8: the posting profile this invoice's customer resolves to."""
        self.ensure_one()
        return self.env["account.posting.profile"]._resolve_for_partner(
            self.partner_id, self.company_id
        )

    def _apply_posting_profile(self):
        """IN-3: the receivable (payment term) lines post to the profile's
        summary account; without profile, back to the customer's account."""
        for move in self.filtered(lambda m: m.state == "draft"):
            term_lines = move.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            )
            if move.posting_profile_id:
                term_lines.account_id = move.posting_profile_id.account_id
            elif term_lines:
                term_lines.account_id = move.with_company(
                    move.company_id
                ).commercial_partner_id.property_account_receivable_id

    def _post(self, soft=True):
        self.filtered("is_free_text")._check_free_text_lines()
        return super()._post(soft=soft)

    def _check_free_text_lines(self):
        """IN-3: no products; every line has an income account and taxes."""
        for move in self:
            lines = move.invoice_line_ids.filtered(
                lambda line: line.display_type == "product"
            )
            if not lines:
                raise UserError(
                    self.env._(
                        "Free text invoice %(move)s has no lines.",
                        move=move.display_name,
                    )
                )
            for line in lines:
                label = line.name or self.env._("line %(seq)s", seq=line.sequence)
                if line.product_id:
                    raise UserError(
                        self.env._(
                            "Free text invoice %(move)s, %(line)s: free text lines "
                            "have no product.",
                            move=move.display_name,
                            line=label,
                        )
                    )
                if not line.account_id:
                    raise UserError(
                        self.env._(
                            "Free text invoice %(move)s, %(line)s: choose the main "
                            "(income) account.",
                            move=move.display_name,
                            line=label,
                        )
                    )
                if not line.tax_ids:
                    raise UserError(
                        self.env._(
                            "Free text invoice %(move)s, %(line)s: taxes are required.",
                            move=move.display_name,
                            line=label,
                        )
                    )
