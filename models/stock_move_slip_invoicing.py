# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    # === FIELDS ===

    invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The customer invoice line that invoiced this packing slip move.",
    )

    # === BUSINESS METHODS ===

    def _get_packing_slip_sign(self):
        """+1 for a move delivering to the customer, -1 for a return from the
        customer that updates the order (as sale_stock counts them), else 0."""
        self.ensure_one()
        if not self.sale_line_id or self.state != "done" or self.scrapped:
            return 0
        if self.location_dest_id.usage == "customer":
            return 1 if not self.origin_returned_move_id or self.to_refund else 0
        if self.location_id.usage == "customer" and self.to_refund:
            return -1
        return 0

    def _is_packing_slip_invoiced(self):
        """Invoiced from its slip, or settled otherwise: a delivery whose order
        line has nothing left to invoice (e.g. invoiced from the order), a
        return whose line has nothing left to invoice or credit (a return not
        credited yet is netted with the deliveries still to invoice)."""
        self.ensure_one()
        if self.invoice_line_id and self.invoice_line_id.parent_state != "cancel":
            return True
        left = float_compare(
            self.sale_line_id.qty_to_invoice,
            0.0,
            precision_rounding=self.sale_line_id.product_uom.rounding or 0.01,
        )
        return left <= 0 if self._get_packing_slip_sign() > 0 else left == 0
