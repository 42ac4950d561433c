# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What every feature shares on the order line: the deliver and invoice
remainders and the line status (RS). The features extend sale.order.line in
their own files (sale_order_line_<feature>.py)."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import float_is_zero
from odoo.tools import float_round

from .sale_order import SALES_STATUSES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

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

    # === COMPUTE METHODS ===

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

    # === BUSINESS METHODS ===

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
        delivered = self._get_remainder_qty_delivered_base()
        if self.qty_delivered_method == "manual":
            return max(delivered, self._get_remainder_invoiced_qty())
        return delivered

    def _get_remainder_qty_delivered_base(self):
        """Hook: the delivered quantity the remainders count (features that
        restart the count, as subscription periods, override it)."""
        self.ensure_one()
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

    def _post_lines_note(self, title, items):
        """A note in each order's chatter: ``title`` and one list item per line
        of ``items`` ({line: text}), the lines grouped by their order."""
        by_order = defaultdict(list)
        for line, text in items.items():
            by_order[line.order_id].append(
                Markup("<li>%s: %s</li>")
                % (
                    line.product_id.display_name,
                    text,
                )
            )
        for order, rows in by_order.items():
            order.sudo().message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (title, Markup("").join(rows)),
                subtype_xmlid="mail.mt_note",
            )
