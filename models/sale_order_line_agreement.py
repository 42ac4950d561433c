# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sales agreements (AG) on the order line: the agreement line found for the
customer and product, its price and discount, and the enforced maximum."""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .sale_agreement_line import Fulfilment
from .sale_agreement_matching import AgreementCandidates
from .sale_agreement_matching import AgreementRelease
from .utils import lock_rows

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


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

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
    agreement_warning = fields.Char(
        string="Agreement Warning",
        compute="_compute_agreement_warning",
        help="Why the agreement would refuse (enforced) or question this line: an "
        "exceeded maximum or a release amount outside the agreement line's.",
    )
    release_date_requested = fields.Date(
        string="Requested Date",
        copy=False,
        help="The date the customer asked this call-off of the agreement for "
        "(release dialog); its delivery is planned for it.",
    )

    # === COMPUTE METHODS ===

    # Like pricelist_item_id, not dependent on the dates: confirming an order
    # changes its date and must not re-price it. Date changes of quotations
    # relink explicitly (sale.order.write / onchange, _relink_agreement_lines).
    @api.depends(
        "product_id",
        "order_id.partner_id",
        "order_id.company_id",
        "order_id.agreement_id",
    )
    def _compute_agreement_line_id(self):
        """AG-5: link each line to the applicable agreement line, in batch."""
        todo = self.filtered(lambda line: line._is_agreement_applicable())
        for line in self - todo:
            if line.display_type or not line.product_id:
                line.agreement_line_id = False
        if not todo:
            return
        candidates = todo._get_agreement_candidates()
        for line in todo:
            current = line.agreement_line_id
            best = line._select_agreement_line(candidates, check_date=True)
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
        "order_id.agreement_id",
    )
    def _compute_available_agreement_line_ids(self):
        todo = self.filtered(lambda line: line._is_agreement_applicable())
        (self - todo).available_agreement_line_ids = False
        if not todo:
            return
        candidates = todo._get_agreement_candidates()
        for line in todo:
            line.available_agreement_line_ids = candidates.for_line(line).filtered(
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

    @api.depends(
        "agreement_line_id",
        "product_uom_qty",
        "product_uom",
        "price_unit",
        "discount",
        "state",
    )
    def _compute_agreement_warning(self):
        """AG-9: shown as soon as the line is entered (the web client recomputes
        it on every change); the same limits refuse at confirmation."""
        linked = self.filtered("agreement_line_id")
        (self - linked).agreement_warning = False
        if not linked:
            return
        agreement_lines = linked.agreement_line_id
        pools = agreement_lines.agreement_id.filtered(lambda a: a._has_value_pool())
        pool_lines = pools.line_ids.filtered(lambda al: al._is_in_value_pool())
        data = (agreement_lines | pool_lines)._get_fulfilment_data()
        for line in linked:
            line.agreement_warning = "\n".join(line._get_agreement_problems(data))

    @api.depends("order_id.agreement_id")
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        # AG-10: the header agreement's analytic distribution wins
        for line in self:
            distribution = line.order_id.agreement_id.analytic_distribution
            if distribution and not line.display_type:
                line.analytic_distribution = distribution
        return res

    @api.depends("agreement_line_id")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    @api.depends("agreement_line_id")
    def _compute_discount(self):
        agreement_lines = self.filtered("agreement_line_id")
        res = super(SaleOrderLine, self - agreement_lines)._compute_discount()
        for line in agreement_lines:
            line.discount = line.agreement_line_id.discount
        return res

    # === CONSTRAINT METHODS ===

    @api.constrains("agreement_line_id")
    def _check_agreement_line(self):
        self.filtered(
            lambda line: line.agreement_line_id and line.state in ("draft", "sent")
        )._check_agreement_lines_orderable()

    # === ONCHANGE METHODS ===

    @api.onchange("price_unit", "discount")
    def _onchange_price_fixed_agreement(self):
        """AG-9: a price or discount changed by hand on a line of a price-fixed
        agreement line unlinks it from the agreement."""
        if self._breaks_fixed_price(self.price_unit, self.discount):
            agreement_line = self.agreement_line_id
            self.agreement_line_id = False
            return {"warning": self._get_price_fixed_warning(agreement_line)}
        return None

    @api.onchange("product_uom_qty", "product_uom", "price_unit", "agreement_line_id")
    def _onchange_agreement_warning(self):
        if self.agreement_warning:
            return {
                "warning": {
                    "title": self.env._("Sales agreement"),
                    "message": self.agreement_warning,
                    "type": "notification",
                }
            }
        return None

    # === CRUD METHODS ===

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
        if {"price_unit", "discount"} & vals.keys() and "agreement_line_id" not in vals:
            # AG-9, every write path: the form's unlinking of price-fixed lines
            unlinked = self.filtered(
                lambda line: line._breaks_fixed_price(
                    vals.get("price_unit", line.price_unit),
                    vals.get("discount", line.discount),
                    vals.get("technical_price_unit", line.technical_price_unit),
                )
            )
            if unlinked:
                unlinked._log_price_fixed_unlink()
                res = super(SaleOrderLine, self - unlinked).write(vals)
                unlinked.write({**vals, "agreement_line_id": False})
                return res
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

    # === BUSINESS METHODS ===

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

    def _get_agreement_candidates(self):
        """Every effective agreement line that could apply to one of these lines:
        one query for the whole batch, indexed for the matching in memory."""
        orders = self.order_id
        partners = orders.partner_id.commercial_partner_id
        products = self.product_id
        categories = set()
        for categ in products.categ_id:
            categories.update(categ._get_path_ids())
        records = self.env["sale.agreement.line"].search_fetch(
            [
                ("state", "=", "effective"),
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "in", orders.company_id.ids),
                "|",
                "|",
                ("product_id", "in", products.ids),
                ("categ_id", "in", list(categories)),
                "&",
                ("product_id", "=", False),
                ("categ_id", "=", False),
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
        return AgreementCandidates(records)

    def _agreement_line_matches(self, agreement_line, check_date=True):
        self.ensure_one()
        order = self.order_id
        if (
            agreement_line.commercial_partner_id
            != order.partner_id.commercial_partner_id
            or agreement_line.company_id != order.company_id
        ):
            return False
        if order.agreement_id and agreement_line.agreement_id != order.agreement_id:
            # AG-10: the header agreement restricts the matching to its lines
            return False
        if agreement_line.product_id:
            if agreement_line.product_id != self.product_id:
                return False
        elif (
            agreement_line.categ_id
            and agreement_line.categ_id.id
            not in self.product_id.categ_id._get_path_ids()
        ):
            return False
        if check_date:
            agreement = agreement_line.agreement_id
            return agreement.state == "effective" and agreement._is_valid_on(
                order._get_agreement_date()
            )
        return True

    def _select_agreement_line(self, candidates, check_date=True):
        """The most specific applicable line among ``candidates``
        (AgreementCandidates): a product line before a category line, a deeper
        category first, a value line for every product last, then the most
        recent agreement."""
        self.ensure_one()
        matching = candidates.for_line(self).filtered(
            lambda c: self._agreement_line_matches(c, check_date=check_date)
        )
        if not matching:
            return matching

        def priority(candidate):
            depth = len(candidate.categ_id._get_path_ids())
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
        candidates = lines._get_agreement_candidates()
        for line in lines:
            current = line.agreement_line_id
            if current and line._agreement_line_matches(current, check_date=True):
                continue
            best = line._select_agreement_line(candidates, check_date=True)
            if best and best != current:
                line.agreement_line_id = best

    def _check_agreement_lines_orderable(self):
        """AG-2/AG-3/AG-5: a linked agreement line must be the customer's, for
        the product, effective and valid at the requested ship date."""
        for line in self:
            agreement_line = line.agreement_line_id
            header = line.order_id.agreement_id
            if header and agreement_line.agreement_id != header:
                raise ValidationError(
                    self.env._(
                        "%(order)s is an order of agreement %(agreement)s: agreement "
                        "line %(agreement_line)s of another agreement cannot be used "
                        "on it.",
                        order=line.order_id.display_name,
                        agreement=header.display_name,
                        agreement_line=agreement_line.display_name,
                    )
                )
            if not line._agreement_line_matches(agreement_line, check_date=False):
                raise ValidationError(
                    self.env._(
                        "%(order)s: agreement line %(agreement_line)s is not for "
                        "customer %(customer)s and product %(product)s.",
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

    def _get_agreement_release_amounts(self):
        """(quantity, amount) this line releases, in the unit and currency of
        its agreement line."""
        self.ensure_one()
        agreement_line = self.agreement_line_id
        target_uom = agreement_line.product_uom_id or self.product_uom
        qty = self.product_uom_qty
        if self.product_uom and self.product_uom.category_id == target_uom.category_id:
            qty = self.product_uom._compute_quantity(qty, target_uom, round=False)
        amount = self.product_uom_qty * self.price_reduce_taxexcl
        currency = self.currency_id or self.company_id.currency_id
        if currency and currency != agreement_line.currency_id:
            amount = currency._convert(
                amount,
                agreement_line.currency_id,
                self.company_id,
                self.order_id._get_agreement_date(),
                round=False,
            )
        return qty, amount

    def _get_agreement_problems(self, data):
        """AG-6/AG-9: what the agreement says against this line as it is being
        entered: release amounts, and an enforced maximum exceeded (``data``:
        the fulfilment of its agreement line and of the value pool)."""
        self.ensure_one()
        agreement_line = self.agreement_line_id
        qty, amount = self._get_agreement_release_amounts()
        problems = [agreement_line._get_release_amount_problem(amount)]
        if agreement_line.max_is_enforced:
            origin = self._origin
            before_qty = before_amount = 0.0
            if (
                origin.id
                and origin.state == "sale"
                and origin.agreement_line_id == agreement_line
            ):
                before_qty, before_amount = origin._get_agreement_release_amounts()
            if agreement_line._is_in_value_pool():
                agreement = agreement_line.agreement_id
                pool = agreement.line_ids.filtered(lambda al: al._is_in_value_pool())
                released = sum(
                    data.get(al.id, Fulfilment()).amount_released for al in pool
                )
                exceeded = agreement._get_pool_excess(
                    released - before_amount + amount
                )
            else:
                fulfilment = data.get(agreement_line.id, Fulfilment())
                exceeded = agreement_line._get_commitment_excess(
                    fulfilment.qty_released - before_qty + qty,
                    fulfilment.amount_released - before_amount + amount,
                )
            if exceeded:
                problems.append(
                    self.env._(
                        "%(released)s would be released from %(record)s, whose "
                        "commitment is %(committed)s and whose maximum is enforced.",
                        released=round(exceeded.released, 2),
                        record=exceeded.record.display_name,
                        committed=round(exceeded.committed, 2),
                    )
                )
        return [problem for problem in problems if problem]

    def _breaks_fixed_price(self, price_unit, discount, technical_price_unit=None):
        """AG-9: whether this price and discount break the fixed price of the
        line's agreement line (a price typed by hand, another discount)."""
        self.ensure_one()
        agreement_line = self.agreement_line_id
        if not agreement_line.price_fixed:
            return False
        if technical_price_unit is None:
            technical_price_unit = self.technical_price_unit
        return bool(
            float_compare(price_unit, technical_price_unit, precision_digits=6)
            or float_compare(discount, agreement_line.discount, precision_digits=6)
        )

    def _get_price_fixed_warning(self, agreement_line):
        return {
            "title": self.env._("Price and discount fixed"),
            "message": self.env._(
                "Agreement line %(agreement_line)s fixes the price and the "
                "discount: this line is no longer linked to the agreement.",
                agreement_line=agreement_line.display_name,
            ),
        }

    def _log_price_fixed_unlink(self):
        for order, lines in self.grouped("order_id").items():
            order.message_post(
                body=self.env._(
                    "The price or discount of %(products)s was changed: the lines are "
                    "no longer linked to their price-fixed agreement lines "
                    "%(agreement_lines)s.",
                    products=", ".join(lines.product_id.mapped("display_name")),
                    agreement_lines=", ".join(
                        lines.agreement_line_id.mapped("display_name")
                    ),
                )
            )

    def _check_agreement_max_enforced(self, confirming=True):
        """AG-6/AG-9: with max_is_enforced (per agreement line), the released
        quantity (or amount) of confirmed orders never exceeds the commitment
        and each line stays within the release amounts, also when several
        orders are confirmed or changed at the same time (rows locked, see
        lock_rows). ``confirming``: the wording of the refusal."""
        lines = self.filtered(lambda line: line.agreement_line_id.max_is_enforced)
        if not lines:
            return
        for line in lines:
            _qty, amount = line._get_agreement_release_amounts()
            problem = line.agreement_line_id._get_release_amount_problem(amount)
            if problem:
                raise UserError(
                    self.env._(
                        "%(order)s, %(product)s: %(problem)s",
                        order=line.order_id.display_name,
                        product=line.product_id.display_name,
                        problem=problem,
                    )
                )
        agreement_lines = lines.agreement_line_id
        pooled = agreement_lines.filtered(lambda al: al._is_in_value_pool())
        agreements = pooled.agreement_id
        # serialized against concurrent releases: under REPEATABLE READ a
        # transaction that read these rows before this one commits is retried
        lock_rows(agreements, serialize=True)
        lock_rows(agreement_lines - pooled, serialize=True)
        # a value pool counts as a whole, not only the lines on these orders
        pool_lines = agreements.line_ids.filtered(lambda al: al._is_in_value_pool())
        data = (agreement_lines | pool_lines)._get_fulfilment_data()
        for agreement_line in agreement_lines - pooled:
            fulfilment = data.get(agreement_line.id, Fulfilment())
            exceeded = agreement_line._get_commitment_excess(
                fulfilment.qty_released, fulfilment.amount_released
            )
            if exceeded:
                self._raise_over_release(exceeded, confirming)
        for agreement in agreements:
            released = sum(
                data.get(al.id, Fulfilment()).amount_released
                for al in pool_lines
                if al.agreement_id == agreement
            )
            exceeded = agreement._get_pool_excess(released)
            if exceeded:
                self._raise_over_release(exceeded, confirming)

    def _raise_over_release(self, exceeded, confirming=True):
        record = exceeded.record
        field = (
            "agreement_id" if record._name == "sale.agreement" else "agreement_line_id"
        )
        orders = self.filtered(lambda line: line[field] == record).order_id
        values = {
            "orders": ", ".join(orders.mapped("display_name")),
            "released": round(exceeded.released, 2),
            "record": record.display_name,
            "committed": round(exceeded.committed, 2),
        }
        if confirming:
            message = self.env._(
                "Confirming %(orders)s would release %(released)s from %(record)s, "
                "whose commitment is %(committed)s and whose maximum is enforced.",
                **values,
            )
        else:
            message = self.env._(
                "This change of %(orders)s would release %(released)s from "
                "%(record)s, whose commitment is %(committed)s and whose maximum is "
                "enforced.",
                **values,
            )
        raise UserError(message)

    def _prepare_procurement_values(self, group_id=False):
        values = super()._prepare_procurement_values(group_id=group_id)
        if self.release_date_requested:
            # AG-11: the call-off's requested date plans its delivery
            deadline = fields.Datetime.to_datetime(self.release_date_requested)
            values["date_deadline"] = deadline
            values["date_planned"] = deadline - timedelta(
                days=self.order_id.company_id.security_lead
            )
        return values
