# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models

from odoo.addons.stock.models.stock_move import PROCUREMENT_PRIORITIES


class BackorderLineReportMixin(models.AbstractModel):
    """What the sales and purchase backorder lines share (BO-1): one row per
    open order line, with its order's priority and date and its units."""

    _name = "backorder.line.report.mixin"
    _inherit = ["backorder.report.mixin"]
    _description = "Backorder Line Report Helpers"

    # === FIELDS ===

    priority = fields.Selection(selection=PROCUREMENT_PRIORITIES, readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True)
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom", string="Unit", readonly=True
    )
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Product Unit",
        readonly=True,
        help="The product's own unit, the one stock is counted in.",
    )
    product_qty_backorder = fields.Float(
        string="Backorder Qty (Product Unit)",
        digits="Product Unit of Measure",
        readonly=True,
        help="The backorder quantity in the product's unit.",
    )

    # === ACTION METHODS ===

    def action_open_order(self):
        self.ensure_one()
        return self.order_id.get_formview_action()
