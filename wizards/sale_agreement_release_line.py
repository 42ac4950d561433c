# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class SaleAgreementReleaseLine(models.TransientModel):
    _name = "sale.agreement.release.line"
    _description = "Sales Agreement Release Line"

    # === FIELDS ===

    release_id = fields.Many2one(
        comodel_name="sale.agreement.release", required=True, ondelete="cascade"
    )
    agreement_line_id = fields.Many2one(
        comodel_name="sale.agreement.line", required=True, ondelete="cascade"
    )
    commitment_type = fields.Selection(related="agreement_line_id.commitment_type")
    categ_id = fields.Many2one(related="agreement_line_id.categ_id")
    currency_id = fields.Many2one(related="agreement_line_id.currency_id")
    qty_remaining = fields.Float(
        related="agreement_line_id.qty_remaining", string="Remaining"
    )
    amount_remaining = fields.Monetary(
        related="agreement_line_id.amount_remaining", string="Remaining Amount"
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        domain="[('sale_ok', '=', True)] + "
        "([('categ_id', 'child_of', categ_id)] if categ_id else [])",
        help="The product to order (chosen here for category and value lines).",
    )
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(
        compute="_compute_quantity",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Unit of Measure",
    )
    amount = fields.Monetary(
        help="For value commitments: the amount of this call-off; the quantity "
        "follows from the agreement price (or the product's sales price).",
    )
    date_requested = fields.Date(string="Requested Date")

    # === COMPUTE METHODS ===

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            agreement_line = line.agreement_line_id
            if (
                agreement_line.product_id
                and line.product_id == agreement_line.product_id
            ):
                line.product_uom_id = agreement_line.product_uom_id
            else:
                line.product_uom_id = line.product_id.uom_id

    @api.depends("amount", "product_id", "product_uom_id")
    def _compute_quantity(self):
        for line in self:
            if line.amount and line.product_id:
                price = line._get_unit_price()
                line.quantity = line.amount / price if price else 0.0
            else:
                line.quantity = line.quantity

    # === BUSINESS METHODS ===

    def _get_unit_price(self):
        """The price per unit of the line's unit, after the agreement discount,
        in the agreement currency: what an amount buys."""
        self.ensure_one()
        agreement_line = self.agreement_line_id
        uom = self.product_uom_id or self.product_id.uom_id
        if agreement_line.price_unit:
            price = agreement_line.price_unit
            if agreement_line.product_uom_id and agreement_line.product_uom_id != uom:
                price = agreement_line.product_uom_id._compute_price(price, uom)
        else:
            price = self.product_id.uom_id._compute_price(
                self.product_id.lst_price, uom
            )
        return price * (1 - agreement_line.discount / 100)

    def _is_empty(self):
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        return float_is_zero(self.quantity, precision_digits=precision)

    def _check_release_line(self):
        self.ensure_one()
        agreement = self.agreement_line_id.agreement_id
        target = self.agreement_line_id._get_target_name()
        if self.quantity < 0 or self.amount < 0:
            raise UserError(
                self.env._(
                    "%(line)s: the quantity and amount to release cannot be negative.",
                    line=target,
                )
            )
        if not self.product_id:
            raise UserError(
                self.env._(
                    "%(line)s: choose the product to order.",
                    line=target,
                )
            )
        date = self.date_requested or self.release_id.date_requested
        agreement._check_orderable(date)

    def _prepare_order_line(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom": (self.product_uom_id or self.product_id.uom_id).id,
            "product_uom_qty": self.quantity,
            "agreement_line_id": self.agreement_line_id.id,
            "release_date_requested": self.date_requested
            or self.release_id.date_requested,
        }
