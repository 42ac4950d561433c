# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cancelled remainders (RS-6) on the stock moves: a delivery validated with
*No backorder* cancels what it did not ship of its sales lines' remainders,
as the purchase backorders drop a purchase line whose receipt was validated
the same way (no open receipt: not owed any more)."""

from collections import defaultdict

from odoo import models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        demands = {}
        if cancel_backorder:
            demands = {
                move: move.product_uom_qty
                for move in self
                if move.sale_line_id
                and move.state not in ("done", "cancel")
                and move._is_remainder_delivery()
            }
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        if demands:
            self._cancel_remainders_not_shipped(demands)
        return moves

    def _is_remainder_delivery(self):
        """Whether this move takes a sales line's goods towards the customer
        (the delivery or a step before it), not a return."""
        self.ensure_one()
        final = self.location_final_id or self.location_dest_id
        return (
            final.usage == "customer" or self.location_dest_id.usage == "customer"
        ) and not self.origin_returned_move_id

    def _cancel_remainders_not_shipped(self, demands):
        """RS-6: ``demands`` ({move: demand before validation}); what each
        move shipped less (done for less, or cancelled) is cancelled on its
        sales line, per transfer."""
        by_picking = defaultdict(lambda: defaultdict(float))
        for move, demand in demands.items():
            if move.state == "done":
                missing = demand - move.quantity
            elif move.state == "cancel":
                missing = demand
            else:
                continue
            if (
                float_compare(missing, 0, precision_rounding=move.product_uom.rounding)
                > 0
            ):
                line = move.sale_line_id
                by_picking[move.picking_id][line] += move.product_uom._compute_quantity(
                    missing, line.product_uom, round=False
                )
        for picking, quantities in by_picking.items():
            lines = self.env["sale.order.line"].union(*quantities).sudo()
            lines._cancel_remainders_not_shipped(
                {line.sudo(): qty for line, qty in quantities.items()}, picking
            )
