# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Backorders (BO-3): the order priority that Odoo's reservation follows."""

from odoo import fields
from odoo import models

from odoo.addons.stock.models.stock_move import PROCUREMENT_PRIORITIES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS ===

    priority = fields.Selection(
        selection=PROCUREMENT_PRIORITIES,
        default="0",
        tracking=True,
        help="Urgent orders are served first: their deliveries are starred (and "
        "reserved first by the warehouse) and the stock distribution of "
        "backorders puts them first.",
    )

    # === CRUD METHODS ===

    def write(self, vals):
        res = super().write(vals)
        if "priority" in vals:
            self._propagate_priority_to_pickings()
        return res

    # === BUSINESS METHODS ===

    def _propagate_priority_to_pickings(self):
        """BO-3: an order's priority is its open transfers' priority, so that
        Odoo's own reservation (urgent first) follows the order priority."""
        for priority, orders in self.grouped("priority").items():
            pickings = orders.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if pickings:
                pickings.priority = priority
