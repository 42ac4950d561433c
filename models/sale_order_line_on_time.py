# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""On-time delivery (BO-7) on the order line: the date the line was
delivered in full and how many days after its confirmed date, stored so that
the on-time report reads them without touching the moves."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import float_is_zero


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    date_delivered = fields.Date(
        compute="_compute_date_delivered",
        store=True,
        copy=False,
        index="btree_not_null",
        help="The day the line's last delivery was done, once nothing is left "
        "to deliver (a cancelled remainder counts as nothing left).",
    )
    delivery_days_late = fields.Integer(
        string="Days Late at Delivery",
        compute="_compute_date_delivered",
        store=True,
        copy=False,
        help="Days between the confirmed date and the delivery (0 when "
        "delivered by the confirmed date).",
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "qty_deliver_remainder",
        "qty_delivered",
        "confirmed_date",
        "move_ids.state",
        "move_ids.date",
    )
    def _compute_date_delivered(self):
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self:
            done = (
                line.qty_delivered_method == "stock_move"
                and line.state == "sale"
                and float_is_zero(
                    line.qty_deliver_remainder, precision_digits=precision
                )
                and not float_is_zero(line.qty_delivered, precision_digits=precision)
                and line.move_ids.filtered(
                    lambda m: (
                        m.state == "done" and m.location_dest_id.usage == "customer"
                    )
                )
            )
            if not done:
                line.date_delivered = False
                line.delivery_days_late = 0
                continue
            moment = max(done.mapped("date"))
            line.date_delivered = fields.Date.context_today(line, timestamp=moment)
            line.delivery_days_late = (
                max((line.date_delivered - line.confirmed_date).days, 0)
                if line.confirmed_date
                else 0
            )
