# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

from .sale_agreement import COMMITMENT_TYPES

# AG-6: what the confirmed order lines of an agreement line released,
# delivered and invoiced (quantities in the line's unit, amounts in the
# agreement currency)
Fulfilment = namedtuple(
    "Fulfilment",
    "qty_released qty_delivered qty_invoiced "
    "amount_released amount_delivered amount_invoiced",
    defaults=(0.0,) * 6,
)


class SaleAgreementLine(models.Model):
    _name = "sale.agreement.line"
    _description = "Sales Agreement Line"
    _order = "agreement_id, sequence, id"
    _check_company_auto = True

    # === FIELDS ===

    agreement_id = fields.Many2one(
        comodel_name="sale.agreement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="agreement_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    partner_id = fields.Many2one(related="agreement_id.partner_id")
    commercial_partner_id = fields.Many2one(
        related="agreement_id.commercial_partner_id", store=True, index=True
    )
    commitment_type = fields.Selection(
        selection=COMMITMENT_TYPES,
        compute="_compute_commitment_type",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="What the customer commits to on this line (the agreement's default "
        "commitment type when the line is added). Lines of several types may be "
        "mixed in one agreement.",
    )
    max_is_enforced = fields.Boolean(
        string="Maximum Is Enforced",
        compute="_compute_max_is_enforced",
        store=True,
        readonly=False,
        precompute=True,
        help="Refuse confirming orders that would release more than this line's "
        "commitment or outside its release amounts (the agreement's setting when "
        "the line is added).",
    )
    price_fixed = fields.Boolean(
        string="Price and Discount Fixed",
        help="Changing the price or the discount on an order line linked to this "
        "line unlinks the order line from the agreement.",
    )
    min_release_amount = fields.Monetary(
        string="Minimum Release Amount",
        help="Smallest amount one order line may release from this line (0: no "
        "minimum).",
    )
    max_release_amount = fields.Monetary(
        string="Maximum Release Amount",
        help="Largest amount one order line may release from this line (0: no "
        "maximum).",
    )
    state = fields.Selection(related="agreement_id.state", store=True)
    date_start = fields.Date(related="agreement_id.date_start")
    date_end = fields.Date(related="agreement_id.date_end")
    product_id = fields.Many2one(
        comodel_name="product.product",
        domain="[('sale_ok', '=', True)]",
        check_company=True,
        index="btree_not_null",
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        index="btree_not_null",
    )
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    qty_committed = fields.Float(
        string="Committed Quantity", digits="Product Unit of Measure"
    )
    amount_committed = fields.Monetary(
        string="Committed Amount",
        compute="_compute_amount_committed",
        store=True,
        readonly=False,
        precompute=True,
        help="For quantity commitments: the quantity at the agreement price.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        help="Price per unit of the line, in the agreement currency. Leave 0 to "
        "keep the pricelist price and apply only the discount.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    # === COMPUTE METHODS ===

    @api.depends("agreement_id")
    def _compute_commitment_type(self):
        """AG-8: the header's commitment type is the default of a new line."""
        for line in self:
            line.commitment_type = (
                line.commitment_type
                or line.agreement_id.commitment_type
                or "product_quantity"
            )

    @api.depends("agreement_id")
    def _compute_max_is_enforced(self):
        """AG-8: the header's setting is the default of a new line."""
        for line in self:
            if not line._origin.id:
                line.max_is_enforced = line.agreement_id.max_is_enforced
            else:
                line.max_is_enforced = line.max_is_enforced

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id
                != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("commitment_type", "qty_committed", "price_unit", "discount")
    def _compute_amount_committed(self):
        for line in self:
            if line.commitment_type == "product_quantity":
                line.amount_committed = line.currency_id.round(
                    line.qty_committed * line.price_unit * (1 - line.discount / 100)
                )
            else:
                line.amount_committed = line.amount_committed

    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.agreement_id.name} - {line._get_target_name()}"

    # === CONSTRAINT METHODS ===

    @api.constrains(
        "qty_committed",
        "amount_committed",
        "price_unit",
        "discount",
        "min_release_amount",
        "max_release_amount",
    )
    def _check_values(self):
        for line in self:
            if (
                line.qty_committed < 0
                or line.amount_committed < 0
                or line.min_release_amount < 0
                or line.max_release_amount < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s, %(line)s: commitments cannot be "
                        "negative.",
                        agreement=line.agreement_id.display_name,
                        line=line._get_target_name(),
                    )
                )
            if line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s, %(line)s: the unit price cannot be "
                        "negative.",
                        agreement=line.agreement_id.display_name,
                        line=line._get_target_name(),
                    )
                )
            if (
                line.max_release_amount
                and line.currency_id.compare_amounts(
                    line.min_release_amount, line.max_release_amount
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s, %(line)s: the minimum release amount "
                        "%(min)s is above the maximum release amount %(max)s.",
                        agreement=line.agreement_id.display_name,
                        line=line._get_target_name(),
                        min=line.min_release_amount,
                        max=line.max_release_amount,
                    )
                )
            if not 0 <= line.discount <= 100:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s, %(line)s: the discount must be "
                        "between 0 and 100%%.",
                        agreement=line.agreement_id.display_name,
                        line=line._get_target_name(),
                    )
                )

    @api.constrains("commitment_type", "product_id", "categ_id")
    def _check_target(self):
        # a line written on its own is held to the agreement's rules too
        self.agreement_id._check_lines()

    @api.constrains("product_id", "product_uom_id")
    def _check_product_uom(self):
        for line in self:
            if (
                line.product_id
                and line.product_uom_id
                and line.product_uom_id.category_id
                != line.product_id.uom_id.category_id
            ):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s, %(line)s: the unit %(uom)s is not a "
                        "unit of the product's category.",
                        agreement=line.agreement_id.display_name,
                        line=line._get_target_name(),
                        uom=line.product_uom_id.name,
                    )
                )

    # === ACTION METHODS ===

    # === BUSINESS METHODS ===

    def _check_commitment_target(self):
        """Each commitment type needs its own kind of line (AG-1, AG-8): a
        value line without product or category applies to every product."""
        self.ensure_one()
        agreement = self.agreement_id.display_name
        ctype = self.commitment_type
        if self.product_id and self.categ_id:
            raise ValidationError(
                self.env._(
                    "Agreement %(agreement)s: a line is for a product or for a product "
                    "category, not both.",
                    agreement=agreement,
                )
            )
        if ctype in ("product_quantity", "product_value") and not self.product_id:
            raise ValidationError(
                self.env._(
                    "Agreement %(agreement)s: every line of a product commitment needs "
                    "a product.",
                    agreement=agreement,
                )
            )
        if ctype == "category_value" and not self.categ_id:
            raise ValidationError(
                self.env._(
                    "Agreement %(agreement)s: every line of a category commitment "
                    "needs a product category and no product.",
                    agreement=agreement,
                )
            )

    def _get_version_line_fields(self):
        """The line fields a version records (AG-12)."""
        return [
            "commitment_type",
            "qty_committed",
            "product_uom_id",
            "amount_committed",
            "price_unit",
            "discount",
            "max_is_enforced",
            "price_fixed",
            "min_release_amount",
            "max_release_amount",
        ]

    def _is_any_product(self):
        """A value line without product or category applies to every product."""
        self.ensure_one()
        return not self.product_id and not self.categ_id

    def _get_target_name(self):
        self.ensure_one()
        if self._is_any_product():
            return self.env._("All products")
        return (self.product_id or self.categ_id).display_name or ""

    def _prepare_release_order_line(self):
        self.ensure_one()
        if self.commitment_type == "product_quantity":
            qty = self.qty_remaining or 1.0
        else:
            qty = 1.0
        return {
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id or self.product_id.uom_id.id,
            "product_uom_qty": qty,
            "agreement_line_id": self.id,
        }

    def _prepare_release_lines(self):
        """The release dialog's lines (sale.agreement.release.line values):
        product lines with their remaining quantity, the others to fill in."""
        vals_list = []
        for line in self:
            vals = {"agreement_line_id": line.id, "product_id": line.product_id.id}
            if line.product_id:
                vals["quantity"] = line._prepare_release_order_line()["product_uom_qty"]
            vals_list.append(vals)
        return vals_list

    def _get_price_for(self, order_line):
        """The agreement unit price for ``order_line``, in its currency and
        unit; None when the line has no price (only a discount)."""
        self.ensure_one()
        if not self.price_unit:
            return None
        price = self.price_unit
        uom = self.product_uom_id
        if uom and order_line.product_uom and uom != order_line.product_uom:
            price = uom._compute_price(price, order_line.product_uom)
        if self.currency_id != order_line.currency_id:
            price = self.currency_id._convert(
                price,
                order_line.currency_id,
                order_line.company_id,
                order_line.order_id._get_agreement_date() or fields.Date.today(),
                round=False,
            )
        return price
