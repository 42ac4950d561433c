# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

SUGGESTION_TYPES = [("upsell", "Up-sell"), ("crosssell", "Cross-sell")]


class SaleSuggestionRule(models.Model):
    """XS-1: a rule suggesting products when a product is entered on an order
    line: an up-sell instead of it, or a cross-sell in addition to it."""

    _name = "sale.suggestion.rule"
    _description = "Up-sell / Cross-sell Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
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

    # -- constraints -------------------------------------------------------
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

    # -- evaluation -----------------------------------------------------------------
    def _get_condition_domain(self):
        self.ensure_one()
        domain = safe_eval(self.condition_domain or "[]")
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a domain is a list"))
        return list(domain)

    @api.model
    def _get_applicable_rules(self, companies, date):
        """Every active rule valid at ``date`` for these companies: one query."""
        return self.search_fetch(
            [
                ("company_id", "in", [False, *companies.ids]),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ],
            [
                "suggestion_type",
                "trigger_product_ids",
                "trigger_categ_ids",
                "suggested_product_ids",
                "condition_domain",
                "company_id",
                "sequence",
                "name",
                "script",
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
