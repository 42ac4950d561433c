# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Backorders on the order line: new transfers keep the order's priority
(BO-3); each line has the customer's requested date and our confirmed date
(BO-4), which the backorder workbenches count days late from."""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    requested_date = fields.Date(
        compute="_compute_requested_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="The date the customer asked for: the order's delivery date if "
        "set (or the requested date of an agreement release), otherwise the "
        "order date plus the line's lead time.",
    )
    confirmed_date = fields.Date(
        compute="_compute_confirmed_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        index="btree_not_null",
        help="The date we promised the customer: the requested date when the "
        "order is confirmed, then changed by rescheduling. Days late count "
        "from it.",
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "order_id.commitment_date",
        "order_id.date_order",
        "customer_lead",
        "release_date_requested",
    )
    def _compute_requested_date(self):
        for line in self:
            line.requested_date = line._get_default_requested_date()

    @api.depends("requested_date")
    def _compute_confirmed_date(self):
        for line in self:
            if line.state == "sale" and line.confirmed_date:
                continue  # our promise: changed by rescheduling only
            line.confirmed_date = line.requested_date

    # === BUSINESS METHODS ===

    def _get_default_requested_date(self):
        self.ensure_one()
        if self.release_date_requested:
            return self.release_date_requested
        order = self.order_id
        moment = order.commitment_date or (
            order.date_order
            and order.date_order + timedelta(days=self.customer_lead or 0.0)
        )
        if not moment:
            return False
        return fields.Date.context_today(self, timestamp=moment)

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
