# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cancelled remainders (RS-5, RS-6) on the order line: the cancelled
quantity and its reason lower both remainders, the pending moves shrink with
them, and a later change of the ordered quantity does not procure them again.
"""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools import float_is_zero
from odoo.tools import float_round

from .utils import lock_rows

CANCEL_FIELDS = frozenset({"qty_cancelled", "cancel_reason", "cancel_picking_id"})


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    qty_cancelled = fields.Float(
        string="Cancelled Quantity",
        digits="Product Unit of Measure",
        default=0.0,
        copy=False,
        readonly=True,
        help="The part of the deliver remainder that was cancelled (the "
        "customer will not receive it), in the line's unit: it is neither "
        "delivered nor invoiced.",
    )
    cancel_reason = fields.Char(
        string="Cancellation Reason",
        copy=False,
        readonly=True,
        help="Why the remainder was cancelled.",
    )
    cancel_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Cancelled By Transfer",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The transfer validated without a backorder that cancelled the "
        "remainder (RS-6).",
    )

    # === COMPUTE METHODS ===

    @api.depends("qty_cancelled")
    def _compute_remainders(self):
        return super()._compute_remainders()

    @api.depends("qty_cancelled", "qty_delivered")
    def _compute_sales_status(self):
        res = super()._compute_sales_status()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self:
            # nothing was delivered and everything left was cancelled
            if (
                line.sales_status != "cancelled"
                and not line.display_type
                and float_compare(line.qty_cancelled, 0, precision_digits=precision) > 0
                and float_is_zero(line.qty_delivered, precision_digits=precision)
                and float_is_zero(
                    line.qty_deliver_remainder, precision_digits=precision
                )
                and float_is_zero(line.qty_invoiced_posted, precision_digits=precision)
            ):
                line.sales_status = "cancelled"
        return res

    @api.depends("qty_cancelled")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        for line in self._get_cancel_order_policy_lines():
            line.qty_to_invoice -= line.qty_cancelled
        return res

    @api.depends("qty_cancelled")
    def _compute_invoice_status(self):
        res = super()._compute_invoice_status()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self:
            # what was not cancelled is invoiced: the line is (Odoo compares
            # with the ordered quantity)
            if (
                line.invoice_status == "no"
                and line.qty_cancelled
                and line.state == "sale"
                and not float_is_zero(line.qty_invoiced, precision_digits=precision)
                and float_compare(
                    line.qty_invoiced,
                    line.product_uom_qty - line.qty_cancelled,
                    precision_digits=precision,
                )
                >= 0
            ):
                line.invoice_status = "invoiced"
        return res

    @api.depends("qty_cancelled")
    def _compute_untaxed_amount_to_invoice(self):
        res = super()._compute_untaxed_amount_to_invoice()
        for line in self._get_cancel_order_policy_lines():
            line.untaxed_amount_to_invoice -= (
                line.qty_cancelled * line.price_reduce_taxexcl
            )
        return res

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        if any(CANCEL_FIELDS & vals.keys() for vals in vals_list):
            self._check_cancel_fields_written()
        return super().create(vals_list)

    def write(self, vals):
        if CANCEL_FIELDS & vals.keys():
            self._check_cancel_fields_written()
        if "product_uom_qty" in vals:
            # before Odoo procures the new quantity (it compares it with what
            # is procured, the cancelled part included)
            self._clamp_cancelled_qty(vals["product_uom_qty"])
        return super().write(vals)

    # === ACTION METHODS ===

    def action_cancel_remainder(self, qty=None, reason=None):
        """RS-5: cancel ``qty`` (the line's unit; all of it when None) of the
        deliver remainder of these lines, with ``reason``."""
        self._check_cancel_remainder_access()
        lines = lock_rows(self)
        lines.invalidate_recordset(["qty_cancelled", "qty_deliver_remainder"])
        quantities = {
            line: line.qty_deliver_remainder if qty is None else qty for line in lines
        }
        lines._check_cancel_remainder(quantities)
        lines._cancel_remainder(quantities, reason or self.env._("Cancelled by user"))
        return True

    def action_reopen_remainder(self):
        """RS-5: give the cancelled quantity back to the remainders and
        procure it again (while the order is not locked)."""
        self._check_cancel_remainder_access()
        lines = lock_rows(self)
        lines.invalidate_recordset(["qty_cancelled"])
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in lines:
            error = line._get_cancel_remainder_error(reopen=True)
            if not error and float_is_zero(
                line.qty_cancelled, precision_digits=precision
            ):
                error = self.env._(
                    "%(order)s, %(product)s: no remainder is cancelled.",
                    order=line.order_id.name,
                    product=line.product_id.display_name,
                )
            if error:
                raise UserError(error)
        reopened = {line: line.qty_cancelled for line in lines}
        lines.sudo().with_context(sm_remainder_cancel=True).write(
            {"qty_cancelled": 0.0, "cancel_reason": False, "cancel_picking_id": False}
        )
        lines._post_remainder_message(reopened, reopen=True)
        lines.sudo().filtered(
            lambda line: line.qty_delivered_method == "stock_move"
        )._action_launch_stock_rule()
        return True

    # === BUSINESS METHODS ===

    def _check_cancel_fields_written(self):
        """The cancelled quantity moves the remainders and the deliveries: it
        is written by cancelling or re-opening, never directly (XML-RPC,
        imports)."""
        if not self.env.context.get("sm_remainder_cancel"):
            raise UserError(
                self.env._(
                    "The cancelled quantity of an order line is set by Cancel "
                    "Remainder and Re-open (action_cancel_remainder, "
                    "action_reopen_remainder), not written directly."
                )
            )

    def _clamp_cancelled_qty(self, ordered):
        """A lower ordered quantity takes the cancelled part first: what is
        cancelled never exceeds what was ordered and not delivered (ordered 3,
        2 delivered and 1 cancelled, then ordered 2: nothing is cancelled any
        more and the 2 delivered are invoiced)."""
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self.filtered("qty_cancelled"):
            kept = max(min(line.qty_cancelled, ordered - line.qty_delivered), 0.0)
            if float_compare(kept, line.qty_cancelled, precision_digits=precision):
                line.sudo().with_context(sm_remainder_cancel=True).write(
                    {"qty_cancelled": float_round(kept, precision_digits=precision)}
                    | (
                        {}
                        if kept
                        else {"cancel_reason": False, "cancel_picking_id": False}
                    )
                )

    def _get_cancel_order_policy_lines(self):
        """Lines invoiced on ordered quantities whose cancelled quantity is not
        to be invoiced (returned orders credit what came back, OT-4)."""
        return self.filtered(
            lambda line: (
                line.qty_cancelled
                and line.state == "sale"
                and line.product_id.invoice_policy == "order"
                and line.order_id.order_type != "returned"
            )
        )

    def _check_cancel_remainder_access(self):
        """Salesmen on their own orders, managers on all (Odoo's rules)."""
        self.check_access("write")
        self.order_id.check_access("write")

    def _get_cancel_remainder_error(self, reopen=False):
        """Why the remainder of this line cannot be cancelled (or re-opened),
        or False."""
        self.ensure_one()
        order = self.order_id
        names = {"order": order.name, "product": self.product_id.display_name}
        if self.display_type or self.is_downpayment:
            return self.env._(
                "%(order)s: only product lines have a remainder to cancel.", **names
            )
        if order.order_type == "journal":
            return self.env._(
                "%(order)s is a journal: it has no remainder to cancel.", **names
            )
        if order.order_type == "subscription":
            return self.env._(
                "%(order)s is a subscription: its remainder is the period's; "
                "change or close the subscription instead.",
                **names,
            )
        if self.state != "sale":
            return self.env._(
                "%(order)s is not a confirmed order: change its quantities instead.",
                **names,
            )
        if order.locked:
            return (
                self.env._(
                    "%(order)s is locked: unlock it to re-open the remainder of "
                    "%(product)s.",
                    **names,
                )
                if reopen
                else self.env._(
                    "%(order)s is locked: unlock it to cancel the remainder of "
                    "%(product)s.",
                    **names,
                )
            )
        return False

    def _check_cancel_remainder(self, quantities):
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line, qty in quantities.items():
            error = line._get_cancel_remainder_error()
            names = {
                "order": line.order_id.name,
                "product": line.product_id.display_name,
                "qty": qty,
                "remainder": line.qty_deliver_remainder,
                "uom": line.product_uom.name,
            }
            if not error and float_compare(qty, 0, precision_digits=precision) <= 0:
                error = self.env._(
                    "%(order)s, %(product)s: the quantity to cancel must be "
                    "positive (%(qty)s).",
                    **names,
                )
            if (
                not error
                and float_compare(
                    qty, line.qty_deliver_remainder, precision_digits=precision
                )
                > 0
            ):
                error = self.env._(
                    "%(order)s, %(product)s: %(qty)s %(uom)s is more than the "
                    "deliver remainder (%(remainder)s %(uom)s).",
                    **names,
                )
            if error:
                raise UserError(error)

    def _cancel_remainder(self, quantities, reason, picking=None):
        """Cancel ``quantities`` ({line: qty in the line's unit}) of these
        lines' remainders: the lines keep the quantity and the reason, their
        pending moves shrink, the orders' chatter says it. Batched: the same
        number of queries for one line or hundreds."""
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line, qty in quantities.items():
            line.sudo().with_context(sm_remainder_cancel=True).write(
                {
                    "qty_cancelled": float_round(
                        line.qty_cancelled + qty, precision_digits=precision
                    ),
                    "cancel_reason": reason,
                    "cancel_picking_id": picking.id if picking else False,
                }
            )
        if not picking:
            # a transfer validated without backorder already cancelled them
            self._reduce_pending_moves(quantities)
        self._post_remainder_message(quantities, reason=reason, picking=picking)

    def _reduce_pending_moves(self, quantities):
        """Take the cancelled quantities off the lines' pending moves, the last
        step first (the delivery to the customer, then the moves feeding it),
        the latest moves first; whole moves are cancelled in one go."""
        to_cancel = self.env["stock.move"]
        to_reduce = {}
        # every move and its links read at once, not line by line
        self.union(*quantities).sudo().move_ids.fetch(
            ["state", "scrapped", "product_uom_qty", "product_uom", "date"]
        )
        self.union(*quantities).sudo().move_ids.mapped("move_dest_ids")
        self.union(*quantities).sudo().move_ids.mapped("move_orig_ids")
        for line, qty in quantities.items():
            pending = line.sudo().move_ids.filtered(
                lambda m: m.state not in ("done", "cancel") and not m.scrapped
            )
            step = pending.filtered(
                lambda m, pending=pending: not (m.move_dest_ids & pending)
            )
            while step:
                left = qty
                for move in step.sorted(lambda m: (m.date, m.id), reverse=True):
                    move_qty = move.product_uom._compute_quantity(
                        move.product_uom_qty, line.product_uom, round=False
                    )
                    if float_compare(left, 0, precision_digits=6) <= 0:
                        break
                    if float_compare(move_qty, left, precision_digits=6) <= 0:
                        to_cancel |= move
                        left -= move_qty
                    else:
                        to_reduce[move] = line.product_uom._compute_quantity(
                            move_qty - left, move.product_uom, rounding_method="HALF-UP"
                        )
                        left = 0.0
                # the moves feeding them (a pick before the ship: Odoo links
                # only the last step to the order line)
                step = step.move_orig_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                )
        if to_cancel:
            to_cancel._action_cancel()
        for move, new_qty in to_reduce.items():
            move.product_uom_qty = new_qty
        reduced = self.env["stock.move"].union(*to_reduce)
        if reduced:
            reduced._action_assign()

    def _post_remainder_message(
        self, quantities, reason=None, picking=None, reopen=False
    ):
        if reopen:
            title = self.env._("Remainder re-opened")
        elif picking:
            title = self.env._(
                "Remainder cancelled by %(picking)s (%(reason)s)",
                picking=picking.name,
                reason=reason,
            )
        else:
            title = self.env._("Remainder cancelled (%(reason)s)", reason=reason)
        self._post_lines_note(
            title,
            {
                line: f"{qty} {line.product_uom.name}"
                for line, qty in quantities.items()
            },
        )

    def _get_qty_procurement(self, previous_product_uom_qty=False):
        # a cancelled remainder counts as procured: raising the ordered
        # quantity later procures the difference only
        return (
            super()._get_qty_procurement(
                previous_product_uom_qty=previous_product_uom_qty
            )
            + self.qty_cancelled
        )

    def _get_remainder_ordered_qty(self):
        return super()._get_remainder_ordered_qty() - self.qty_cancelled

    def _cancel_remainders_not_shipped(self, quantities, picking):
        """RS-6: ``picking`` was validated without a backorder and shipped
        ``quantities`` ({line: qty in the line's unit}) less than these lines'
        moves asked for: that much of their remainders is cancelled (at most
        the remainder), with the reason "no backorder" and the picking as
        source."""
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        to_cancel = {}
        for line, qty in quantities.items():
            if line.state != "sale" or line.order_id.order_type not in (
                "sales",
                "item_requirement",
            ):
                continue
            qty = float_round(
                min(qty, line.qty_deliver_remainder), precision_digits=precision
            )
            if float_compare(qty, 0, precision_digits=precision) > 0:
                to_cancel[line] = qty
        if to_cancel:
            self.union(*to_cancel)._cancel_remainder(
                to_cancel, self.env._("no backorder"), picking=picking
            )
