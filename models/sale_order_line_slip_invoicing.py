# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Invoicing from packing slips (IN-2) on the order line: the invoice line
takes the slips' quantity."""

from odoo import api
from odoo import models

from .stock_picking_slip_invoicing import SlipQuantities


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_invoice_line(self, **optional_values):
        res = super()._prepare_invoice_line(**optional_values)
        quantities = self._get_slip_quantities()
        if quantities is not None and self.id in quantities:
            res["quantity"] = quantities[self.id]
        return res

    @api.model
    def _get_slip_quantities(self):
        """The packing slip quantities being invoiced (IN-2), or None.

        Only trusted when it is the object put there by
        stock.picking.action_invoice_packing_slips (never from a client)."""
        quantities = self.env.context.get("sales_marketing_slip_quantities")
        return quantities if isinstance(quantities, SlipQuantities) else None
