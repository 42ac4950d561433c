# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up-sell and cross-sell (XS) on the order line: the suggestions of the
applicable rules, evaluated in batch."""

from collections import defaultdict

from odoo import fields
from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

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
            categ_ids = line.product_id.categ_id._get_path_ids()
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

    def _apply_sales_suggestion(self, suggestion):
        """XS-2, the one implementation of accepting a suggestion of this
        saved line: an up-sell replaces the line's product, its quantity kept;
        a cross-sell adds a line (``_prepare_crosssell_line``).

        :param suggestion: a dict of ``_get_sales_suggestions`` for this line
        :returns: the changed or added line
        """
        self.ensure_one()
        product = self.env["product.product"].browse(suggestion["product_id"])
        if suggestion["suggestion_type"] == "upsell":
            # the quantity is written too: changing the product would
            # recompute it (packaging)
            self.write(
                {"product_id": product.id, "product_uom_qty": self.product_uom_qty}
            )
            return self
        return self.create(self._prepare_crosssell_line(product))

    def _prepare_crosssell_line(self, product):
        """The values of the line a cross-sell adds: one unit, at the end of
        the order."""
        self.ensure_one()
        return {
            "order_id": self.order_id.id,
            "product_id": product.id,
            "product_uom_qty": 1,
            "sequence": max(self.order_id.order_line.mapped("sequence"), default=0) + 1,
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
