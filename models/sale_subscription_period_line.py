# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class SaleSubscriptionPeriodLine(models.Model):
    """OT-3: a line's quantities in one subscription period."""

    _name = "sale.subscription.period.line"
    _description = "Subscription Period Quantities"
    _order = "period_id, id"

    period_id = fields.Many2one(
        comodel_name="sale.subscription.period",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="period_id.company_id", store=True)
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        required=True,
        ondelete="cascade",
    )
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True)
    product_uom = fields.Many2one(related="sale_line_id.product_uom")
    qty_ordered = fields.Float(digits="Product Unit of Measure")
    qty_delivered = fields.Float(digits="Product Unit of Measure")
    qty_invoiced = fields.Float(digits="Product Unit of Measure")
