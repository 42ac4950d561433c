# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Arrival of returned goods (RT-3): the disposition code of each line of the
return receipts being validated, then the validation goes on."""

from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleReturnArrival(models.TransientModel):
    _name = "sale.return.arrival"
    _description = "Arrival of Returned Goods"

    # === FIELDS ===

    picking_ids = fields.Many2many(comodel_name="stock.picking", string="Receipts")
    line_ids = fields.One2many(
        comodel_name="sale.return.arrival.line",
        inverse_name="wizard_id",
        string="Lines",
    )

    # === ACTION METHODS ===

    def action_validate(self):
        """Give the lines their disposition codes and validate the receipts."""
        self.ensure_one()
        missing = self.line_ids.filtered(lambda line: not line.disposition_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the disposition code of %(products)s.",
                    products=", ".join(missing.product_id.mapped("display_name")),
                )
            )
        self._apply_dispositions()
        return self.picking_ids.with_context(
            button_validate_picking_ids=self.env.context.get(
                "button_validate_picking_ids", self.picking_ids.ids
            )
        ).button_validate()

    # === BUSINESS METHODS ===

    def _apply_dispositions(self):
        for line in self.line_ids:
            line.sale_line_id.disposition_id = line.disposition_id


class SaleReturnArrivalLine(models.TransientModel):
    _name = "sale.return.arrival.line"
    _description = "Arrival of Returned Goods: line"

    # === FIELDS ===

    wizard_id = fields.Many2one(
        comodel_name="sale.return.arrival", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Returned Line", required=True
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Return")
    company_id = fields.Many2one(related="sale_line_id.company_id")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom_qty = fields.Float(
        related="sale_line_id.product_uom_qty", digits="Product Unit of Measure"
    )
    disposition_id = fields.Many2one(
        comodel_name="sale.return.disposition",
        string="Disposition Code",
        domain="[('action', '!=', 'credit_only'), "
        "('company_id', 'in', [company_id, False])]",
    )
