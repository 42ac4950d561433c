# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models


class SaleSuggestionEvent(models.Model):
    """XS-4: a suggestion offered to, accepted or declined by a salesperson."""

    _name = "sale.suggestion.event"
    _description = "Up-sell / Cross-sell Event"
    _order = "id desc"
    _rec_name = "rule_id"

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
    def log_events(self, events):
        """Record what the web client offered and what the salesperson did.

        :param events: list of dicts: ``rule_id``, ``product_id``, ``event_type``
            and optionally ``order_id``, ``partner_id``, ``trigger_product_id``
        :returns: True
        """
        allowed = {
            "rule_id",
            "product_id",
            "event_type",
            "order_id",
            "partner_id",
            "trigger_product_id",
        }
        self.create(
            [{k: v for k, v in event.items() if k in allowed} for event in events]
        )
        return True
