# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Invoicing from packing slips (IN-2), on the order side."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _get_invoiceable_lines(self, final=False):
        quantities = self.env["sale.order.line"]._get_slip_quantities()
        if quantities is None:
            return super()._get_invoiceable_lines(final=final)
        # IN-2: exactly the lines of the packing slips being invoiced
        return self.order_line.filtered(lambda line: line.id in quantities)

    def _create_invoices(self, grouped=False, final=False, date=None):
        invoices = super()._create_invoices(grouped=grouped, final=final, date=date)
        if self.env["sale.order.line"]._get_slip_quantities() is None:
            # invoiced from the order: the packing slips it settles are invoiced
            invoices._link_settled_slip_moves()
        return invoices
