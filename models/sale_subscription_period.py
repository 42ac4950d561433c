# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class SaleSubscriptionPeriod(models.Model):
    """OT-3: one invoiced period of a subscription, with what it delivered and
    invoiced. Written by the period invoicing only."""

    _name = "sale.subscription.period"
    _description = "Subscription Period"
    _order = "order_id, period_start desc"
    _rec_name = "period_start"
    _check_company_auto = True
    _sql_constraints = [
        (
            "order_period_uniq",
            "UNIQUE(order_id, period_start)",
            "A subscription period is invoiced once.",
        ),
    ]

    # === FIELDS ===

    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Subscription",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    user_id = fields.Many2one(related="order_id.user_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        index="btree_not_null",
        check_company=True,
    )
    amount_untaxed = fields.Monetary(
        related="invoice_id.amount_untaxed", string="Invoiced (untaxed)"
    )
    line_ids = fields.One2many(
        comodel_name="sale.subscription.period.line",
        inverse_name="period_id",
        string="Quantities",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for period in self:
            period.display_name = (
                f"{period.order_id.name}: {period.period_start} - {period.period_end}"
            )
