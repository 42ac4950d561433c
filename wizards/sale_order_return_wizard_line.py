# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class SaleOrderReturnWizardLine(models.TransientModel):
    _name = "sale.order.return.wizard.line"
    _description = "Create a Returned Order: line"

    # === FIELDS ===

    wizard_id = fields.Many2one(
        comodel_name="sale.order.return.wizard", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", required=True
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Sales Order")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom = fields.Many2one(related="sale_line_id.product_uom")
    qty_delivered = fields.Float(
        related="sale_line_id.qty_delivered", digits="Product Unit of Measure"
    )
    qty_returnable = fields.Float(
        related="sale_line_id.qty_returnable", digits="Product Unit of Measure"
    )
    quantity = fields.Float(
        string="Quantity to Return", digits="Product Unit of Measure"
    )
    company_id = fields.Many2one(related="sale_line_id.company_id")
    disposition_id = fields.Many2one(
        comodel_name="sale.return.disposition",
        string="Disposition Code",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Leave empty to choose it when the goods arrive.",
    )

    # === BUSINESS METHODS ===

    def _check_quantities(self):
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self:
            if line.quantity < 0:
                raise UserError(
                    self.env._(
                        "%(product)s: the quantity to return cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
            if (
                float_compare(
                    line.quantity, line.qty_returnable, precision_digits=precision
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: you can return at most %(returnable)s (delivered "
                        "and not returned yet), not %(quantity)s.",
                        product=line.product_id.display_name,
                        returnable=line.qty_returnable,
                        quantity=line.quantity,
                    )
                )

    def _prepare_returned_order_line(self):
        self.ensure_one()
        origin = self.sale_line_id
        return {
            "origin_sale_line_id": origin.id,
            "product_id": origin.product_id.id,
            "name": origin.name,
            "product_uom_qty": self.quantity,
            "product_uom": origin.product_uom.id,
            # credit what was sold: the original price, discount and taxes
            "price_unit": origin.price_unit,
            "discount": origin.discount,
            "tax_id": [Command.set(origin.tax_id.ids)],
            "disposition_id": self.disposition_id.id,
        }
