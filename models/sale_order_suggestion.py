# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up-sell and cross-sell (XS) on the order: the public API, which the web
client calls too once the line is saved."""

from odoo import api
from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_accept_sales_suggestion(self, line_id, rule_id, product_id):
        """XS-2, public API: accept a suggestion for a saved line: an up-sell
        replaces the line's product (quantity kept), a cross-sell adds a line.
        The line's suggestions count as offered, this one as accepted (XS-4).

        :returns: the id of the changed or added order line
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestions = line._get_sales_suggestions()
        suggestion = next(
            (
                s
                for s in suggestions
                if s["rule_id"] == rule_id and s["product_id"] == product_id
            ),
            None,
        )
        if not suggestion:
            raise UserError(
                self.env._(
                    "%(order)s: this suggestion does not apply to the line.",
                    order=self.display_name,
                )
            )
        result = line._apply_sales_suggestion(suggestion)
        self.env["sale.suggestion.event"]._record(
            {"offered": suggestions, "accepted": [suggestion]}
        )
        return result.id

    def action_decline_sales_suggestions(self, line_id, rule_ids=None):
        """XS-2, public API: decline the suggestions of a saved line (all of
        them, or those of ``rule_ids``) in one call. They count as offered and
        declined (XS-4).

        :returns: True
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestions = line._get_sales_suggestions()
        self.env["sale.suggestion.event"]._record(
            {
                "offered": suggestions,
                "declined": [
                    s for s in suggestions if not rule_ids or s["rule_id"] in rule_ids
                ],
            }
        )
        return True

    def get_sales_suggestions(self, line_ids=None):
        """XS-3, public API: the up-sell and cross-sell suggestions for the
        lines of these orders (all of them, or ``line_ids``), counted as
        offered (XS-4).

        :returns: list of dicts with ``rule_id``, ``rule_name``,
            ``suggestion_type`` (``upsell``/``crosssell``), ``priority``,
            ``line_id``, ``trigger_product_id``, ``product_id``,
            ``product_name``, ``quantity`` (an up-sell: the line's; a
            cross-sell: the line it adds, XS-6), ``script``; in the order of the
            rules (priority, then sequence)
        """
        lines = self.order_line
        if line_ids:
            lines = lines.filtered(lambda line: line.id in line_ids)
        suggestions = lines._get_sales_suggestions()
        self.env["sale.suggestion.event"]._record({"offered": suggestions})
        return suggestions

    @api.model
    def get_line_suggestions(self, order_values, line_values, offered_product_ids=None):
        """XS-2/XS-5, for the web client: the suggestions for a line being
        edited, not saved yet, evaluated once the line is complete (product
        and quantity entered, or the line left). ``order_values``: ``id``
        (when the order is saved), ``partner_id``, ``pricelist_id``,
        ``company_id``, ``order_type``, ``warehouse_id``; ``line_values``:
        ``id`` (when the line is saved), ``product_id``, ``product_uom_qty``,
        ``product_uom``, ``price_unit``, ``discount``. A product is never
        offered twice on a line: ``offered_product_ids`` (what the web client
        offered on this line already) and, for a saved line, the products
        offered on it before are left out. Nothing is written: a line that is
        not saved has no statistics (XS-7); the web client saves the order
        when the salesperson answers and calls the methods above for the
        saved line."""
        allowed_order = {
            "partner_id",
            "pricelist_id",
            "company_id",
            "order_type",
            "warehouse_id",
        }
        allowed_line = {
            "product_id",
            "product_uom_qty",
            "product_uom",
            "price_unit",
            "discount",
        }
        origin = self.browse(order_values.get("id") or []).exists()
        order = self.new(
            {k: v for k, v in order_values.items() if k in allowed_order},
            origin=origin,
        )
        saved_line = self.env["sale.order.line"]
        if origin and line_values.get("id"):
            saved_line = origin.order_line.filtered(
                lambda line: line.id == line_values["id"]
            )
        line = self.env["sale.order.line"].new(
            {
                **{k: v for k, v in line_values.items() if k in allowed_line},
                "order_id": order.id,
            }
        )
        excluded = set(offered_product_ids or ())
        excluded.update(saved_line._get_offered_suggestion_product_ids())
        return [
            suggestion
            for suggestion in line._get_sales_suggestions()
            if suggestion["product_id"] not in excluded
        ]
