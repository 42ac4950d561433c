# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class SaleRemainderCancelLine(models.TransientModel):
    _name = "sale.remainder.cancel.line"
    _description = "Cancel Remainder Line"

    # === FIELDS ===

    wizard_id = fields.Many2one(
        comodel_name="sale.remainder.cancel", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", required=True
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    qty_deliver_remainder = fields.Float(
        related="sale_line_id.qty_deliver_remainder", string="Deliver Remainder"
    )
    qty_to_cancel = fields.Float(
        string="Cancel",
        digits="Product Unit of Measure",
        help="The quantity to cancel, at most the deliver remainder; 0 keeps "
        "the line as it is.",
    )
