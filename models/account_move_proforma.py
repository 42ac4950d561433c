# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pro-forma invoices (IN-4) of draft customer invoices."""

from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

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
                # the pro-forma attached is not an invoice to import into it
                "no_new_invoice": True,
            },
        }

    def _check_proforma_printable(self):
        not_draft = self.filtered(
            lambda m: m.state != "draft" or not m.is_sale_document()
        )
        if not_draft:
            raise UserError(
                self.env._(
                    "A pro-forma invoice is printed from a draft customer invoice: "
                    "%(moves)s is not one.",
                    moves=", ".join(not_draft.mapped("display_name")),
                )
            )
