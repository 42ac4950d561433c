# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (OT-4, RT) on the order line: the origin line, the
returnable quantity, the disposition code, the return receipt (Odoo return
moves of the original deliveries), the replacement links, and what sale's own
quantities and amounts mean on a returned order."""

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare
from odoo.tools import float_is_zero

from .sale_return_disposition import RECEIVED_ACTIONS

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
    _sql_constraints = [
        (
            "replaced_return_line_uniq",
            "unique(replaced_return_line_id)",
            "A return line is replaced once, never twice.",
        ),
    ]

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
    disposition_id = fields.Many2one(
        comodel_name="sale.return.disposition",
        string="Disposition Code",
        check_company=True,
        index="btree_not_null",
        copy=False,
        help="On a returned order: what happens to the goods when they arrive "
        "(credit, scrap, replace, return to the customer). Chosen beforehand or "
        "when the receipt is validated.",
    )
    disposition_action = fields.Selection(related="disposition_id.action")
    replaced_return_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Replaces Return Line",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="On a replacement order: the returned order line this line replaces.",
    )
    replacement_line_ids = fields.One2many(
        comodel_name="sale.order.line",
        inverse_name="replaced_return_line_id",
        string="Replacement Lines",
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

    @api.depends("disposition_id.action")
    def _compute_qty_delivered(self):
        # credit-only returns count as back without a receipt (their
        # confirmation and quantity changes trigger it: _action_launch_stock_rule)
        return super()._compute_qty_delivered()

    @api.depends("disposition_id.action")
    def _compute_remainders(self):
        # goods returned to the customer are never credited
        return super()._compute_remainders()

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

    @api.constrains("origin_sale_line_id", "order_id")
    def _check_returned_origin(self):
        """RT-6: a returned order gathers lines sold to its customer only, and
        never returns a return."""
        for line in self._filtered_returned_lines().filtered("origin_sale_line_id"):
            origin = line.origin_sale_line_id
            partner = line.order_id.partner_id.commercial_partner_id
            if (
                origin.order_id.order_type == "returned"
                or origin.order_id.partner_id.commercial_partner_id != partner
            ):
                raise ValidationError(
                    self.env._(
                        "%(order)s: %(product)s was not sold to %(partner)s on "
                        "%(origin)s; a return gathers lines of its customer's own "
                        "sales orders only.",
                        order=line.order_id.display_name,
                        product=line.product_id.display_name,
                        partner=partner.display_name,
                        origin=origin.order_id.display_name,
                    )
                )

    @api.constrains("disposition_id", "order_id")
    def _check_disposition(self):
        """RT-3: disposition codes are for returned orders."""
        for line in self.filtered("disposition_id"):
            if line.order_id.order_type != "returned":
                raise ValidationError(
                    self.env._(
                        "%(order)s is not a returned order: %(product)s cannot have "
                        "a disposition code.",
                        order=line.order_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    # === CRUD METHODS ===

    def write(self, vals):
        if "disposition_id" in vals:
            self._check_disposition_change(vals["disposition_id"])
        res = super().write(vals)
        if "disposition_id" in vals:
            self._filtered_returned_lines().filtered(
                lambda line: line.state == "sale"
            )._sync_return_receipt()
        return res

    # === BUSINESS METHODS ===

    def _check_disposition_change(self, disposition_id):
        """RT-3: the disposition of goods already received or credited is what
        was done with them: it no longer changes."""
        for line in self._filtered_returned_lines():
            if line.disposition_id.id == disposition_id:
                continue
            received = line.move_ids.filtered(
                lambda m: m.state == "done" and m.location_id.usage == "customer"
            )
            if received or line.invoice_lines:
                raise ValidationError(
                    self.env._(
                        "%(order)s: %(product)s was already received or credited "
                        "with disposition %(disposition)s; it can no longer change.",
                        order=line.order_id.display_name,
                        product=line.product_id.display_name,
                        disposition=line.disposition_id.display_name
                        or self.env._("none"),
                    )
                )

    def _sync_return_receipt(self):
        """A confirmed return line changed disposition: credit-only lines
        expect nothing back (their open receipt moves are cancelled), the
        others expect their goods."""
        credit_only = self.filtered(
            lambda line: line.disposition_action == "credit_only"
        )
        credit_only.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )._action_cancel()
        (self - credit_only)._create_return_receipts()

    def _adjust_returned_values(self, fnames):
        """OT-4: on returned orders, "delivered" is what came back (goods,
        counted by sale_stock from the receipts), "invoiced" what was credited,
        and goods are credited for the received quantity whatever the product's
        invoicing policy (lines without stock moves keep Odoo's policy)."""
        for line in self:
            goods = line.qty_delivered_method == "stock_move"
            action = line.disposition_id.action
            for fname in fnames:
                if fname in RETURN_NEGATED_FIELDS:
                    if goods or fname != "qty_delivered":
                        line[fname] = -line[fname]
                    if fname == "qty_delivered" and goods and action == "credit_only":
                        # RT-3: nothing comes back, the line counts as returned
                        line[fname] = (
                            line.product_uom_qty if line.state == "sale" else 0
                        )
                elif action == "return_to_customer":
                    # RT-3: shipped back to the customer, never credited
                    line[fname] = 0.0
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

    def _get_remainder_invoiced_qty(self):
        # RT-3: goods returned to the customer have nothing left to credit
        if (
            self.disposition_id.action == "return_to_customer"
            and self.order_id.order_type == "returned"
        ):
            return self._get_remainder_ordered_qty()
        return super()._get_remainder_invoiced_qty()

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
            # credit-only lines count as returned once confirmed, for their
            # quantity (RT-3): recompute what depends on their disposition
            returned.filtered(
                lambda line: line.disposition_action == "credit_only"
            ).modified(["disposition_id"])
        return res

    def _create_return_receipts(self):
        """OT-4/RT-5: confirming a returned order creates an incoming receipt
        from the customer (never a delivery), one per order, for what is not
        yet expected back; lines with an origin line come back as Odoo return
        moves of its deliveries (origin_returned_move_id), so that stock
        valuation takes the cost they were sold at. Credit-only lines expect
        nothing (RT-3)."""
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for order, lines in self.grouped("order_id").items():
            move_vals = []
            for line in lines:
                if (
                    line.state != "sale"
                    or line.product_id.type != "consu"
                    or (line.disposition_id and not line._is_received_disposition())
                ):
                    continue
                expected = sum(
                    move.product_uom._compute_quantity(
                        move.product_uom_qty, line.product_uom
                    )
                    for move in line.move_ids
                    if move.state != "cancel"
                    and not move.scrapped
                    and move.location_id.usage == "customer"
                )
                qty = line.product_uom_qty - expected
                if float_compare(qty, 0.0, precision_digits=precision) > 0:
                    move_vals += line._prepare_return_receipt_moves(qty)
            if move_vals:
                picking = self.env["stock.picking"].create(
                    order._prepare_return_receipt(move_vals)
                )
                # as Odoo's return wizard
                picking.action_confirm()
                picking.action_assign()

    def _is_received_disposition(self):
        self.ensure_one()
        return self.disposition_id.action in RECEIVED_ACTIONS

    def _prepare_return_receipt_moves(self, qty):
        """RT-5: the receipt moves of ``qty`` (line unit): return moves of the
        original line's deliveries, oldest first, each up to what is still
        returnable on it; what no delivery covers comes back as a plain
        receipt move."""
        self.ensure_one()
        moves = []
        uom = self.product_id.uom_id
        remaining = self.product_uom._compute_quantity(qty, uom, round=False)
        for move in self._get_returnable_delivery_moves():
            returned = sum(
                m.product_qty for m in move.returned_move_ids if m.state != "cancel"
            )
            free = (
                move.product_uom._compute_quantity(move.quantity, uom, round=False)
                - returned
            )
            if float_compare(free, 0.0, precision_rounding=uom.rounding) <= 0:
                continue
            take = min(free, remaining)
            moves.append(
                self._prepare_return_receipt_move(
                    uom._compute_quantity(take, self.product_uom),
                    origin_move=move,
                )
            )
            remaining -= take
            if float_is_zero(remaining, precision_rounding=uom.rounding):
                return moves
        if float_compare(remaining, 0.0, precision_rounding=uom.rounding) > 0:
            moves.append(
                self._prepare_return_receipt_move(
                    uom._compute_quantity(remaining, self.product_uom)
                )
            )
        return moves

    def _get_returnable_delivery_moves(self):
        """The done deliveries to the customer of the original line."""
        self.ensure_one()
        return self.origin_sale_line_id.move_ids.filtered(
            lambda m: (
                m.state == "done"
                and not m.scrapped
                and not m.origin_returned_move_id
                and m.location_dest_id.usage == "customer"
                and m.product_id == self.product_id
            )
        ).sorted("id")

    def _prepare_return_receipt_move(self, qty, origin_move=None):
        self.ensure_one()
        vals = {
            "name": self.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom.id,
            "product_uom_qty": qty,
            "sale_line_id": self.id,
            "to_refund": True,
            "partner_id": self.order_id.partner_shipping_id.id,
            "description_picking": self.name,
            "procure_method": "make_to_stock",
        }
        if origin_move:
            # as Odoo's return wizard: a return of the delivery, linked to it
            vals["origin_returned_move_id"] = origin_move.id
            vals["move_orig_ids"] = [Command.link(origin_move.id)]
        return vals

    def _prepare_replacement_line(self):
        """RT-4: the replacement order line of this return line: the same goods
        on the same terms."""
        self.ensure_one()
        return {
            "replaced_return_line_id": self.id,
            "product_id": self.product_id.id,
            "name": self.name,
            "product_uom_qty": self.product_uom_qty,
            "product_uom": self.product_uom.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_id": [Command.set(self.tax_id.ids)],
        }
