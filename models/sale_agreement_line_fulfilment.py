# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fulfilment of sales agreement lines (AG-6, AG-13, RT-8): what confirmed
orders released, delivered and invoiced (less what returned orders received
and credited), the enforced maximum and release amounts, the drill-down."""

from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL
from odoo.tools import float_compare

from .sale_agreement import Excess
from .sale_agreement_line import Fulfilment


class SaleAgreementLine(models.Model):
    _inherit = "sale.agreement.line"

    # === FIELDS ===

    sale_line_ids = fields.One2many(
        comodel_name="sale.order.line",
        inverse_name="agreement_line_id",
        string="Order Lines",
    )
    qty_released = fields.Float(
        string="Released",
        compute="_compute_fulfilment",
        digits="Product Unit of Measure",
    )
    qty_delivered = fields.Float(
        string="Delivered",
        compute="_compute_fulfilment",
        digits="Product Unit of Measure",
    )
    qty_invoiced = fields.Float(
        string="Invoiced",
        compute="_compute_fulfilment",
        digits="Product Unit of Measure",
    )
    qty_remaining = fields.Float(
        string="Remaining",
        compute="_compute_fulfilment",
        digits="Product Unit of Measure",
    )
    amount_released = fields.Monetary(
        string="Released Amount", compute="_compute_fulfilment"
    )
    amount_delivered = fields.Monetary(
        string="Delivered Amount", compute="_compute_fulfilment"
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced Amount", compute="_compute_fulfilment"
    )
    amount_remaining = fields.Monetary(
        string="Remaining Amount", compute="_compute_fulfilment"
    )
    fulfilment_percent = fields.Float(
        string="Fulfilment (%)", compute="_compute_fulfilment"
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "commitment_type",
        "qty_committed",
        "amount_committed",
        "product_uom_id",
        "sale_line_ids.state",
        "sale_line_ids.product_uom_qty",
        "sale_line_ids.qty_cancelled",
        "sale_line_ids.product_uom",
        "sale_line_ids.qty_delivered",
        "sale_line_ids.qty_invoice_remainder",
        "sale_line_ids.price_reduce_taxexcl",
        "sale_line_ids.returned_line_ids.state",
        "sale_line_ids.returned_line_ids.qty_delivered",
        "sale_line_ids.returned_line_ids.qty_cancelled",
        "sale_line_ids.returned_line_ids.qty_invoice_remainder",
    )
    def _compute_fulfilment(self):
        """AG-6: released (confirmed orders), delivered, invoiced and remaining,
        for all lines in one query (quantities in the line's unit, amounts in
        the agreement currency)."""
        data = self._get_fulfilment_data()
        for line in self:
            fulfilment = data.get(line.id, Fulfilment())
            if not line.product_id:
                # a category mixes products and units: only amounts make sense
                fulfilment = fulfilment._replace(
                    qty_released=0.0, qty_delivered=0.0, qty_invoiced=0.0
                )
            released = fulfilment.qty_released
            line.qty_released = released
            line.qty_delivered = fulfilment.qty_delivered
            line.qty_invoiced = fulfilment.qty_invoiced
            line.amount_released = fulfilment.amount_released
            line.amount_delivered = fulfilment.amount_delivered
            line.amount_invoiced = fulfilment.amount_invoiced
            if line.commitment_type == "product_quantity":
                line.qty_remaining = max(line.qty_committed - released, 0.0)
                line.fulfilment_percent = (
                    100.0 * released / line.qty_committed if line.qty_committed else 0.0
                )
            else:
                line.qty_remaining = 0.0
                line.fulfilment_percent = (
                    100.0 * fulfilment.amount_released / line.amount_committed
                    if line.amount_committed
                    else 0.0
                )
            line.amount_remaining = max(
                line.amount_committed - fulfilment.amount_released, 0.0
            )

    # === ACTION METHODS ===

    def action_view_order_lines(self):
        """AG-13: the release order lines (and their returns) of this line."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Order Lines"),
            "res_model": "sale.order.line",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self._get_release_order_lines().ids)],
            "context": {"create": False},
        }

    def action_view_invoice_lines(self):
        """AG-13: the invoice (and credit note) lines of the release order
        lines of this line."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoice Lines"),
            "res_model": "account.move.line",
            "view_mode": "list",
            "views": [(False, "list")],
            "domain": [
                ("sale_line_ids", "in", self._get_release_order_lines().ids),
                ("display_type", "=", "product"),
            ],
            "context": {"create": False},
        }

    # === BUSINESS METHODS ===

    def _get_release_order_lines(self):
        """The order lines that release from these lines, confirmed or not,
        and the returned order lines of those (RT-8)."""
        lines = self.env["sale.order.line"].search(
            [("agreement_line_id", "in", self.ids), ("state", "!=", "cancel")]
        )
        returned = self.env["sale.order.line"].search(
            [
                ("origin_sale_line_id", "in", lines.ids),
                ("state", "!=", "cancel"),
                ("order_id.order_type", "=", "returned"),
            ]
        )
        return (lines | returned).sorted(
            lambda line: (line.order_id.date_order, line.id)
        )

    def _get_fulfilment_data(self):
        """{line id: Fulfilment} of the confirmed order lines (RS-5: a cancelled
        remainder is not released). RT-8: what
        confirmed returned orders of those lines received lowers the delivered
        figures, what they credited lowers the invoiced and released ones."""
        ids = [i for i in self.ids if i]
        if not ids:
            return {}
        self.env["sale.order"].flush_model(["currency_id", "date_order", "order_type"])
        order_lines = self.env["sale.order.line"]
        order_lines.flush_model(
            [
                "agreement_line_id",
                "state",
                "product_uom_qty",
                "qty_cancelled",
                "qty_delivered",
                "qty_invoice_remainder",
                "price_reduce_taxexcl",
                "product_uom",
                "currency_id",
                "origin_sale_line_id",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT sol.agreement_line_id, sol.product_uom, so.currency_id,
                       MIN(so.date_order),
                       SUM(kept.qty),
                       SUM(sol.qty_delivered),
                       SUM(kept.qty - sol.qty_invoice_remainder),
                       SUM(kept.qty * sol.price_reduce_taxexcl),
                       SUM(sol.qty_delivered * sol.price_reduce_taxexcl),
                       SUM((kept.qty - sol.qty_invoice_remainder)
                           * sol.price_reduce_taxexcl)
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                 CROSS JOIN LATERAL (
                       SELECT sol.product_uom_qty - COALESCE(sol.qty_cancelled, 0)
                           AS qty
                 ) kept
                 WHERE sol.agreement_line_id IN %(ids)s AND sol.state = 'sale'
              GROUP BY sol.agreement_line_id, sol.product_uom, so.currency_id
             UNION ALL
                SELECT origin.agreement_line_id, ret.product_uom, so.currency_id,
                       MIN(so.date_order),
                       -SUM(kept.qty - ret.qty_invoice_remainder),
                       -SUM(ret.qty_delivered),
                       -SUM(kept.qty - ret.qty_invoice_remainder),
                       -SUM((kept.qty - ret.qty_invoice_remainder)
                            * ret.price_reduce_taxexcl),
                       -SUM(ret.qty_delivered * ret.price_reduce_taxexcl),
                       -SUM((kept.qty - ret.qty_invoice_remainder)
                            * ret.price_reduce_taxexcl)
                  FROM sale_order_line ret
                  JOIN sale_order so ON so.id = ret.order_id
                  JOIN sale_order_line origin ON origin.id = ret.origin_sale_line_id
                 CROSS JOIN LATERAL (
                       SELECT ret.product_uom_qty - COALESCE(ret.qty_cancelled, 0)
                           AS qty
                 ) kept
                 WHERE origin.agreement_line_id IN %(ids)s
                   AND origin.state = 'sale'
                   AND ret.state = 'sale'
                   AND so.order_type = 'returned'
              GROUP BY origin.agreement_line_id, ret.product_uom, so.currency_id
                """,
                ids=tuple(ids),
            )
        )
        rows = self.env.cr.fetchall()
        uoms = self.env["uom.uom"].browse({r[1] for r in rows})
        currencies = self.env["res.currency"].browse({r[2] for r in rows})
        uoms.fetch(["factor", "rounding", "category_id"])
        currencies.fetch(["rounding"])
        result = defaultdict(lambda: [0.0, 0.0, 0.0, [0.0, 0.0, 0.0]])
        for line_id, uom_id, currency_id, date, *sums in rows:
            line = self.browse(line_id)
            uom = self.env["uom.uom"].browse(uom_id)
            currency = self.env["res.currency"].browse(currency_id)
            target_uom = line.product_uom_id or uom
            for i in range(3):
                qty = sums[i]
                if uom != target_uom and uom.category_id == target_uom.category_id:
                    qty = uom._compute_quantity(qty, target_uom, round=False)
                result[line_id][i] += qty
            for i in range(3):
                amount = sums[3 + i]
                if currency != line.currency_id:
                    amount = currency._convert(
                        amount, line.currency_id, line.company_id, date.date()
                    )
                result[line_id][3][i] += amount
        return {key: Fulfilment(*v[:3], *v[3]) for key, v in result.items()}

    def _is_in_value_pool(self):
        """A value line without an amount of its own shares the agreement's
        committed amount (amount_committed_header) with the other such lines."""
        self.ensure_one()
        return self.commitment_type == "value" and not self.amount_committed

    def _get_commitment_excess(self, qty_released, amount_released):
        """An Excess when releasing these totals exceeds this line's own
        commitment (quantity or amount), else None."""
        self.ensure_one()
        if self.commitment_type == "product_quantity":
            committed, released = self.qty_committed, qty_released
            exceeded = float_compare(
                released,
                committed,
                precision_rounding=self.product_uom_id.rounding or 0.001,
            )
        else:
            committed, released = self.amount_committed, amount_released
            exceeded = self.currency_id.compare_amounts(released, committed)
        return Excess(self, committed, released) if exceeded > 0 else None

    def _get_release_amount_problem(self, amount):
        """AG-9: why one order line releasing ``amount`` (agreement currency)
        is outside this line's release amounts, or None."""
        self.ensure_one()
        currency = self.currency_id
        if self.min_release_amount and (
            currency.compare_amounts(amount, self.min_release_amount) < 0
        ):
            return self.env._(
                "%(amount)s is below the minimum release amount %(min)s of "
                "%(agreement_line)s.",
                amount=round(amount, 2),
                min=self.min_release_amount,
                agreement_line=self.display_name,
            )
        if self.max_release_amount and (
            currency.compare_amounts(amount, self.max_release_amount) > 0
        ):
            return self.env._(
                "%(amount)s is above the maximum release amount %(max)s of "
                "%(agreement_line)s.",
                amount=round(amount, 2),
                max=self.max_release_amount,
                agreement_line=self.display_name,
            )
        return None
