# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero


class AccountMove(models.Model):
    _inherit = "account.move"

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
    packing_slip_ids = fields.Many2many(
        comodel_name="stock.picking",
        string="Packing Slips",
        compute="_compute_packing_slip_ids",
    )

    @api.depends("invoice_line_ids")
    def _compute_packing_slip_ids(self):
        moves = self.env["stock.move"].search_fetch(
            [("invoice_line_id", "in", self.invoice_line_ids.ids)],
            ["invoice_line_id", "picking_id"],
        )
        slips = {}
        for move in moves:
            invoice = move.invoice_line_id.move_id
            slips[invoice.id] = slips.get(invoice.id, move.picking_id) | move.picking_id
        for invoice in self:
            invoice.packing_slip_ids = slips.get(invoice.id, False)

    @api.constrains("is_free_text", "posting_profile_id", "move_type")
    def _check_free_text_type(self):
        for move in self:
            if (
                move.is_free_text or move.posting_profile_id
            ) and not move.is_sale_document():
                raise ValidationError(
                    self.env._(
                        "%(move)s: free text invoices and posting profiles are for "
                        "customer invoices and credit notes (rule IN-3).",
                        move=move.display_name,
                    )
                )

    @api.onchange("posting_profile_id")
    def _onchange_posting_profile_id(self):
        self._apply_posting_profile()

    def write(self, vals):
        res = super().write(vals)
        if "posting_profile_id" in vals:
            self._apply_posting_profile()
        return res

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
                        "Free text invoice %(move)s has no lines (rule IN-3).",
                        move=move.display_name,
                    )
                )
            for line in lines:
                label = line.name or self.env._("line %(seq)s", seq=line.sequence)
                if line.product_id:
                    raise UserError(
                        self.env._(
                            "Free text invoice %(move)s, %(line)s: free text lines "
                            "have no product (rule IN-3).",
                            move=move.display_name,
                            line=label,
                        )
                    )
                if not line.account_id:
                    raise UserError(
                        self.env._(
                            "Free text invoice %(move)s, %(line)s: choose the main "
                            "(income) account (rule IN-3).",
                            move=move.display_name,
                            line=label,
                        )
                    )
                if not line.tax_ids:
                    raise UserError(
                        self.env._(
                            "Free text invoice %(move)s, %(line)s: taxes are required "
                            "(rule IN-3).",
                            move=move.display_name,
                            line=label,
                        )
                    )

    def action_proforma_send(self):
        """IN-4: e-mail the pro-forma of a draft invoice."""
        self.ensure_one()
        self._check_proforma_printable()
        template = self.env.ref("sales_marketing.mail_template_account_move_proforma")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "account.move",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def _link_settled_slip_moves(self):
        """IN-2: an order line fully invoiced from the order settles its done
        packing slip moves: they record this invoice line, so their slips show
        as invoiced (and are never invoiced again from the slip)."""
        invoice_lines = self.invoice_line_ids.filtered("sale_line_ids")
        invoice_lines.sale_line_ids.move_ids.fetch(["invoice_line_id", "state"])
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for invoice_line in invoice_lines:
            for sale_line in invoice_line.sale_line_ids:
                if not float_is_zero(
                    sale_line.qty_to_invoice, precision_digits=precision
                ):
                    continue
                moves = sale_line.move_ids.filtered(
                    lambda m: not m.invoice_line_id and m._get_packing_slip_sign()
                )
                # sudo: the invoicing user may have no stock rights
                moves.sudo().invoice_line_id = invoice_line

    def _check_proforma_printable(self):
        not_draft = self.filtered(
            lambda m: m.state != "draft" or not m.is_sale_document()
        )
        if not_draft:
            raise UserError(
                self.env._(
                    "A pro-forma invoice is printed from a draft customer invoice: "
                    "%(moves)s is not one (rule IN-4).",
                    moves=", ".join(not_draft.mapped("display_name")),
                )
            )
