# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup
from markupsafe import escape

from odoo import api
from odoo import fields
from odoo import models


class SaleSuggestionRuleTest(models.TransientModel):
    """XS-6, *Test rule*: what a rule would suggest on a chosen order, or why
    not, from the rule form (``sale.suggestion.rule.action_test_rule``)."""

    _name = "sale.suggestion.rule.test"
    _description = "Test an Up-sell / Cross-sell Rule"

    # === FIELDS ===
    rule_id = fields.Many2one(
        comodel_name="sale.suggestion.rule", required=True, ondelete="cascade"
    )
    # any order the user may read: a rule without company applies to all
    order_id = fields.Many2one(
        comodel_name="sale.order",
        help="The quotation or order to test the rule on; nothing is changed on it.",
    )
    result_html = fields.Html(
        string="Result", compute="_compute_result_html", sanitize=False
    )

    # === COMPUTE METHODS ===
    @api.depends("rule_id", "order_id")
    def _compute_result_html(self):
        for wizard in self:
            wizard.result_html = (
                wizard._render_result(
                    wizard.rule_id.action_test_rule(wizard.order_id.id)
                )
                if wizard.rule_id and wizard.order_id
                else False
            )

    # === BUSINESS METHODS ===
    def _render_result(self, result):
        """The result of ``action_test_rule`` as HTML (every value escaped)."""
        self.ensure_one()
        parts = []
        if result["applies"]:
            parts.append(
                Markup('<p class="text-success fw-bold">%s</p>')
                % self.env._("The rule suggests:")
            )
            parts.append(
                Markup("<ul>%s</ul>")
                % Markup().join(
                    Markup("<li>%s</li>")
                    % self.env._(
                        "%(product)s (quantity %(qty)s) for the line %(line)s",
                        product=suggestion["product_name"],
                        qty=suggestion["quantity"],
                        line=self.env["product.product"]
                        .browse(suggestion["trigger_product_id"])
                        .display_name,
                    )
                    for suggestion in result["suggestions"]
                )
            )
        else:
            parts.append(
                Markup('<p class="text-warning fw-bold">%s</p>')
                % self.env._("The rule suggests nothing on this order.")
            )
        if result["reasons"]:
            parts.append(
                Markup("<p>%s</p>")
                % (self.env._("Left out:") if result["applies"] else self.env._("Why:"))
            )
            parts.append(
                Markup("<ul>%s</ul>")
                % Markup().join(
                    Markup("<li>%s</li>") % escape(reason)
                    for reason in result["reasons"]
                )
            )
        return Markup().join(parts)
