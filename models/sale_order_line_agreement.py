# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sales agreements (AG) on the order line: the agreement line found for the
customer and product, its price and discount, and the enforced maximum."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .sale_agreement_matching import AgreementCandidates

# what a confirmed line releases from an agreement line (AG-6)
AGREEMENT_RELEASE_FIELDS = {
    "product_uom_qty",
    "product_uom",
    "product_id",
    "price_unit",
    "discount",
    "tax_id",
    "agreement_line_id",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === FIELDS ===

    agreement_line_id = fields.Many2one(
        comodel_name="sale.agreement.line",
        compute="_compute_agreement_line_id",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        domain="[('id', 'in', available_agreement_line_ids)]",
        help="The sales agreement line whose price and discount apply to this line. "
        "Found automatically for the customer and product; you can unlink it.",
    )
    agreement_id = fields.Many2one(
        related="agreement_line_id.agreement_id",
        string="Sales Agreement",
        store=True,
        index="btree_not_null",
    )
    available_agreement_line_ids = fields.Many2many(
        comodel_name="sale.agreement.line",
        string="Applicable Agreement Lines",
        compute="_compute_available_agreement_line_ids",
    )
    price_source = fields.Selection(
        selection=[
            ("agreement", "Sales agreement"),
            ("pricelist", "Pricelist"),
            ("list", "Sales price"),
            ("manual", "Manual"),
        ],
        compute="_compute_price_source",
        store=True,
        help="Which price source won for this line: a sales agreement overrides "
        "pricelists; a price typed by hand overrides everything.",
    )
    # === COMPUTE METHODS ===

    # Like pricelist_item_id, not dependent on the dates: confirming an order
    # changes its date and must not re-price it. Date changes of quotations
    # relink explicitly (sale.order.write / onchange, _relink_agreement_lines).
    @api.depends(
        "product_id",
        "order_id.partner_id",
        "order_id.company_id",
        "order_id.agreement_id",
    )
    def _compute_agreement_line_id(self):
        """AG-5: link each line to the applicable agreement line, in batch."""
        todo = self.filtered(lambda line: line._is_agreement_applicable())
        for line in self - todo:
            if line.display_type or not line.product_id:
                line.agreement_line_id = False
        if not todo:
            return
        candidates = todo._get_agreement_candidates()
        for line in todo:
            current = line.agreement_line_id
            best = line._select_agreement_line(candidates, check_date=True)
            if current and line._agreement_line_matches(current, check_date=False):
                if best and not line._agreement_line_matches(current, check_date=True):
                    line.agreement_line_id = best
                # else keep the user's or the previous link (AG-3 checks dates)
                continue
            line.agreement_line_id = best

    @api.depends(
        "product_id",
        "order_id.partner_id",
        "order_id.company_id",
        "order_id.commitment_date",
        "order_id.date_order",
        "order_id.agreement_id",
    )
    def _compute_available_agreement_line_ids(self):
        todo = self.filtered(lambda line: line._is_agreement_applicable())
        (self - todo).available_agreement_line_ids = False
        if not todo:
            return
        candidates = todo._get_agreement_candidates()
        for line in todo:
            line.available_agreement_line_ids = candidates.for_line(line).filtered(
                lambda c, line=line: line._agreement_line_matches(c, check_date=True)
            )

    @api.depends(
        "agreement_line_id",
        "pricelist_item_id",
        "price_unit",
        "technical_price_unit",
        "display_type",
    )
    def _compute_price_source(self):
        for line in self:
            if line.display_type or not line.product_id:
                line.price_source = False
            elif float_compare(
                line.price_unit, line.technical_price_unit, precision_digits=6
            ):
                line.price_source = "manual"
            elif line.agreement_line_id:
                line.price_source = "agreement"
            elif line.pricelist_item_id:
                line.price_source = "pricelist"
            else:
                line.price_source = "list"

    @api.depends("order_id.agreement_id")
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        # AG-10: the header agreement's analytic distribution wins
        for line in self:
            distribution = line.order_id.agreement_id.analytic_distribution
            if distribution and not line.display_type:
                line.analytic_distribution = distribution
        return res

    @api.depends("agreement_line_id")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    @api.depends("agreement_line_id")
    def _compute_discount(self):
        agreement_lines = self.filtered("agreement_line_id")
        res = super(SaleOrderLine, self - agreement_lines)._compute_discount()
        for line in agreement_lines:
            line.discount = line.agreement_line_id.discount
        return res

    # === CONSTRAINT METHODS ===

    @api.constrains("agreement_line_id")
    def _check_agreement_line(self):
        self.filtered(
            lambda line: line.agreement_line_id and line.state in ("draft", "sent")
        )._check_agreement_lines_orderable()

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # AG-2/3/5/6: a line added to a confirmed order releases from its
        # agreement as if it had been confirmed with the order
        released = lines.filtered(
            lambda line: line.state == "sale" and line.agreement_line_id
        )
        released._check_agreement_lines_orderable()
        released._check_agreement_max_enforced(confirming=False)
        return lines

    def write(self, vals):
        if not AGREEMENT_RELEASE_FIELDS & vals.keys():
            return super().write(vals)
        confirmed = self.filtered(
            lambda line: (
                line.state == "sale"
                and (line.agreement_line_id or "agreement_line_id" in vals)
            )
        )
        before = {line: line._get_agreement_release() for line in confirmed}
        res = super().write(vals)
        if vals.get("agreement_line_id"):
            # re-linked after confirmation: the same checks as at confirmation
            confirmed._check_agreement_lines_orderable()
        # AG-6: whatever raises what a confirmed line releases (quantity, unit,
        # price, discount, taxes, another agreement line) is held to the
        # enforced maximum, as confirming is
        raised = confirmed.filtered(
            lambda line: line._get_agreement_release().exceeds(before[line])
        )
        raised._check_agreement_max_enforced(confirming=False)
        return res

    # === BUSINESS METHODS ===

    def _is_agreement_applicable(self):
        """Lines that can take an agreement price: products on quotations."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and not self.is_downpayment
            and not self.combo_item_id
            and self.product_type != "combo"
            and self.state in ("draft", "sent", False)
            and self.order_id.partner_id
            and self.order_id.order_type != "returned"
        )

    def _get_agreement_candidates(self):
        """Every effective agreement line that could apply to one of these lines:
        one query for the whole batch, indexed for the matching in memory."""
        orders = self.order_id
        partners = orders.partner_id.commercial_partner_id
        products = self.product_id
        categories = set()
        for categ in products.categ_id:
            categories.update(categ._get_path_ids())
        records = self.env["sale.agreement.line"].search_fetch(
            [
                ("state", "=", "effective"),
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "in", orders.company_id.ids),
                "|",
                "|",
                ("product_id", "in", products.ids),
                ("categ_id", "in", list(categories)),
                "&",
                ("product_id", "=", False),
                ("categ_id", "=", False),
            ],
            [
                "agreement_id",
                "product_id",
                "categ_id",
                "commercial_partner_id",
                "company_id",
                "state",
            ],
        )
        return AgreementCandidates(records)

    def _agreement_line_matches(self, agreement_line, check_date=True):
        self.ensure_one()
        order = self.order_id
        if (
            agreement_line.commercial_partner_id
            != order.partner_id.commercial_partner_id
            or agreement_line.company_id != order.company_id
        ):
            return False
        if order.agreement_id and agreement_line.agreement_id != order.agreement_id:
            # AG-10: the header agreement restricts the matching to its lines
            return False
        if agreement_line.product_id:
            if agreement_line.product_id != self.product_id:
                return False
        elif (
            agreement_line.categ_id
            and agreement_line.categ_id.id
            not in self.product_id.categ_id._get_path_ids()
        ):
            return False
        if check_date:
            agreement = agreement_line.agreement_id
            return agreement.state == "effective" and agreement._is_valid_on(
                order._get_agreement_date()
            )
        return True

    def _select_agreement_line(self, candidates, check_date=True):
        """The most specific applicable line among ``candidates``
        (AgreementCandidates): a product line before a category line, a deeper
        category first, a value line for every product last, then the most
        recent agreement."""
        self.ensure_one()
        matching = candidates.for_line(self).filtered(
            lambda c: self._agreement_line_matches(c, check_date=check_date)
        )
        if not matching:
            return matching

        def priority(candidate):
            depth = len(candidate.categ_id._get_path_ids())
            return (
                bool(candidate.product_id),
                depth,
                candidate.agreement_id.date_start,
                -candidate.id,
            )

        return max(matching, key=priority)

    def _get_display_price(self):
        if self.agreement_line_id and not self.combo_item_id:
            price = self.agreement_line_id._get_price_for(self)
            if price is not None:
                return price
        return super()._get_display_price()

    def _relink_agreement_lines(self):
        """After the requested ship date of quotations changed: link the lines
        whose agreement does not cover the new date to one that does (AG-5)."""
        lines = self.filtered(lambda line: line._is_agreement_applicable())
        if not lines:
            return
        candidates = lines._get_agreement_candidates()
        for line in lines:
            current = line.agreement_line_id
            if current and line._agreement_line_matches(current, check_date=True):
                continue
            best = line._select_agreement_line(candidates, check_date=True)
            if best and best != current:
                line.agreement_line_id = best

    def _check_agreement_lines_orderable(self):
        """AG-2/AG-3/AG-5: a linked agreement line must be the customer's, for
        the product, effective and valid at the requested ship date."""
        for line in self:
            agreement_line = line.agreement_line_id
            header = line.order_id.agreement_id
            if header and agreement_line.agreement_id != header:
                raise ValidationError(
                    self.env._(
                        "%(order)s is an order of agreement %(agreement)s: agreement "
                        "line %(agreement_line)s of another agreement cannot be used "
                        "on it.",
                        order=line.order_id.display_name,
                        agreement=header.display_name,
                        agreement_line=agreement_line.display_name,
                    )
                )
            if not line._agreement_line_matches(agreement_line, check_date=False):
                raise ValidationError(
                    self.env._(
                        "%(order)s: agreement line %(agreement_line)s is not for "
                        "customer %(customer)s and product %(product)s.",
                        order=line.order_id.display_name,
                        agreement_line=agreement_line.display_name,
                        customer=line.order_id.partner_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            agreement_line.agreement_id._check_orderable(
                line.order_id._get_agreement_date()
            )
