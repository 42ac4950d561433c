# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sales agreements (AG) on the order: the header agreement and its terms, the
requested ship date agreements are checked against, relinking quotations,
the checks at confirmation."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS ===

    agreement_id = fields.Many2one(
        comodel_name="sale.agreement",
        string="Sales Agreement",
        check_company=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        domain="[('state', '=', 'effective'), ('is_expired', '=', False)]",
        help="The agreement this order releases from: only its lines are linked, "
        "and the order takes its payment terms, incoterm, delivery address, "
        "pricelist, salesperson and analytic distribution.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("agreement_id", "partner_id")
    def _check_header_agreement(self):
        for order in self.filtered("agreement_id"):
            agreement = order.agreement_id
            if (
                agreement.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(order)s: agreement %(agreement)s is not an agreement of "
                        "customer %(customer)s.",
                        order=order.display_name,
                        agreement=agreement.display_name,
                        customer=order.partner_id.display_name,
                    )
                )
            if order.state in ("draft", "sent"):
                agreement._check_orderable(order._get_agreement_date())

    # === ONCHANGE METHODS ===

    @api.onchange("commitment_date")
    def _onchange_commitment_date_agreements(self):
        # the form's counterpart of write(): relink before the user saves
        self.order_line._relink_agreement_lines()

    @api.onchange("agreement_id")
    def _onchange_agreement_id(self):
        """AG-10: the form shows the agreement's terms at once."""
        if self.agreement_id:
            self.update(self.agreement_id._get_order_terms())

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("agreement_id"):
                self._add_agreement_terms(vals)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("agreement_id") and all(
            order.state in ("draft", "sent") for order in self
        ):
            vals = self._add_agreement_terms(dict(vals), partner=False)
        res = super().write(vals)
        if {"commitment_date", "date_order", "partner_id"} & vals.keys():
            quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
            quotations.order_line._relink_agreement_lines()
            # AG-3: what stays linked must be valid at the new date
            quotations.order_line.filtered(
                "agreement_line_id"
            )._check_agreement_lines_orderable()
        return res

    # === ACTION METHODS ===

    def action_confirm(self):
        # AG-2/AG-3: the agreements must still be orderable at confirmation
        for order in self.filtered("agreement_id"):
            order.agreement_id._check_orderable(order._get_agreement_date())
        self.order_line.filtered("agreement_line_id")._check_agreement_lines_orderable()
        return super().action_confirm()

    # === BUSINESS METHODS ===

    @api.model
    def _add_agreement_terms(self, vals, partner=True):
        """AG-10: the terms of the header agreement for the values of an order
        (what the caller set itself wins); returns ``vals``."""
        agreement = self.env["sale.agreement"].browse(vals["agreement_id"])
        if partner:
            vals.setdefault("partner_id", agreement.partner_id.id)
        terms = agreement._get_order_terms()
        if terms.get("user_id") not in (
            None,
            self.env.uid,
        ) and not self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            # a salesperson who sees only their own orders makes their own
            # release orders (they could not create another's)
            del terms["user_id"]
        for name, value in terms.items():
            vals.setdefault(name, value)
        return vals

    def _get_agreement_date(self):
        """The requested ship date agreements are checked against (AG-3): the
        delivery date asked by the customer, else the order date."""
        self.ensure_one()
        moment = self.commitment_date or self.date_order
        if not moment:
            return fields.Date.context_today(self)
        return fields.Date.context_today(self, timestamp=moment)

    def _action_confirm(self):
        # AG-6/AG-9, once the orders are confirmed: their lines count as released
        self.order_line._check_agreement_max_enforced()
        return super()._action_confirm()
