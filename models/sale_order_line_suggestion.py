# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up-sell and cross-sell (XS) on the order line: the suggestions of the
applicable rules, evaluated in batch."""

from collections import defaultdict

from odoo import fields
from odoo import models
from odoo.tools import SQL


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _get_sales_suggestions(self, explain=None):
        """XS-2/XS-3: the suggestions of the applicable rules for these lines,
        evaluated in batch: the rules are fetched once, matched by trigger
        product or category in memory, and each rule's condition is evaluated
        once with filtered_domain on all the lines it could apply to. XS-6:
        none for a company that switched suggestions off; rules in order of
        priority, then sequence; out-of-stock goods left out for the rules that
        say so (one stock query per warehouse, only for those rules).

        :param explain: for *Test rule* (``sale.suggestion.rule.
            action_test_rule``): a ``defaultdict(list)`` that receives, per rule
            id, dicts saying what was left out (``reason``: ``no_trigger``,
            ``condition``, ``same_product``, ``on_order``, ``out_of_stock``,
            ``offered_by``; with the ``line``, ``product``, ``rule``,
            ``warehouse`` concerned)
        :returns: list of dicts (see sale.order.get_sales_suggestions), in the
            order of the rules
        """
        disabled = self.env["res.company"]._get_suggestions_disabled_ids()
        lines = self.filtered(
            lambda line: (
                line.product_id
                and not line.display_type
                and line.order_id.company_id.id not in disabled
            )
        )
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
        if explain is not None:
            for rule in rules:
                if rule not in candidates:
                    explain[rule.id].append({"reason": "no_trigger"})
        ordered = sorted(candidates, key=lambda r: (-r.priority, r.sequence, r.id))
        matching = {}
        for rule in ordered:
            domain = rule._get_condition_domain()
            matching[rule] = (
                candidates[rule].filtered_domain(domain) if domain else candidates[rule]
            )
            if explain is not None:
                for line in candidates[rule] - matching[rule]:
                    explain[rule.id].append({"reason": "condition", "line": line})
        free_qty = self._get_suggestion_free_qty(
            {rule: lines for rule, lines in matching.items() if rule.skip_out_of_stock}
        )
        # a product is offered once: an up-sell once per line, a cross-sell
        # once per order (the first rule in priority and sequence wins), never
        # a product the order already has
        on_order = {order.id: set(order.order_line.product_id.ids) for order in orders}
        offered = {}
        suggestions = []
        for rule in ordered:
            crosssell = rule.suggestion_type == "crosssell"
            for line in matching[rule]:
                for product in rule.suggested_product_ids:
                    skipped = None
                    key = (
                        ("crosssell", line.order_id.id, product.id)
                        if crosssell
                        else ("upsell", line.id, product.id)
                    )
                    if product == line.product_id:
                        skipped = {"reason": "same_product"}
                    elif crosssell and product.id in on_order[line.order_id.id]:
                        skipped = {"reason": "on_order"}
                    elif key in offered:
                        skipped = {"reason": "offered_by", "rule": offered[key]}
                    elif (
                        rule.skip_out_of_stock
                        and product.is_storable
                        and free_qty[line.order_id.warehouse_id.id, product.id] <= 0
                    ):
                        skipped = {
                            "reason": "out_of_stock",
                            "warehouse": line.order_id.warehouse_id,
                        }
                    if skipped:
                        if explain is not None:
                            explain[rule.id].append(
                                {**skipped, "line": line, "product": product}
                            )
                        continue
                    offered[key] = rule
                    suggestions.append(line._prepare_sales_suggestion(rule, product))
        return suggestions

    def _get_suggestion_free_qty(self, lines_by_rule):
        """XS-6: the free quantity of the storable products these rules
        suggest, in the warehouses of these lines' orders: one stock
        computation per warehouse.

        :param lines_by_rule: {rule: the lines it suggests for}
        :returns: {(warehouse id, product id): free quantity}
        """
        products_by_warehouse = defaultdict(lambda: self.env["product.product"])
        for rule, lines in lines_by_rule.items():
            storable = rule.suggested_product_ids.filtered("is_storable")
            for warehouse in lines.order_id.warehouse_id:
                products_by_warehouse[warehouse] |= storable
        free_qty = {}
        for warehouse, products in products_by_warehouse.items():
            for product in products.with_context(warehouse_id=warehouse.id):
                free_qty[warehouse.id, product.id] = product.free_qty
        return free_qty

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
        return self.create(
            self._prepare_crosssell_line(product, suggestion["quantity"])
        )

    def _prepare_crosssell_line(self, product, quantity=1.0):
        """The values of the line a cross-sell adds: ``quantity`` (XS-6: the
        rule's fixed or proportional quantity), at the end of the order."""
        self.ensure_one()
        return {
            "order_id": self.order_id.id,
            "product_id": product.id,
            "product_uom_qty": quantity,
            "sequence": max(self.order_id.order_line.mapped("sequence"), default=0) + 1,
        }

    def _prepare_sales_suggestion(self, rule, product):
        self.ensure_one()
        upsell = rule.suggestion_type == "upsell"
        return {
            "rule_id": rule.id,
            "rule_name": rule.name,
            "suggestion_type": rule.suggestion_type,
            "priority": rule.priority,
            # an up-sell keeps the line's quantity, a cross-sell adds the rule's
            "quantity": (
                self.product_uom_qty
                if upsell
                else rule._get_crosssell_qty(self, product)
            ),
            "line_id": self.id if isinstance(self.id, int) else False,
            "trigger_product_id": self.product_id.id,
            "product_id": product.id,
            "product_name": product.display_name,
            "script": rule.script or "",
        }

    def _get_offered_suggestion_product_ids(self):
        """XS-5: the products already offered on these saved lines (their
        statistics), so that a line is never offered the same product twice.
        Read in SQL: the events of the line, whoever owns them (a salesperson
        reads only their own), and only the product ids leave this method."""
        line_ids = [line_id for line_id in self.ids if isinstance(line_id, int)]
        if not line_ids:
            return set()
        self.env["sale.suggestion.event"].flush_model(["line_id", "product_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT product_id FROM sale_suggestion_event "
                "WHERE line_id IN %s",
                tuple(line_ids),
            )
        )
        return {product_id for (product_id,) in rows}
