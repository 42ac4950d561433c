# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models


class SaleBackorderRescheduleLine(models.TransientModel):
    _name = "sale.backorder.reschedule.line"
    _description = "Reschedule Backorders Line"

    # === FIELDS ===

    wizard_id = fields.Many2one(
        comodel_name="sale.backorder.reschedule", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", required=True
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    partner_id = fields.Many2one(
        related="sale_line_id.order_id.partner_id", string="Customer"
    )
    product_id = fields.Many2one(related="sale_line_id.product_id")
    qty_deliver_remainder = fields.Float(
        related="sale_line_id.qty_deliver_remainder", string="Backorder Qty"
    )
    product_uom = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    old_date = fields.Date(
        related="sale_line_id.confirmed_date", string="Confirmed Date"
    )
    new_date = fields.Date(help="Empty: the line keeps its confirmed date.")
    supply_reference = fields.Char(
        string="Purchase Order",
        help="The purchase order whose expected date the new date comes from.",
    )
    is_delayed = fields.Boolean(string="Later", compute="_compute_is_delayed")

    # === COMPUTE METHODS ===

    @api.depends("old_date", "new_date")
    def _compute_is_delayed(self):
        for row in self:
            row.is_delayed = bool(
                row.old_date and row.new_date and row.new_date > row.old_date
            )
