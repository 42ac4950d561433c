# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sales agreements (AG) on the order line: what a line releases from its
agreement line — the enforced maximum (AG-6) and release amounts (AG-9), shown
as the line is entered and refused at confirmation and on every write path —,
the price-fixed policy (AG-9) and the requested date of a call-off (AG-11)."""

from datetime import timedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .sale_agreement_line import Fulfilment
from .sale_agreement_matching import AgreementRelease
from .utils import lock_rows


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    agreement_warning = fields.Char(
        compute="_compute_agreement_warning",
        help="Why the agreement would refuse (enforced) or question this line: an "
        "exceeded maximum or a release amount outside the agreement line's.",
    )
    release_date_requested = fields.Date(
        string="Release Requested Date",
        copy=False,
        help="The date the customer asked this call-off of the agreement for "
        "(release dialog); its delivery is planned for it.",
    )

    # === COMPUTE METHODS ===

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
        # a value pool counts as a whole (only where a pooled line is linked)
        pooled = agreement_lines.filtered(lambda al: al._is_in_value_pool())
        pool_lines = pooled.agreement_id.line_ids.filtered(
            lambda al: al._is_in_value_pool()
        )
        data = (agreement_lines | pool_lines)._get_fulfilment_data()
        for line in linked:
            line.agreement_warning = "\n".join(line._get_agreement_problems(data))

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
        return super().write(vals)

    # === BUSINESS METHODS ===

    def _get_agreement_release(self):
        """What this line releases from its agreement line (AG-6)."""
        self.ensure_one()
        released = self.product_uom_qty - self.qty_cancelled  # RS-5
        qty = self.product_uom._compute_quantity(
            released,
            self.product_id.uom_id or self.product_uom,
            round=False,
        )
        return AgreementRelease(
            self.agreement_line_id.id,
            qty,
            released * self.price_reduce_taxexcl,
            self.product_id.uom_id.rounding or 0.001,
            self.currency_id or self.company_id.currency_id,
        )

    def _get_agreement_release_amounts(self):
        """(quantity, amount) this line releases, in the unit and currency of
        its agreement line."""
        self.ensure_one()
        agreement_line = self.agreement_line_id
        target_uom = agreement_line.product_uom_id or self.product_uom
        qty = released = self.product_uom_qty - self.qty_cancelled  # RS-5
        if self.product_uom and self.product_uom.category_id == target_uom.category_id:
            qty = self.product_uom._compute_quantity(qty, target_uom, round=False)
        amount = released * self.price_reduce_taxexcl
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
                exceeded = agreement._get_pool_excess(released - before_amount + amount)
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
