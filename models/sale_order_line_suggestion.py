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
        product or category in memory, and each distinct condition is
        evaluated once with filtered_domain on all the lines of all the rules
        that have it. XS-6:
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
        rule_company = {rule: rule.company_id.id for rule in rules}
        line_of = {line.id: line for line in lines}
        # {rule: ids of the lines it could apply to}, in the lines' order
        candidates = defaultdict(list)
        for line in lines:
            product = line.product_id
            matched = set(by_product.get(product.id, ()))
            for categ_id in product.categ_id._get_path_ids():
                matched.update(by_categ.get(categ_id, ()))
            company_id = line.order_id.company_id.id
            for rule in matched:
                if rule_company[rule] in (False, company_id):
                    candidates[rule].append(line.id)
        if explain is not None:
            for rule in rules:
                if rule not in candidates:
                    explain[rule.id].append({"reason": "no_trigger"})
        ordered = sorted(candidates, key=lambda r: (-r.priority, r.sequence, r.id))
        # each distinct condition is evaluated once, with filtered_domain, on
        # all the lines of all the rules that have it
        condition_of = {rule: rule.condition_domain or "[]" for rule in ordered}
        lines_by_condition = defaultdict(set)
        for rule in ordered:
            lines_by_condition[condition_of[rule]].update(candidates[rule])
        meeting = {}
        rule_model = self.env["sale.suggestion.rule"]
        for condition, line_ids in lines_by_condition.items():
            domain = rule_model._parse_condition_domain(condition)
            if domain:
                subset = lines.browse(list(line_ids)).with_prefetch(lines._prefetch_ids)
                meeting[condition] = set(subset.filtered_domain(domain)._ids)
            else:
                meeting[condition] = line_ids
        matching = {}
        for rule in ordered:
            met = meeting[condition_of[rule]]
            matching[rule] = [line_of[i] for i in candidates[rule] if i in met]
            if explain is not None:
                for line_id in candidates[rule]:
                    if line_id not in met:
                        explain[rule.id].append(
                            {"reason": "condition", "line": line_of[line_id]}
                        )
        free_qty = self._get_suggestion_free_qty(
            {
                rule: lines.browse([line.id for line in matched_lines])
                for rule, matched_lines in matching.items()
                if rule.skip_out_of_stock
            }
        )
        # a product is offered once: an up-sell once per line, a cross-sell
        # once per order (the first rule in priority and sequence wins), never
        # a product the order already has
        on_order = {order.id: set(order.order_line.product_id.ids) for order in orders}
        # what the loop below reads of each line, read once
        line_keys = {
            line: (line.product_id.id, line.order_id.id) for line in line_of.values()
        }
        offered = {}
        suggestions = []
        for rule in ordered:
            crosssell = rule.suggestion_type == "crosssell"
            skip_out_of_stock = rule.skip_out_of_stock
            suggested = list(rule.suggested_product_ids)
            for line in matching[rule]:
                product_id, order_id = line_keys[line]
                for product in suggested:
                    skipped = None
                    key = (
                        ("crosssell", order_id, product.id)
                        if crosssell
                        else ("upsell", line.id, product.id)
                    )
                    if product.id == product_id:
                        skipped = {"reason": "same_product"}
                    elif crosssell and product.id in on_order[order_id]:
                        skipped = {"reason": "on_order"}
                    elif key in offered:
                        skipped = {"reason": "offered_by", "rule": offered[key]}
                    elif (
                        skip_out_of_stock
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
