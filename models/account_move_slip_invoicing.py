# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Invoicing from packing slips (IN-2) on the invoice: its slips, and the
slip moves an invoice from the order settles."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import float_is_zero


class AccountMove(models.Model):
    _inherit = "account.move"

    # === FIELDS ===

    packing_slip_ids = fields.Many2many(
        comodel_name="stock.picking",
        string="Packing Slips",
        compute="_compute_packing_slip_ids",
    )

    # === COMPUTE METHODS ===

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

    # === BUSINESS METHODS ===

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
