# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cancelled remainders (RS-5) on the order: one action for every open line."""

from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === ACTION METHODS ===

    def action_cancel_remainders(self, reason=None):
        """RS-5: cancel the whole deliver remainder of every open line of these
        orders, with ``reason``."""
        lines = self.order_line.filtered(
            lambda line: (
                not line.display_type
                and not line.is_downpayment
                and line.qty_deliver_remainder > 0
            )
        )
        if not lines:
            raise UserError(
                self.env._(
                    "%(orders)s: nothing is left to deliver, there is no "
                    "remainder to cancel.",
                    orders=", ".join(self.mapped("name")),
                )
            )
        return lines.action_cancel_remainder(reason=reason)

    def action_open_cancel_remainder_wizard(self):
        """The wizard cancelling (part of) the open lines' remainders."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Remainder"),
            "res_model": "sale.remainder.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
