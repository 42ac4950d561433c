# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Backorders: the order priority that Odoo's reservation follows (BO-3);
the confirmed dates of the lines set at confirmation and by a new delivery
date (BO-4)."""

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
        if vals.get("commitment_date"):
            # BO-4: a new delivery date on a confirmed order is a new promise
            for order in self.filtered(lambda o: o.state == "sale"):
                order.order_line.filtered(
                    lambda line: not line.display_type
                ).confirmed_date = fields.Date.context_today(
                    order, timestamp=order.commitment_date
                )
        return res

    # === BUSINESS METHODS ===

    def _action_confirm(self):
        # BO-4: what we confirm is what the customer asked for (the order date
        # is the confirmation's by now); rescheduling changes it afterwards
        for line in self.order_line.filtered(lambda sol: not sol.display_type):
            line.with_context(sm_rescheduling=True).confirmed_date = line.requested_date
        return super()._action_confirm()

    def _propagate_priority_to_pickings(self):
        """BO-3: an order's priority is its open transfers' priority, so that
        Odoo's own reservation (urgent first) follows the order priority."""
        for priority, orders in self.grouped("priority").items():
            pickings = orders.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if pickings:
                pickings.priority = priority
