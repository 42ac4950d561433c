# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Backorders (BO-3) on the stock moves: what the stock distribution reads and
changes on the open deliveries of one product."""

from collections import namedtuple

from odoo import models
from odoo.tools import float_compare
from odoo.tools import float_is_zero

# demand, reserved and picked quantities of moves, in the product's unit
DistributionFigures = namedtuple("DistributionFigures", "demand reserved picked")


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_distribution_figures(self):
        """Demand, reserved and picked quantities of these moves (one
        product), in the product's unit."""
        product_uom = self.product_id.uom_id
        return DistributionFigures(
            demand=sum(self.mapped("product_qty")),
            reserved=sum(
                move.product_uom._compute_quantity(
                    move.quantity, product_uom, round=False
                )
                for move in self
            ),
            picked=sum(
                self.move_line_ids.filtered("picked").mapped("quantity_product_uom")
            ),
        )

    def _release_distributed_qty(self, qty):
        """Take ``qty`` (product unit) back from the reservations of these
        moves, the latest moves first. Picked quantities are never taken back."""
        uom = self.product_id.uom_id
        rounding = uom.rounding
        for move in self.sorted(lambda m: (m.date, m.id), reverse=True):
            if float_compare(qty, 0, precision_rounding=rounding) <= 0:
                break
            if move.picked:
                continue
            move_lines = move.move_line_ids.filtered(lambda ml: not ml.picked)
            held = sum(move_lines.mapped("quantity_product_uom"))
            if float_compare(held, qty, precision_rounding=rounding) <= 0:
                move._do_unreserve()
                qty -= held
                continue
            for move_line in move_lines.sorted("id", reverse=True):
                if float_is_zero(qty, precision_rounding=rounding):
                    break
                line_qty = move_line.quantity_product_uom
                if float_compare(line_qty, qty, precision_rounding=rounding) <= 0:
                    move_line.unlink()
                    qty -= line_qty
                else:
                    move_line.quantity = uom._compute_quantity(
                        line_qty - qty,
                        move_line.product_uom_id,
                        rounding_method="HALF-UP",
                    )
                    qty = 0.0
        self._recompute_state()

    def _reserve_distributed_qty(self, qty):
        """Reserve ``qty`` more (product unit) for these moves, the earliest
        moves first."""
        uom = self.product_id.uom_id
        rounding = uom.rounding
        for move in self:
            if float_compare(qty, 0, precision_rounding=rounding) <= 0:
                break
            if move.picked:
                continue
            held = move._get_distribution_figures().reserved
            take = min(move.product_qty - held, qty)
            if float_compare(take, 0, precision_rounding=rounding) <= 0:
                continue
            move._action_assign(
                force_qty=uom._compute_quantity(
                    take, move.product_uom, rounding_method="HALF-UP"
                )
            )
            qty -= move._get_distribution_figures().reserved - held
        self._recompute_state()
