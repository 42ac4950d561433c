# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_round
from odoo.tools import format_date
from odoo.tools.safe_eval import safe_eval

SUGGESTION_TYPES = [("upsell", "Up-sell"), ("crosssell", "Cross-sell")]
CROSSSELL_QTY_MODES = [
    ("fixed", "Fixed quantity"),
    ("proportional", "Proportional to the line"),
]


class SaleSuggestionRule(models.Model):
    """XS-1: a rule suggesting products when a product is entered on an order
    line: an up-sell instead of it, or a cross-sell in addition to it."""

    _name = "sale.suggestion.rule"
    _description = "Up-sell / Cross-sell Rule"
    _order = "priority desc, sequence, id"

    # === FIELDS ===
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    priority = fields.Integer(
        default=0,
        help="Rules of higher priority come first in the suggestion dialog and in "
        "the suggestions of an order; when two rules suggest the same product, "
        "the one of higher priority offers it. Rules of the same priority follow "
        "their sequence.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty to use the rule in every company.",
    )
    suggestion_type = fields.Selection(
        selection=SUGGESTION_TYPES,
        required=True,
        default="crosssell",
        help="Up-sell: suggest a product instead of the one entered (the line's "
        "product is replaced, its quantity kept).\n"
        "Cross-sell: suggest a product in addition to it (a line is added).",
    )
    trigger_product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="sale_suggestion_rule_trigger_product_rel",
        string="Trigger Products",
        help="Entering one of these products offers the suggestions.",
    )
    trigger_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="sale_suggestion_rule_trigger_categ_rel",
        string="Trigger Categories",
        help="Entering a product of one of these categories (or of their "
        "sub-categories) offers the suggestions.",
    )
    suggested_product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="sale_suggestion_rule_suggested_product_rel",
        string="Suggested Products",
        domain="[('sale_ok', '=', True)]",
    )
    crosssell_qty_mode = fields.Selection(
        selection=CROSSSELL_QTY_MODES,
        string="Cross-sell Quantity",
        required=True,
        default="fixed",
        help="Fixed quantity: the added line has the quantity below.\n"
        "Proportional to the line: the quantity of the line that triggered the "
        "rule times the ratio below, rounded up (to whole pieces for products "
        "counted in units).",
    )
    crosssell_qty = fields.Float(
        string="Fixed Quantity",
        default=1.0,
        digits="Product Unit of Measure",
    )
    crosssell_qty_ratio = fields.Float(
        string="Quantity Ratio",
        default=1.0,
        digits="Product Unit of Measure",
        help="Suggested units per unit of the line that triggered the rule: 0.5 "
        "adds one cable for two printers.",
    )
    skip_out_of_stock = fields.Boolean(
        string="Skip Out-of-Stock Products",
        help="Goods tracked in stock without free quantity in the order's "
        "warehouse are not suggested.",
    )
    condition_domain = fields.Char(
        string="Condition",
        default="[]",
        required=True,
        help="Only order lines matching this condition trigger the rule: customer, "
        "quantity, amount, pricelist, order type...",
    )
    date_start = fields.Date(string="Valid From")
    date_end = fields.Date(string="Valid Until")
    script = fields.Text(
        translate=True,
        help="What the salesperson can say to the customer, shown with the suggestion.",
    )
    event_ids = fields.One2many(
        comodel_name="sale.suggestion.event", inverse_name="rule_id", string="Events"
    )
    offered_count = fields.Integer(string="Offered", compute="_compute_statistics")
    accepted_count = fields.Integer(string="Accepted", compute="_compute_statistics")
    declined_count = fields.Integer(string="Declined", compute="_compute_statistics")
    acceptance_rate = fields.Float(
        string="Acceptance (%)",
        compute="_compute_statistics",
        help="Accepted suggestions in percent of the offered ones.",
    )

    # === COMPUTE METHODS ===
    @api.depends("event_ids")
    def _compute_statistics(self):
        """XS-4, one grouped query for all the rules."""
        counts = defaultdict(int)
        for rule, event_type, count in self.env["sale.suggestion.event"]._read_group(
            [("rule_id", "in", self.ids)], ["rule_id", "event_type"], ["__count"]
        ):
            counts[rule.id, event_type] = count
        for rule in self:
            rule.offered_count = counts[rule.id, "offered"]
            rule.accepted_count = counts[rule.id, "accepted"]
            rule.declined_count = counts[rule.id, "declined"]
            rule.acceptance_rate = (
                100.0 * rule.accepted_count / rule.offered_count
                if rule.offered_count
                else 0.0
            )

    # === CONSTRAINT METHODS ===
    @api.constrains("priority")
    def _check_priority(self):
        for rule in self:
            if rule.priority < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the priority is %(priority)s; use zero or "
                        "more (higher comes first).",
                        rule=rule.display_name,
                        priority=rule.priority,
                    )
                )

    @api.constrains(
        "suggestion_type", "crosssell_qty_mode", "crosssell_qty", "crosssell_qty_ratio"
    )
    def _check_crosssell_qty(self):
        for rule in self.filtered(lambda r: r.suggestion_type == "crosssell"):
            if rule.crosssell_qty_mode == "fixed" and rule.crosssell_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the fixed cross-sell quantity must be more "
                        "than zero.",
                        rule=rule.display_name,
                    )
                )
            if (
                rule.crosssell_qty_mode == "proportional"
                and rule.crosssell_qty_ratio <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the cross-sell quantity ratio must be more "
                        "than zero (e.g. 1 for one per unit, 0.5 for one per two).",
                        rule=rule.display_name,
                    )
                )

    @api.constrains("trigger_product_ids", "trigger_categ_ids", "suggested_product_ids")
    def _check_products(self):
        for rule in self:
            if not (rule.trigger_product_ids or rule.trigger_categ_ids):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: choose the products or categories that "
                        "trigger it.",
                        rule=rule.display_name,
                    )
                )
            if not rule.suggested_product_ids:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: choose the products it suggests.",
                        rule=rule.display_name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for rule in self:
            if rule.date_start and rule.date_end and rule.date_end < rule.date_start:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: it ends on %(end)s, before it starts on "
                        "%(start)s.",
                        rule=rule.display_name,
                        end=rule.date_end,
                        start=rule.date_start,
                    )
                )

    @api.constrains("condition_domain")
    def _check_condition_domain(self):
        lines = self.env["sale.order.line"]
        for rule in self:
            try:
                domain = rule._get_condition_domain()
                lines._search(domain)  # checks every field and operator
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the condition is not a valid domain on order "
                        "lines: %(error)s.",
                        rule=rule.display_name,
                        error=error,
                    )
                ) from error

    # === ACTION METHODS ===
    def action_test_rule(self, order_id):
        """XS-6, public API: what this rule would suggest on the order
        ``order_id`` now, and why not when it would suggest nothing. Nothing is
        written and no statistics are recorded.

        :returns: dict with ``rule_id``, ``order_id``, ``applies`` (bool),
            ``suggestions`` (this rule's dicts of ``get_sales_suggestions``, in
            their order) and ``reasons`` (sentences: the condition that failed,
            or why a suggested product is left out)
        """
        self.ensure_one()
        order = self.env["sale.order"].browse(order_id).exists()
        if not order:
            raise UserError(
                self.env._(
                    "Rule %(rule)s: choose an existing order to test it on.",
                    rule=self.display_name,
                )
            )
        order.check_access("read")
        reasons = self._get_unmet_conditions(order)
        suggestions = []
        if not reasons:
            explain = defaultdict(list)
            found = order.order_line._get_sales_suggestions(explain=explain)
            suggestions = [s for s in found if s["rule_id"] == self.id]
            reasons = self._describe_skipped(order, explain[self.id])
        return {
            "rule_id": self.id,
            "order_id": order.id,
            "applies": bool(suggestions),
            "suggestions": suggestions,
            "reasons": reasons,
        }

    # === BUSINESS METHODS ===
    def _get_condition_domain(self):
        self.ensure_one()
        return self._parse_condition_domain(self.condition_domain)

    @api.model
    def _parse_condition_domain(self, condition):
        """The domain of a condition text (``[]`` without evaluation)."""
        if not condition or condition.strip() == "[]":
            return []
        domain = safe_eval(condition)
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a domain is a list"))
        return list(domain)

    @api.model
    def _get_applicability_domains(self, companies, date):
        """The conditions of a rule on the order as a whole, by name: the
        rule's company and validity dates (XS-1)."""
        return {
            "company": [("company_id", "in", [False, *companies.ids])],
            "date_start": ["|", ("date_start", "=", False), ("date_start", "<=", date)],
            "date_end": ["|", ("date_end", "=", False), ("date_end", ">=", date)],
        }

    @api.model
    def _get_applicable_rules(self, companies, date):
        """Every active rule valid at ``date`` for these companies: one query."""
        domains = self._get_applicability_domains(companies, date).values()
        return self.search_fetch(
            [leaf for domain in domains for leaf in domain],
            [
                "suggestion_type",
                "trigger_product_ids",
                "trigger_categ_ids",
                "suggested_product_ids",
                "condition_domain",
                "company_id",
                "priority",
                "sequence",
                "name",
                "script",
                "crosssell_qty_mode",
                "crosssell_qty",
                "crosssell_qty_ratio",
                "skip_out_of_stock",
            ],
        )

    def _index_by_trigger(self):
        """({product id: rules}, {category id: rules}) for matching in memory."""
        by_product, by_categ = defaultdict(list), defaultdict(list)
        for rule in self:
            for product_id in rule.trigger_product_ids.ids:
                by_product[product_id].append(rule)
            for categ_id in rule.trigger_categ_ids.ids:
                by_categ[categ_id].append(rule)
        return by_product, by_categ

    def _get_crosssell_qty(self, line, product):
        """XS-6: the quantity a cross-sell of this rule adds for ``line``:
        fixed, or the line's quantity times the ratio, rounded up to the
        suggested product's unit."""
        self.ensure_one()
        if self.crosssell_qty_mode == "proportional":
            uom = product.uom_id
            # whole pieces for goods counted in units, the unit's rounding else
            rounding = (
                1.0
                if uom.category_id == self.env.ref("uom.product_uom_categ_unit")
                else uom.rounding
            )
            return float_round(
                line.product_uom_qty * self.crosssell_qty_ratio,
                precision_rounding=rounding,
                rounding_method="UP",
            )
        return self.crosssell_qty

    def _get_unmet_conditions(self, order):
        """XS-6, *Test rule*: the conditions on the whole order this rule does
        not meet (archived, company, prompting switched off, dates), as
        sentences; empty when the rule is evaluated on the order's lines."""
        self.ensure_one()
        company = order.company_id
        if not self.active:
            return [self.env._("The rule is archived.")]
        reasons = []
        if company.id in self.env["res.company"]._get_suggestions_disabled_ids():
            reasons.append(
                self.env._(
                    "Suggestions are switched off for %(company)s (Sales settings).",
                    company=company.display_name,
                )
            )
        date = fields.Date.context_today(self)
        domains = self._get_applicability_domains(company, date)
        if not self.filtered_domain(domains["company"]):
            reasons.append(
                self.env._(
                    "The rule is for %(rule_company)s, the order is of %(company)s.",
                    rule_company=self.company_id.display_name,
                    company=company.display_name,
                )
            )
        if not self.filtered_domain(domains["date_start"]):
            reasons.append(
                self.env._(
                    "The rule is valid from %(date)s.",
                    date=format_date(self.env, self.date_start),
                )
            )
        if not self.filtered_domain(domains["date_end"]):
            reasons.append(
                self.env._(
                    "The rule was valid until %(date)s.",
                    date=format_date(self.env, self.date_end),
                )
            )
        return reasons

    def _describe_skipped(self, order, skipped):
        """XS-6, *Test rule*: sentences for what the evaluation of the order's
        lines left out for this rule (see sale.order.line._get_sales_suggestions,
        ``explain``)."""
        self.ensure_one()
        if not skipped:
            return []
        reasons = []
        for item in skipped:
            line, product = item.get("line"), item.get("product")
            params = {
                "line": line and line.product_id.display_name,
                "product": product and product.display_name,
            }
            reason = item["reason"]
            if reason == "no_trigger":
                reasons.append(
                    self.env._(
                        "No line of %(order)s has a trigger product or a product of "
                        "a trigger category.",
                        order=order.display_name,
                    )
                )
            elif reason == "condition":
                reasons.append(
                    self.env._(
                        "The line %(line)s (quantity %(qty)s, subtotal %(amount)s) "
                        "does not meet the condition.",
                        qty=line.product_uom_qty,
                        amount=line.price_subtotal,
                        line=params["line"],
                    )
                )
            elif reason == "same_product":
                reasons.append(
                    self.env._(
                        "%(product)s is the product of the line itself.", **params
                    )
                )
            elif reason == "on_order":
                reasons.append(
                    self.env._(
                        "%(product)s is on the order already.",
                        product=params["product"],
                    )
                )
            elif reason == "out_of_stock":
                reasons.append(
                    self.env._(
                        "%(product)s has no free quantity in warehouse %(warehouse)s.",
                        product=params["product"],
                        warehouse=item["warehouse"].display_name,
                    )
                )
            elif reason == "offered_by":
                reasons.append(
                    self.env._(
                        "%(product)s is offered for the line %(line)s by the rule "
                        "%(other)s, which comes first (priority, sequence).",
                        other=item["rule"].display_name,
                        **params,
                    )
                )
        return reasons
