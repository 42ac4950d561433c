# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL


class SaleSuggestionEvent(models.Model):
    """XS-4/XS-7: a suggestion offered on an order line, accepted or declined.

    Written by the server only (``_record``): no user group may create, change
    or delete events, and each counts once per order line, rule, suggested
    product and event type."""

    _name = "sale.suggestion.event"
    _description = "Up-sell / Cross-sell Event"
    _order = "id desc"
    _rec_name = "rule_id"
    _sql_constraints = [
        (
            "line_rule_product_event_uniq",
            "UNIQUE(line_id, rule_id, product_id, event_type)",
            "A suggestion is counted once per order line, rule, product and result.",
        )
    ]

    rule_id = fields.Many2one(
        comodel_name="sale.suggestion.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    suggestion_type = fields.Selection(related="rule_id.suggestion_type", store=True)
    event_type = fields.Selection(
        selection=[
            ("offered", "Offered"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        required=True,
        index=True,
    )
    # the unique constraint's index starts with line_id: no index of its own
    line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", ondelete="set null"
    )
    order_id = fields.Many2one(
        comodel_name="sale.order", ondelete="set null", index="btree_not_null"
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer")
    trigger_product_id = fields.Many2one(comodel_name="product.product")
    product_id = fields.Many2one(
        comodel_name="product.product", string="Suggested Product", required=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        required=True,
        index=True,
    )

    @api.model
    def _record(self, suggestions_by_type):
        """XS-4/XS-7: record suggestions of saved order lines, once per line,
        rule, suggested product and event type: recording again adds nothing.

        :param suggestions_by_type: {``offered``/``accepted``/``declined``:
            suggestion dicts of ``sale.order.line._get_sales_suggestions``};
            suggestions without a saved line are not recorded
        """
        lines = self.env["sale.order.line"].browse(
            {
                suggestion["line_id"]
                for suggestions in suggestions_by_type.values()
                for suggestion in suggestions
                if suggestion["line_id"]
            }
        )
        if not lines:
            return
        line_of = {line.id: line for line in lines}
        rules = self.env["sale.suggestion.rule"].browse(
            {
                suggestion["rule_id"]
                for suggestions in suggestions_by_type.values()
                for suggestion in suggestions
            }
        )
        type_of = {rule.id: rule.suggestion_type for rule in rules}
        now = self.env.cr.now()
        rows = []
        for event_type, suggestions in suggestions_by_type.items():
            for suggestion in suggestions:
                line = line_of.get(suggestion["line_id"])
                if not line:
                    continue
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        suggestion["rule_id"],
                        type_of[suggestion["rule_id"]],
                        event_type,
                        line.id,
                        line.order_id.id,
                        line.order_id.partner_id.id,
                        suggestion["trigger_product_id"],
                        suggestion["product_id"],
                        self.env.uid,
                        line.order_id.company_id.id,
                        self.env.uid,
                        now,
                        self.env.uid,
                        now,
                    )
                )
        # Raw INSERT, not create(): events are written by the server only
        # (no group has create access, so nobody can forge statistics), and
        # ON CONFLICT makes a repeated or concurrent recording count once
        # (under REPEATABLE READ, a row committed meanwhile by another
        # transaction raises a serialization failure, which Odoo's request
        # retry resolves: the retry sees the row and inserts nothing).
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sale_suggestion_event (
                    rule_id, suggestion_type, event_type, line_id, order_id,
                    partner_id, trigger_product_id, product_id, user_id,
                    company_id, create_uid, create_date, write_uid, write_date
                )
                VALUES %s
                ON CONFLICT (line_id, rule_id, product_id, event_type) DO NOTHING
                """,
                SQL(", ").join(rows),
            )
        )
        # the statistics of the rules are computed from their events
        rules.invalidate_recordset(
            [
                "event_ids",
                "offered_count",
                "accepted_count",
                "declined_count",
                "acceptance_rate",
            ]
        )
