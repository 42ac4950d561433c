# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Backorders (BO-3) on the order line: new transfers keep the order's
priority."""

from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        res = super()._action_launch_stock_rule(
            previous_product_uom_qty=previous_product_uom_qty
        )
        # urgent orders keep their priority on the new transfers (return
        # receipts included: this override comes after the returns feature's)
        self.order_id.filtered(
            lambda order: order.priority != "0"
        )._propagate_priority_to_pickings()
        return res
