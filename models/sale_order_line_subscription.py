# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Subscriptions (OT-3) on the order line: what closed periods delivered and
invoiced, so that the remainders and the procurement count the current period
only."""

from odoo import api
from odoo import fields
from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    subscription_qty_delivered_closed = fields.Float(
        string="Delivered in Closed Periods",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
    )
    subscription_qty_invoiced_closed = fields.Float(
        string="Invoiced in Closed Periods",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "subscription_qty_delivered_closed", "subscription_qty_invoiced_closed"
    )
    def _compute_remainders(self):
        return super()._compute_remainders()

    # === BUSINESS METHODS ===

    def _get_subscription_period_quantities(self):
        """{line: (delivered in the period, to invoice for the period)}:
        goods invoiced on delivery bill what was delivered in the period,
        everything else (services, goods invoiced on order) the ordered
        quantity of a period."""
        result = {}
        for line in self:
            delivered = max(
                line.qty_delivered - line.subscription_qty_delivered_closed, 0.0
            )
            invoiced = line.qty_invoiced - line.subscription_qty_invoiced_closed
            if line.product_id.invoice_policy == "delivery":
                base = delivered
            else:
                base = line.product_uom_qty
            result[line] = (delivered, max(base - invoiced, 0.0))
        return result

    def _prepare_subscription_close_vals(self):
        """What closing a period writes on a line: the quantities delivered
        and invoiced so far belong to closed periods from now on."""
        self.ensure_one()
        return {
            "subscription_qty_delivered_closed": max(
                self.qty_delivered, self.subscription_qty_delivered_closed
            ),
            "subscription_qty_invoiced_closed": self.qty_invoiced,
        }

    def _get_qty_procurement(self, previous_product_uom_qty=False):
        """OT-3: a new subscription period procures its ordered quantity again:
        what closed periods delivered no longer counts as procured."""
        qty = super()._get_qty_procurement(
            previous_product_uom_qty=previous_product_uom_qty
        )
        if self.order_id.order_type == "subscription":
            qty -= self.subscription_qty_delivered_closed
        return qty

    def _get_remainder_qty_delivered_base(self):
        # the current period only
        return super()._get_remainder_qty_delivered_base() - (
            self.subscription_qty_delivered_closed
        )

    def _get_remainder_invoiced_qty(self):
        # the current period only
        return super()._get_remainder_invoiced_qty() - (
            self.subscription_qty_invoiced_closed
        )
