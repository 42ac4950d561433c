# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pro-forma invoices (IN-4) of an order's next invoice.

Odoo's own pro-forma (``sale.report_saleorder_pro_forma``, also sent by
*Send PRO-FORMA Invoice*) shows what :meth:`_get_proforma_invoice_values`
returns (see ``reports/sale_order_templates.xml``).
"""

from typing import NamedTuple

from odoo import models


class ProformaLine(NamedTuple):
    """A line of the next invoice: the ``sale.order.line`` (sections and notes
    included), the quantity it would invoice and its untaxed amount (both 0 for
    sections and notes)."""

    line: models.Model
    quantity: float
    subtotal: float


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _find_mail_template(self):
        """IN-4: *Send PRO-FORMA Invoice* (``proforma`` in the context) sends the
        pro-forma of the next invoice, named so in the subject and the body."""
        if self.env.context.get("proforma"):
            template = self.env.ref(
                "sales_marketing.mail_template_sale_order_proforma",
                raise_if_not_found=False,
            )
            if template:
                return template
        return super()._find_mail_template()

    def _get_proforma_invoice_values(self):
        """IN-4: what the next invoice of this order would contain.

        A quotation would be invoiced in full once confirmed: every line Odoo
        reports, at its ordered quantity. A confirmed order invoices its
        invoiceable lines (``_get_invoiceable_lines``) at ``qty_to_invoice``.
        Nothing is created.

        :returns: dict with ``lines``, a list of :class:`ProformaLine` in the
            order of the invoice (empty when no product line is to invoice),
            and ``tax_totals``, the tax totals summary of those lines.
        """
        self.ensure_one()
        if self.state in ("draft", "sent"):
            lines = self._get_order_lines_to_report()
            quantity_field = "product_uom_qty"
        else:
            lines = self._get_invoiceable_lines()
            quantity_field = "qty_to_invoice"
        product_lines = lines.filtered(lambda line: not line.display_type)
        if not product_lines:
            lines = product_lines
        AccountTax = self.env["account.tax"]
        base_lines = [
            line._prepare_base_line_for_taxes_computation(quantity=line[quantity_field])
            for line in product_lines
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        subtotals = {
            base_line["record"]: base_line["tax_details"]["total_excluded_currency"]
            for base_line in base_lines
        }
        return {
            "lines": [
                ProformaLine(
                    line=line,
                    quantity=0.0 if line.display_type else line[quantity_field],
                    subtotal=subtotals.get(line, 0.0),
                )
                for line in lines
            ],
            "tax_totals": AccountTax._get_tax_totals_summary(
                base_lines=base_lines,
                currency=self.currency_id or self.company_id.currency_id,
                company=self.company_id,
            ),
        }
