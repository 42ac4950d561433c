# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from collections import namedtuple

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_compare
from odoo.tools import float_is_zero
from odoo.tools import float_round
from odoo.tools.sql import create_index

from .sale_backorder_line import SALE_LINE_BACKORDER_INDEX
from .sale_backorder_line import SALE_LINE_BACKORDER_PREDICATE
from .sale_order import SALES_STATUSES
from .stock_picking import SlipQuantities

# what a confirmed line releases from an agreement line (AG-6)
AGREEMENT_RELEASE_FIELDS = {
    "product_uom_qty",
    "product_uom",
    "product_id",
    "price_unit",
    "discount",
    "tax_id",
    "agreement_line_id",
}


class AgreementRelease(
    namedtuple("AgreementRelease", "agreement_line_id qty amount rounding currency")
):
    def exceeds(self, before):
        """Whether this release is more than ``before``: another agreement
        line, a larger quantity or a larger amount."""
        if not self.agreement_line_id:
            return False
        if self.agreement_line_id != before.agreement_line_id:
            return True
        return (
            float_compare(self.qty, before.qty, precision_rounding=self.rounding) > 0
            or self.currency.compare_amounts(self.amount, before.amount) > 0
        )


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
    agreement_line_id = fields.Many2one(
        comodel_name="sale.agreement.line",
        compute="_compute_agreement_line_id",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        domain="[('id', 'in', available_agreement_line_ids)]",
        help="The sales agreement line whose price and discount apply to this line. "
        "Found automatically for the customer and product; you can unlink it.",
    )
    agreement_id = fields.Many2one(
        related="agreement_line_id.agreement_id",
        string="Sales Agreement",
        store=True,
        index="btree_not_null",
    )
    available_agreement_line_ids = fields.Many2many(
        comodel_name="sale.agreement.line",
        string="Applicable Agreement Lines",
        compute="_compute_available_agreement_line_ids",
    )
    price_source = fields.Selection(
        selection=[
            ("agreement", "Sales agreement"),
            ("pricelist", "Pricelist"),
            ("list", "Sales price"),
            ("manual", "Manual"),
        ],
        compute="_compute_price_source",
        store=True,
        help="Which price source won for this line: a sales agreement overrides "
        "pricelists; a price typed by hand overrides everything.",
    )

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

    # Like pricelist_item_id, not dependent on the dates: confirming an order
    # changes its date and must not re-price it. Date changes of quotations
    # relink explicitly (sale.order.write / onchange, _relink_agreement_lines).
    @api.depends("product_id", "order_id.partner_id", "order_id.company_id")
    def _compute_agreement_line_id(self):
        """AG-5: link each line to the applicable agreement line, in batch."""
        todo = self.filtered(lambda line: line._is_agreement_applicable())
        for line in self - todo:
            if line.display_type or not line.product_id:
                line.agreement_line_id = False
        if not todo:
            return
        candidates = todo._get_agreement_line_candidates()
        index = self._index_agreement_candidates(candidates)
        for line in todo:
            current = line.agreement_line_id
            best = line._select_agreement_line(candidates, check_date=True, index=index)
            if current and line._agreement_line_matches(current, check_date=False):
                if best and not line._agreement_line_matches(current, check_date=True):
                    line.agreement_line_id = best
                # else keep the user's or the previous link (AG-3 checks dates)
                continue
            line.agreement_line_id = best

    @api.depends(
        "product_id",
        "order_id.partner_id",
        "order_id.company_id",
        "order_id.commitment_date",
        "order_id.date_order",
    )
    def _compute_available_agreement_line_ids(self):
        todo = self.filtered(lambda line: line._is_agreement_applicable())
        (self - todo).available_agreement_line_ids = False
        if not todo:
            return
        candidates = todo._get_agreement_line_candidates()
        index = self._index_agreement_candidates(candidates)
        for line in todo:
            line.available_agreement_line_ids = line._get_relevant_agreement_candidates(
                candidates, index
            ).filtered(
                lambda c, line=line: line._agreement_line_matches(c, check_date=True)
            )

    @api.depends(
        "agreement_line_id",
        "pricelist_item_id",
        "price_unit",
        "technical_price_unit",
        "display_type",
    )
    def _compute_price_source(self):
        for line in self:
            if line.display_type or not line.product_id:
                line.price_source = False
            elif float_compare(
                line.price_unit, line.technical_price_unit, precision_digits=6
            ):
                line.price_source = "manual"
            elif line.agreement_line_id:
                line.price_source = "agreement"
            elif line.pricelist_item_id:
                line.price_source = "pricelist"
            else:
                line.price_source = "list"

    @api.depends("agreement_line_id")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    @api.depends("agreement_line_id")
    def _compute_discount(self):
        agreement_lines = self.filtered("agreement_line_id")
        # returned lines keep the discount they were sold with (OT-4)
        returned = self.filtered("origin_sale_line_id")
        res = super(
            SaleOrderLine, self - agreement_lines - returned
        )._compute_discount()
        for line in agreement_lines:
            line.discount = line.agreement_line_id.discount
        return res

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

    def _compute_qty_delivered(self):
        res = super()._compute_qty_delivered()
        # OT-4: on a returned order, "delivered" is what came back (sale_stock
        # counts receipts from the customer negatively)
        for line in self._filtered_returned_lines():
            if line.qty_delivered_method == "stock_move":
                line.qty_delivered = -line.qty_delivered
        return res

    def _compute_qty_invoiced(self):
        res = super()._compute_qty_invoiced()
        for line in self._filtered_returned_lines():
            line.qty_invoiced = -line.qty_invoiced
        return res

    def _compute_qty_invoiced_posted(self):
        res = super()._compute_qty_invoiced_posted()
        for line in self._filtered_returned_lines():
            line.qty_invoiced_posted = -line.qty_invoiced_posted
        return res

    def _compute_untaxed_amount_invoiced(self):
        res = super()._compute_untaxed_amount_invoiced()
        for line in self._filtered_returned_lines():
            line.untaxed_amount_invoiced = -line.untaxed_amount_invoiced
        return res

    def _compute_amount_invoiced(self):
        res = super()._compute_amount_invoiced()
        for line in self._filtered_returned_lines():
            line.amount_invoiced = -line.amount_invoiced
        return res

    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        # OT-4: a returned order credits what came back, whatever the product's
        # invoicing policy (goods invoiced on ordered quantities included)
        for line in self._filtered_returned_goods_lines():
            if line.state == "sale":
                line.qty_to_invoice = line.qty_delivered - line.qty_invoiced
        return res

    def _compute_untaxed_amount_to_invoice(self):
        res = super()._compute_untaxed_amount_to_invoice()
        for line in self._filtered_returned_goods_lines():
            if line.state == "sale" and line.product_id.invoice_policy == "order":
                # Odoo counted the ordered quantity: only the received counts
                not_received = line.product_uom_qty - line.qty_delivered
                line.untaxed_amount_to_invoice -= (
                    not_received * line.price_reduce_taxexcl
                )
        return res

    def _compute_amount_to_invoice(self):
        res = super()._compute_amount_to_invoice()
        for line in self._filtered_returned_goods_lines():
            if line.product_uom_qty and line.product_id.invoice_policy == "order":
                unit_price_total = line.price_total / line.product_uom_qty
                line.amount_to_invoice = unit_price_total * (
                    line.qty_delivered - line.qty_invoiced_posted
                )
        return res

    @api.depends(
        "state",
        "display_type",
        "is_downpayment",
        "is_expense",
        "product_uom_qty",
        "qty_delivered",
        "qty_delivered_method",
        "qty_invoiced_posted",
        "subscription_qty_delivered_closed",
        "subscription_qty_invoiced_closed",
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
                        "be negative (rule OT-4).",
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
                        "delivered on %(order)s (rule OT-4).",
                        product=origin.product_id.display_name,
                        returned=returned[origin.id],
                        delivered=origin.qty_delivered,
                        order=origin.order_id.display_name,
                    )
                )

    @api.constrains("agreement_line_id")
    def _check_agreement_line(self):
        self.filtered(
            lambda line: line.agreement_line_id and line.state in ("draft", "sent")
        )._check_agreement_lines_orderable()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # AG-2/3/5/6: a line added to a confirmed order releases from its
        # agreement as if it had been confirmed with the order
        released = lines.filtered(
            lambda line: line.state == "sale" and line.agreement_line_id
        )
        released._check_agreement_lines_orderable()
        released._check_agreement_max_enforced(confirming=False)
        return lines

    def write(self, vals):
        if not AGREEMENT_RELEASE_FIELDS & vals.keys():
            return super().write(vals)
        confirmed = self.filtered(
            lambda line: (
                line.state == "sale"
                and (line.agreement_line_id or "agreement_line_id" in vals)
            )
        )
        before = {line: line._get_agreement_release() for line in confirmed}
        res = super().write(vals)
        if vals.get("agreement_line_id"):
            # re-linked after confirmation: the same checks as at confirmation
            confirmed._check_agreement_lines_orderable()
        # AG-6: whatever raises what a confirmed line releases (quantity, unit,
        # price, discount, taxes, another agreement line) is held to the
        # enforced maximum, as confirming is
        raised = confirmed.filtered(
            lambda line: line._get_agreement_release().exceeds(before[line])
        )
        raised._check_agreement_max_enforced(confirming=False)
        return res

    def _prepare_invoice_line(self, **optional_values):
        res = super()._prepare_invoice_line(**optional_values)
        quantities = self._get_slip_quantities()
        if quantities is not None and self.id in quantities:
            res["quantity"] = quantities[self.id]
        return res

    @api.model
    def _get_slip_quantities(self):
        """The packing slip quantities being invoiced (IN-2), or None.

        Only trusted when it is the object put there by
        stock.picking.action_invoice_packing_slips (never from a client)."""
        quantities = self.env.context.get("sales_marketing_slip_quantities")
        return quantities if isinstance(quantities, SlipQuantities) else None

    def _filtered_returned_lines(self):
        return self.filtered(lambda line: line.order_id.order_type == "returned")

    def _filtered_returned_goods_lines(self):
        """Lines of returned orders that come back physically (stock moves)."""
        return self.filtered(
            lambda line: (
                line.order_id.order_type == "returned"
                and line.qty_delivered_method == "stock_move"
            )
        )

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
        # BO-3: urgent orders keep their priority on the new transfers
        self.order_id.filtered(
            lambda order: order.priority != "0"
        )._propagate_priority_to_pickings()
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
        delivered when nobody recorded a delivery. Subscriptions (OT-3) count
        the current period only.
        """
        self.ensure_one()
        if self.qty_delivered_method == "manual":
            return max(
                self.qty_delivered - self.subscription_qty_delivered_closed,
                self._get_remainder_invoiced_qty(),
            )
        return self.qty_delivered - self.subscription_qty_delivered_closed

    def _get_remainder_invoiced_qty(self):
        """The invoiced quantity counted by RS-1: posted invoices minus posted
        credit notes (drafts do not count until posted); for subscriptions,
        in the current period."""
        self.ensure_one()
        return self.qty_invoiced_posted - self.subscription_qty_invoiced_closed

    # -- subscriptions (OT-3) --------------------------------------------------
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

    def _filtered_status_lines(self):
        """Lines that make the order status: products, not sections/notes or
        down payments."""
        return self.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )

    # -- sales agreements (AG) -------------------------------------------------
    def _is_agreement_applicable(self):
        """Lines that can take an agreement price: products on quotations."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and not self.is_downpayment
            and not self.combo_item_id
            and self.product_type != "combo"
            and self.state in ("draft", "sent", False)
            and self.order_id.partner_id
            and self.order_id.order_type != "returned"
        )

    def _get_agreement_line_candidates(self):
        """Every effective agreement line that could apply to one of these lines:
        one query for the whole batch (matching happens in memory)."""
        orders = self.order_id
        partners = orders.partner_id.commercial_partner_id
        products = self.product_id
        categories = set()
        for categ in products.categ_id:
            categories.update(int(c) for c in categ.parent_path.split("/") if c)
        return self.env["sale.agreement.line"].search_fetch(
            [
                ("state", "=", "effective"),
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "in", orders.company_id.ids),
                "|",
                ("product_id", "in", products.ids),
                ("categ_id", "in", list(categories)),
            ],
            [
                "agreement_id",
                "product_id",
                "categ_id",
                "commercial_partner_id",
                "company_id",
                "state",
            ],
        )

    def _agreement_line_matches(self, agreement_line, check_date=True):
        self.ensure_one()
        order = self.order_id
        if (
            agreement_line.commercial_partner_id
            != order.partner_id.commercial_partner_id
            or agreement_line.company_id != order.company_id
        ):
            return False
        if agreement_line.product_id:
            if agreement_line.product_id != self.product_id:
                return False
        elif not agreement_line.categ_id or str(agreement_line.categ_id.id) not in (
            self.product_id.categ_id.parent_path or ""
        ).split("/"):
            return False
        if check_date:
            agreement = agreement_line.agreement_id
            return agreement.state == "effective" and agreement._is_valid_on(
                order._get_agreement_date()
            )
        return True

    @api.model
    def _index_agreement_candidates(self, candidates):
        """{("product", id) or ("categ", id): [candidate ids]}, built once per
        batch so that each order line only looks at the agreement lines of its
        product and of its category path (not at every candidate)."""
        index = defaultdict(list)
        for candidate in candidates:
            if candidate.product_id:
                index["product", candidate.product_id.id].append(candidate.id)
            else:
                index["categ", candidate.categ_id.id].append(candidate.id)
        return index

    def _get_relevant_agreement_candidates(self, candidates, index=None):
        """The candidates that can apply to this line's product."""
        self.ensure_one()
        if index is None:
            return candidates
        ids = list(index.get(("product", self.product_id.id), ()))
        for categ_id in (self.product_id.categ_id.parent_path or "").split("/"):
            if categ_id:
                ids += index.get(("categ", int(categ_id)), ())
        return candidates.browse(ids)

    def _select_agreement_line(self, candidates, check_date=True, index=None):
        """The most specific applicable line: a product line before a category
        line, a deeper category first, then the most recent agreement."""
        self.ensure_one()
        matching = self._get_relevant_agreement_candidates(candidates, index).filtered(
            lambda c: self._agreement_line_matches(c, check_date=check_date)
        )
        if not matching:
            return matching

        def priority(candidate):
            depth = len((candidate.categ_id.parent_path or "").split("/"))
            return (
                bool(candidate.product_id),
                depth,
                candidate.agreement_id.date_start,
                -candidate.id,
            )

        return max(matching, key=priority)

    def _get_display_price(self):
        if self.agreement_line_id and not self.combo_item_id:
            price = self.agreement_line_id._get_price_for(self)
            if price is not None:
                return price
        return super()._get_display_price()

    def _relink_agreement_lines(self):
        """After the requested ship date of quotations changed: link the lines
        whose agreement does not cover the new date to one that does (AG-5)."""
        lines = self.filtered(lambda line: line._is_agreement_applicable())
        if not lines:
            return
        candidates = lines._get_agreement_line_candidates()
        index = self._index_agreement_candidates(candidates)
        for line in lines:
            current = line.agreement_line_id
            if current and line._agreement_line_matches(current, check_date=True):
                continue
            best = line._select_agreement_line(candidates, check_date=True, index=index)
            if best and best != current:
                line.agreement_line_id = best

    def _check_agreement_lines_orderable(self):
        """AG-2/AG-3/AG-5: a linked agreement line must be the customer's, for
        the product, effective and valid at the requested ship date."""
        for line in self:
            agreement_line = line.agreement_line_id
            if not line._agreement_line_matches(agreement_line, check_date=False):
                raise ValidationError(
                    self.env._(
                        "%(order)s: agreement line %(agreement_line)s is not for "
                        "customer %(customer)s and product %(product)s (rule AG-5).",
                        order=line.order_id.display_name,
                        agreement_line=agreement_line.display_name,
                        customer=line.order_id.partner_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            agreement_line.agreement_id._check_orderable(
                line.order_id._get_agreement_date()
            )

    def _get_agreement_release(self):
        """What this line releases from its agreement line (AG-6)."""
        self.ensure_one()
        qty = self.product_uom._compute_quantity(
            self.product_uom_qty,
            self.product_id.uom_id or self.product_uom,
            round=False,
        )
        return AgreementRelease(
            self.agreement_line_id.id,
            qty,
            self.product_uom_qty * self.price_reduce_taxexcl,
            self.product_id.uom_id.rounding or 0.001,
            self.currency_id or self.company_id.currency_id,
        )

    def _check_agreement_max_enforced(self, confirming=True):
        """AG-6: with max_is_enforced, the released quantity (or amount) of
        confirmed orders never exceeds the commitment, also when several orders
        are confirmed or changed at the same time (rows locked, see
        _lock_for_release). ``confirming``: the wording of the refusal."""
        lines = self.filtered(
            lambda line: line.agreement_line_id.agreement_id.max_is_enforced
        )
        if not lines:
            return
        agreement_lines = lines.agreement_line_id
        agreements = agreement_lines.agreement_id
        agreements.filtered(lambda a: a.commitment_type == "value")._lock_for_release()
        agreement_lines.filtered(
            lambda al: al.commitment_type != "value"
        )._lock_for_release()
        # whole value agreements count, not only the lines on these orders
        all_lines = (
            agreement_lines
            | agreements.filtered(lambda a: a.commitment_type == "value").line_ids
        )
        data = all_lines._get_fulfilment_data()
        value_released = defaultdict(float)
        for agreement_line in all_lines:
            released_qty, __, __, amounts = data.get(
                agreement_line.id, (0.0, 0.0, 0.0, (0.0, 0.0, 0.0))
            )
            agreement = agreement_line.agreement_id
            ctype = agreement.commitment_type
            if ctype == "value":
                value_released[agreement] += amounts[0]
                continue
            if ctype == "product_quantity":
                committed, released = agreement_line.qty_committed, released_qty
                exceeded = float_compare(
                    released,
                    committed,
                    precision_rounding=agreement_line.product_uom_id.rounding or 0.001,
                )
            else:
                committed, released = agreement_line.amount_committed, amounts[0]
                exceeded = agreement.currency_id.compare_amounts(released, committed)
            if exceeded > 0:
                self._raise_over_release(
                    agreement_line, committed, released, confirming
                )
        for agreement, released in value_released.items():
            committed = agreement.amount_committed_header
            if agreement.currency_id.compare_amounts(released, committed) > 0:
                self._raise_over_release(agreement, committed, released, confirming)

    def _raise_over_release(self, record, committed, released, confirming=True):
        field = (
            "agreement_id" if record._name == "sale.agreement" else "agreement_line_id"
        )
        orders = self.filtered(lambda line: line[field] == record).order_id
        values = {
            "orders": ", ".join(orders.mapped("display_name")),
            "released": round(released, 2),
            "record": record.display_name,
            "committed": round(committed, 2),
        }
        if confirming:
            message = self.env._(
                "Confirming %(orders)s would release %(released)s from %(record)s, "
                "whose commitment is %(committed)s and whose maximum is enforced "
                "(rule AG-6).",
                **values,
            )
        else:
            message = self.env._(
                "This change of %(orders)s would release %(released)s from "
                "%(record)s, whose commitment is %(committed)s and whose maximum is "
                "enforced (rule AG-6).",
                **values,
            )
        raise UserError(message)

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

    # -- up-sell and cross-sell (XS) -----------------------------------------
    def _get_sales_suggestions(self):
        """XS-2/XS-3: the suggestions of the applicable rules for these lines,
        evaluated in batch: the rules are fetched once, matched by trigger
        product or category in memory, and each rule's condition is evaluated
        once with filtered_domain on all the lines it could apply to.

        :returns: list of dicts (see sale.order.get_sales_suggestions)
        """
        lines = self.filtered(lambda line: line.product_id and not line.display_type)
        if not lines:
            return []
        orders = lines.order_id
        date = fields.Date.context_today(self)
        rules = self.env["sale.suggestion.rule"]._get_applicable_rules(
            orders.company_id, date
        )
        by_product, by_categ = rules._index_by_trigger()
        candidates = defaultdict(lambda: self.env["sale.order.line"])
        for line in lines:
            categ_ids = [
                int(c)
                for c in (line.product_id.categ_id.parent_path or "").split("/")
                if c
            ]
            matched = set(by_product.get(line.product_id.id, ()))
            for categ_id in categ_ids:
                matched.update(by_categ.get(categ_id, ()))
            for rule in matched:
                if rule.company_id and rule.company_id != line.order_id.company_id:
                    continue
                candidates[rule] |= line
        # a product is offered once: an up-sell once per line, a cross-sell
        # once per order (the first rule in sequence wins), never a product
        # the order already has
        on_order = {order.id: set(order.order_line.product_id.ids) for order in orders}
        offered = set()
        suggestions = []
        for rule in sorted(candidates, key=lambda r: (r.sequence, r.id)):
            domain = rule._get_condition_domain()
            matching = (
                candidates[rule].filtered_domain(domain) if domain else candidates[rule]
            )
            crosssell = rule.suggestion_type == "crosssell"
            for line in matching:
                for product in rule.suggested_product_ids:
                    if product == line.product_id:
                        continue
                    if crosssell and product.id in on_order[line.order_id.id]:
                        continue
                    key = (
                        ("crosssell", line.order_id.id, product.id)
                        if crosssell
                        else ("upsell", line.id, product.id)
                    )
                    if key in offered:
                        continue
                    offered.add(key)
                    suggestions.append(line._prepare_sales_suggestion(rule, product))
        return suggestions

    def _prepare_crosssell_line(self, product):
        self.ensure_one()
        return {
            "order_id": self.order_id.id,
            "product_id": product.id,
            "product_uom_qty": 1,
        }

    def _prepare_sales_suggestion(self, rule, product):
        self.ensure_one()
        return {
            "rule_id": rule.id,
            "rule_name": rule.name,
            "suggestion_type": rule.suggestion_type,
            "line_id": self.id if isinstance(self.id, int) else False,
            "trigger_product_id": self.product_id.id,
            "product_id": product.id,
            "product_name": product.display_name,
            "script": rule.script or "",
        }
