# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from odoo.addons.stock.models.stock_move import PROCUREMENT_PRIORITIES


class SaleBackorderDistributionLine(models.TransientModel):
    _name = "sale.backorder.distribution.line"
    _description = "Stock Distribution Line"
    _order = "sequence, id"

    # === FIELDS ===

    distribution_id = fields.Many2one(
        comodel_name="sale.backorder.distribution",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="distribution_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", required=True
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer")
    priority = fields.Selection(selection=PROCUREMENT_PRIORITIES, default="0")
    requested_date = fields.Date()
    days_late = fields.Integer()
    uom_id = fields.Many2one(related="distribution_id.uom_id", string="Unit")
    qty_backorder = fields.Float(string="Backorder", digits="Product Unit of Measure")
    qty_demand = fields.Float(
        string="Can Receive",
        digits="Product Unit of Measure",
        help="What its open deliveries from stock still need, reserved or not.",
    )
    qty_reserved = fields.Float(
        string="Reserved Before",
        digits="Product Unit of Measure",
        help="What the line's deliveries hold now.",
    )
    qty_picked = fields.Float(
        string="Picked",
        digits="Product Unit of Measure",
        help="Already picked: it stays with this line whatever the allocation.",
    )
    qty_proposed = fields.Float(string="Proposed", digits="Product Unit of Measure")
    qty_allocated = fields.Float(
        string="To Reserve",
        digits="Product Unit of Measure",
        help="What this line will hold once applied. Change it to fix the "
        "quantity; Propose Again shares the rest among the other lines.",
    )
    qty_result = fields.Float(
        string="Reserved Now", digits="Product Unit of Measure", readonly=True
    )
    is_manual = fields.Boolean(
        string="Set by Hand",
        compute="_compute_is_manual",
        help="The quantity differs from the proposal: proposing again keeps it.",
    )

    # === COMPUTE METHODS ===

    @api.depends("qty_allocated", "qty_proposed", "uom_id")
    def _compute_is_manual(self):
        for line in self:
            line.is_manual = (
                float_compare(
                    line.qty_allocated,
                    line.qty_proposed,
                    precision_rounding=line.uom_id.rounding or 0.01,
                )
                != 0
            )

    # === CONSTRAINT METHODS ===

    @api.constrains("qty_allocated", "qty_demand", "qty_picked")
    def _check_qty_allocated(self):
        for line in self:
            error = line._get_qty_allocated_error()
            if error:
                raise ValidationError(error)

    # === BUSINESS METHODS ===

    def _get_qty_allocated_error(self):
        """Why the quantity to reserve is not possible, or False (BO-3)."""
        self.ensure_one()
        rounding = self.uom_id.rounding or 0.01
        qty = self.qty_allocated
        if float_compare(qty, 0, precision_rounding=rounding) < 0:
            return self.env._(
                "%(order)s: the quantity to reserve cannot be negative.",
                order=self.order_id.display_name,
            )
        if float_compare(qty, self.qty_demand, precision_rounding=rounding) > 0:
            return self.env._(
                "%(order)s can receive at most %(demand)s %(uom)s: %(qty)s is too "
                "much.",
                order=self.order_id.display_name,
                demand=self.qty_demand,
                qty=qty,
                uom=self.uom_id.name,
            )
        if float_compare(qty, self.qty_picked, precision_rounding=rounding) < 0:
            return self.env._(
                "%(order)s has %(picked)s %(uom)s picked already: it cannot keep less.",
                order=self.order_id.display_name,
                picked=self.qty_picked,
                uom=self.uom_id.name,
            )
        return False

    def _prepare_allocation_request(self):
        """This line as a request of ``_allocate_stock``."""
        self.ensure_one()
        return {
            "demand": self.qty_demand,
            "minimum": self.qty_picked,
            "fixed": self.qty_allocated if self.is_manual else None,
        }
