# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pro-forma invoices (IN-4) of an order's next invoice."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_proforma_send(self):
        """IN-4: e-mail the pro-forma invoice of the order's next invoice."""
        self.ensure_one()
        template = self.env.ref("sales_marketing.mail_template_sale_order_proforma")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
                "proforma": True,
            },
        }

    def _get_proforma_invoice_values(self):
        """IN-4: what the next invoice of this order would contain.

        A quotation would be invoiced in full once confirmed; a confirmed order
        invoices its invoiceable lines (``qty_to_invoice``). Nothing is created.

        :returns: {"lines": [(sale line, quantity, subtotal)], "tax_totals": dict}
        """
        self.ensure_one()
        if self.state in ("draft", "sent"):
            lines = self.order_line.filtered(lambda line: not line.display_type)
            quantities = {line: line.product_uom_qty for line in lines}
        else:
            lines = self._get_invoiceable_lines().filtered(
                lambda line: not line.display_type
            )
            quantities = {line: line.qty_to_invoice for line in lines}
        AccountTax = self.env["account.tax"]
        base_lines = [
            line._prepare_base_line_for_taxes_computation(quantity=quantities[line])
            for line in lines
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        tax_totals = AccountTax._get_tax_totals_summary(
            base_lines=base_lines,
            currency=self.currency_id or self.company_id.currency_id,
            company=self.company_id,
        )
        return {
            "lines": [
                (
                    base_line["record"],
                    base_line["quantity"],
                    base_line["tax_details"]["total_excluded_currency"],
                )
                for base_line in base_lines
            ],
            "tax_totals": tax_totals,
        }
