# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (OT-4) on the order line: the origin line, the returnable
quantity, the return receipt, and what sale's own quantities and amounts mean
on a returned order."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

# sale counts a receipt from the customer and a credit note negatively; on a
# returned order they are what came back and what was credited
RETURN_NEGATED_FIELDS = frozenset(
    {
        "qty_delivered",
        "qty_invoiced",
        "qty_invoiced_posted",
        "untaxed_amount_invoiced",
        "amount_invoiced",
    }
)
# a returned order credits what came back, whatever the product's invoicing
# policy (goods invoiced on ordered quantities included)
RETURN_RECEIVED_FIELDS = frozenset(
    {"qty_to_invoice", "untaxed_amount_to_invoice", "amount_to_invoice"}
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    origin_sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Returned Line",
        copy=False,
        index="btree_not_null",
        help="On a returned order: the order line the goods were sold on.",
    )
    returned_line_ids = fields.One2many(
        comodel_name="sale.order.line",
        inverse_name="origin_sale_line_id",
        string="Returned Lines",
    )
    qty_returnable = fields.Float(
        string="Returnable Quantity",
        compute="_compute_qty_returnable",
        digits="Product Unit of Measure",
        help="Delivered and not yet on a returned order (in the line's unit).",
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "qty_delivered",
        "returned_line_ids.product_uom_qty",
        "returned_line_ids.product_uom",
        "returned_line_ids.state",
    )
    def _compute_qty_returnable(self):
        returned = self._get_returned_quantities()
        for line in self:
            line.qty_returnable = max(
                line.qty_delivered - returned.get(line.id, 0.0), 0.0
            )

    def _compute_discount(self):
        # returned lines keep the discount they were sold with
        returned = self.filtered("origin_sale_line_id")
        return super(SaleOrderLine, self - returned)._compute_discount()

    def _compute_field_value(self, field):
        """One mechanism for what sale computes on the lines of returned
        orders (the quantities and amounts of RETURN_NEGATED_FIELDS and
        RETURN_RECEIVED_FIELDS): sale's computations run unchanged, then
        _adjust_returned_values gives them their returned-order meaning."""
        res = super()._compute_field_value(field)
        fnames = RETURN_NEGATED_FIELDS | RETURN_RECEIVED_FIELDS
        computed = {f.name for f in self.pool.field_computed.get(field, [field])}
        if computed & fnames:
            returned = self._filtered_returned_lines()
            if returned:
                returned._adjust_returned_values(computed & fnames)
        return res

    # === CONSTRAINT METHODS ===

    @api.constrains("product_uom_qty", "origin_sale_line_id", "order_id")
    def _check_returned_quantities(self):
        """OT-4: a return never has negative quantities nor returns more than
        was delivered on the original line."""
        lines = self._filtered_returned_lines()
        for line in lines:
            if line.product_uom_qty < 0:
                raise ValidationError(
                    self.env._(
                        "Returned order %(order)s: the quantity of %(product)s cannot "
                        "be negative.",
                        order=line.order_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
        origins = lines.origin_sale_line_id
        returned = origins._get_returned_quantities()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for origin in origins:
            if (
                float_compare(
                    returned.get(origin.id, 0.0),
                    origin.qty_delivered,
                    precision_digits=precision,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(returned)s returned but only %(delivered)s "
                        "delivered on %(order)s.",
                        product=origin.product_id.display_name,
                        returned=returned[origin.id],
                        delivered=origin.qty_delivered,
                        order=origin.order_id.display_name,
                    )
                )

    # === BUSINESS METHODS ===

    def _adjust_returned_values(self, fnames):
        """OT-4: on returned orders, "delivered" is what came back (goods,
        counted by sale_stock from the receipts), "invoiced" what was credited,
        and goods are credited for the received quantity whatever the product's
        invoicing policy (lines without stock moves keep Odoo's policy)."""
        for line in self:
            goods = line.qty_delivered_method == "stock_move"
            for fname in fnames:
                if fname in RETURN_NEGATED_FIELDS:
                    if goods or fname != "qty_delivered":
                        line[fname] = -line[fname]
                elif goods:
                    line[fname] = line._get_returned_received_value(fname)

    def _get_returned_received_value(self, fname):
        """The value of ``fname`` (RETURN_RECEIVED_FIELDS) of a returned goods
        line: counted on the received quantity. Sale's own value is already
        right for goods invoiced on delivered quantities."""
        self.ensure_one()
        value = self[fname]
        if self.product_id.invoice_policy != "order" and fname != "qty_to_invoice":
            return value
        if fname == "qty_to_invoice":
            return self.qty_delivered - self.qty_invoiced if self.state == "sale" else 0
        if fname == "untaxed_amount_to_invoice":
            if self.state != "sale":
                return value
            # sale counted the ordered quantity: only the received counts
            not_received = self.product_uom_qty - self.qty_delivered
            return value - not_received * self.price_reduce_taxexcl
        if not self.product_uom_qty:
            return value
        unit_price_total = self.price_total / self.product_uom_qty
        return unit_price_total * (self.qty_delivered - self.qty_invoiced_posted)

    def _filtered_returned_lines(self):
        return self.filtered(lambda line: line.order_id.order_type == "returned")

    def _get_returned_quantities(self):
        """{original line id: quantity on returned orders (not cancelled), in
        the original line's unit}, for these original lines: one query."""
        if not self.ids:
            return {}
        groups = self._read_group(
            [
                ("origin_sale_line_id", "in", self.ids),
                ("state", "!=", "cancel"),
                ("order_id.order_type", "=", "returned"),
            ],
            ["origin_sale_line_id", "product_uom"],
            ["product_uom_qty:sum"],
        )
        result = {}
        for origin, uom, qty in groups:
            result[origin.id] = result.get(origin.id, 0.0) + uom._compute_quantity(
                qty, origin.product_uom, round=False
            )
        return result

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        returned = self._filtered_returned_lines()
        res = super(SaleOrderLine, self - returned)._action_launch_stock_rule(
            previous_product_uom_qty=previous_product_uom_qty
        )
        if returned and not self.env.context.get("skip_procurement"):
            returned._create_return_receipts()
        return res

    def _create_return_receipts(self):
        """OT-4: confirming a returned order creates an incoming receipt from
        the customer (never a delivery), one per order, for what is not yet
        expected back."""
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for order, lines in self.grouped("order_id").items():
            move_vals = []
            for line in lines:
                if line.state != "sale" or line.product_id.type != "consu":
                    continue
                expected = sum(
                    move.product_uom._compute_quantity(
                        move.product_uom_qty, line.product_uom
                    )
                    for move in line.move_ids
                    if move.state != "cancel"
                )
                qty = line.product_uom_qty - expected
                if float_compare(qty, 0.0, precision_digits=precision) > 0:
                    move_vals.append(line._prepare_return_receipt_move(qty))
            if move_vals:
                picking = self.env["stock.picking"].create(
                    order._prepare_return_receipt(move_vals)
                )
                picking.action_confirm()

    def _prepare_return_receipt_move(self, qty):
        self.ensure_one()
        return {
            "name": self.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom.id,
            "product_uom_qty": qty,
            "sale_line_id": self.id,
            "to_refund": True,
            "partner_id": self.order_id.partner_shipping_id.id,
            "description_picking": self.name,
        }
