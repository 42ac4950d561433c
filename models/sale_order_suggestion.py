# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up-sell and cross-sell (XS) on the order: the public API and the web
client's calls."""

from odoo import api
from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_accept_sales_suggestion(self, line_id, rule_id, product_id):
        """XS-2, public API: accept a suggestion for a saved line: an up-sell
        replaces the line's product (quantity kept), a cross-sell adds a line.

        :returns: the id of the changed or added order line
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestion = next(
            (
                s
                for s in line._get_sales_suggestions()
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
        product = self.env["product.product"].browse(product_id)
        if suggestion["suggestion_type"] == "upsell":
            line.write(
                {"product_id": product.id, "product_uom_qty": line.product_uom_qty}
            )
            result = line
        else:
            result = self.env["sale.order.line"].create(
                line._prepare_crosssell_line(product)
            )
        self._log_suggestion_events([suggestion], "accepted")
        return result.id

    def action_decline_sales_suggestions(self, line_id, rule_ids=None):
        """XS-2, public API: decline the suggestions of a line in one call.

        :returns: True
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestions = [
            s
            for s in line._get_sales_suggestions()
            if not rule_ids or s["rule_id"] in rule_ids
        ]
        self._log_suggestion_events(suggestions, "declined")
        return True

    def get_sales_suggestions(self, line_ids=None):
        """XS-3, public API: the up-sell and cross-sell suggestions for the
        lines of these orders (all of them, or ``line_ids``).

        :returns: list of dicts with ``rule_id``, ``rule_name``,
            ``suggestion_type`` (``upsell``/``crosssell``), ``line_id``,
            ``trigger_product_id``, ``product_id``, ``product_name``, ``script``
        """
        lines = self.order_line
        if line_ids:
            lines = lines.filtered(lambda line: line.id in line_ids)
        suggestions = lines._get_sales_suggestions()
        self._log_suggestion_events(suggestions, "offered")
        return suggestions

    @api.model
    def get_line_suggestions(self, order_values, line_values):
        """XS-2, for the web client: the suggestions for a line being edited,
        not saved yet. ``order_values``: ``id`` (when the order is saved),
        ``partner_id``, ``pricelist_id``, ``company_id``, ``order_type``;
        ``line_values``: ``product_id``, ``product_uom_qty``, ``price_unit``,
        ``discount``. Nothing is written but the "offered" statistics."""
        allowed_order = {"partner_id", "pricelist_id", "company_id", "order_type"}
        allowed_line = {"product_id", "product_uom_qty", "price_unit", "discount"}
        origin = self.browse(order_values.get("id") or [])
        order = self.new(
            {k: v for k, v in order_values.items() if k in allowed_order},
            origin=origin.exists(),
        )
        line = self.env["sale.order.line"].new(
            {
                **{k: v for k, v in line_values.items() if k in allowed_line},
                "order_id": order.id,
            }
        )
        suggestions = line._get_sales_suggestions()
        self._log_suggestion_events(
            suggestions, "offered", order=origin.exists(), partner=order.partner_id
        )
        return suggestions

    def _log_suggestion_events(self, suggestions, event_type, order=None, partner=None):
        if not suggestions:
            return
        orders = {o.id: o for o in (order if order is not None else self)}
        lines = self.env["sale.order.line"].browse(
            [s["line_id"] for s in suggestions if s.get("line_id")]
        )
        order_of_line = {line.id: line.order_id for line in lines}
        vals = []
        for suggestion in suggestions:
            line_order = order_of_line.get(suggestion.get("line_id")) or next(
                iter(orders.values()), self.browse()
            )
            vals.append(
                {
                    "rule_id": suggestion["rule_id"],
                    "event_type": event_type,
                    "product_id": suggestion["product_id"],
                    "trigger_product_id": suggestion["trigger_product_id"],
                    "order_id": line_order.id or False,
                    "partner_id": (
                        line_order.partner_id or partner or self.partner_id
                    ).id,
                    "company_id": (line_order.company_id or self.env.company).id,
                }
            )
        # sudo: statistics are written by whoever is offered suggestions
        self.env["sale.suggestion.event"].sudo().create(vals)
