# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import float_is_zero
from odoo.tools import float_round
from odoo.tools.sql import create_index

from .sale_backorder_line import SALE_LINE_BACKORDER_INDEX
from .sale_backorder_line import SALE_LINE_BACKORDER_PREDICATE
from .sale_order import SALES_STATUSES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Not precomputed: they depend on qty_delivered, which Odoo computes after
    # insertion (stock moves, timesheets...).
    qty_deliver_remainder = fields.Float(
        string="Deliver Remainder",
        compute="_compute_remainders",
        store=True,
        digits="Product Unit of Measure",
        help="Ordered minus delivered quantity, in the line's unit; never "
        "negative. Returns increase it again.",
    )
    qty_invoice_remainder = fields.Float(
        string="Invoice Remainder",
        compute="_compute_remainders",
        store=True,
        digits="Product Unit of Measure",
        help="Ordered minus invoiced quantity (posted invoices minus posted "
        "credit notes), in the line's unit; never negative.",
    )
    sales_status = fields.Selection(
        selection=SALES_STATUSES,
        compute="_compute_sales_status",
        store=True,
        index="btree_not_null",
    )

    @api.depends(
        "state",
        "display_type",
        "is_downpayment",
        "is_expense",
        "product_uom_qty",
        "qty_delivered",
        "qty_delivered_method",
        "qty_invoiced_posted",
    )
    def _compute_remainders(self):
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self:
            if line.display_type or line.is_downpayment or line.state == "cancel":
                line.qty_deliver_remainder = line.qty_invoice_remainder = 0.0
                continue
            ordered = line._get_remainder_ordered_qty()
            deliver = float_round(
                ordered - line._get_remainder_delivered_qty(),
                precision_digits=precision,
            )
            invoice = float_round(
                ordered - line._get_remainder_invoiced_qty(),
                precision_digits=precision,
            )
            line.qty_deliver_remainder = max(deliver, 0.0)
            line.qty_invoice_remainder = max(invoice, 0.0)

    @api.depends(
        "state",
        "display_type",
        "qty_deliver_remainder",
        "qty_invoice_remainder",
    )
    def _compute_sales_status(self):
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self:
            if line.display_type:
                line.sales_status = False
            elif line.state == "cancel":
                line.sales_status = "cancelled"
            elif not float_is_zero(
                line.qty_deliver_remainder, precision_digits=precision
            ):
                line.sales_status = "open"
            elif not float_is_zero(
                line.qty_invoice_remainder, precision_digits=precision
            ):
                line.sales_status = "delivered"
            else:
                line.sales_status = "invoiced"

    def _get_remainder_ordered_qty(self):
        """The quantity the remainders start from (RS-1)."""
        self.ensure_one()
        if self.is_expense:
            # re-invoiced costs are ordered by the act of delivering them
            return max(self.product_uom_qty, self.qty_delivered)
        return self.product_uom_qty

    def _get_remainder_delivered_qty(self):
        """The delivered quantity counted by RS-1.

        Lines delivered by hand (services without stock moves) are delivered by
        posting their invoice, as in Dynamics 365: what is invoiced counts as
        delivered when nobody recorded a delivery.
        """
        self.ensure_one()
        if self.qty_delivered_method == "manual":
            return max(self.qty_delivered, self._get_remainder_invoiced_qty())
        return self.qty_delivered

    def _get_remainder_invoiced_qty(self):
        """The invoiced quantity counted by RS-1: posted invoices minus posted
        credit notes (drafts do not count until posted)."""
        self.ensure_one()
        return self.qty_invoiced_posted

    def _filtered_status_lines(self):
        """Lines that make the order status: products, not sections/notes or
        down payments."""
        return self.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        res = super()._action_launch_stock_rule(
            previous_product_uom_qty=previous_product_uom_qty
        )
        self.order_id.filtered(
            lambda order: order.priority != "0"
        )._propagate_priority_to_pickings()
        return res

    def init(self):
        res = super().init()
        # BO-2: the backorder workbenches read the open lines only
        create_index(
            self.env.cr,
            SALE_LINE_BACKORDER_INDEX,
            self._table,
            ["product_id", "warehouse_id"],
            where=SALE_LINE_BACKORDER_PREDICATE.format(t=""),
        )
        return res
