# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

# AG-6: a commitment exceeded by a release
Excess = namedtuple("Excess", "record committed released")

COMMITMENT_TYPES = [
    ("product_quantity", "Product quantity commitment"),
    ("product_value", "Product value commitment"),
    ("category_value", "Product category value commitment"),
    ("value", "Value commitment"),
]


class SaleAgreement(models.Model):
    _name = "sale.agreement"
    _description = "Sales Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "analytic.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The agreement number must be unique per company.",
        ),
    ]

    # === FIELDS ===

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date_start = fields.Date(
        string="Effective Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(
        string="Expiration Date",
        tracking=True,
        help="Last day on which the agreement can be ordered from. Leave empty for "
        "an agreement without end.",
    )
    commitment_type = fields.Selection(
        selection=COMMITMENT_TYPES,
        string="Default Commitment Type",
        required=True,
        default="product_quantity",
        tracking=True,
        help="The commitment type of new lines (each line has its own):\n"
        "Product quantity: a quantity of each product.\n"
        "Product value: an amount for each product.\n"
        "Product category value: an amount for each product category.\n"
        "Value: an amount whatever the products (a value line without product "
        "or category applies to every product).",
    )
    max_is_enforced = fields.Boolean(
        string="Maximum Is Enforced",
        tracking=True,
        help="The default of new lines: refuse confirming orders that would release "
        "more than the commitment.",
    )
    classification_id = fields.Many2one(
        comodel_name="sale.agreement.classification",
        default=lambda self: self.env["sale.agreement.classification"]._get_default(),
        check_company=True,
        tracking=True,
        index=True,
    )
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Payment Terms",
        check_company=True,
        tracking=True,
    )
    incoterm_id = fields.Many2one(comodel_name="account.incoterms", tracking=True)
    partner_shipping_id = fields.Many2one(
        comodel_name="res.partner",
        string="Delivery Address",
        check_company=True,
        tracking=True,
        help="Release orders are delivered to this address (leave empty for the "
        "customer's delivery address).",
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        check_company=True,
        tracking=True,
        help="The pricelist of release orders, for products without an agreement "
        "price; in the agreement's currency.",
    )
    version_ids = fields.One2many(
        comodel_name="sale.agreement.version",
        inverse_name="agreement_id",
        string="Versions",
        copy=False,
    )
    version = fields.Integer(
        compute="_compute_version",
        help="The latest confirmed version (0: never confirmed).",
    )
    state = fields.Selection(
        selection=[
            ("on_hold", "On hold"),
            ("effective", "Effective"),
            ("closed", "Closed"),
        ],
        required=True,
        default="on_hold",
        copy=False,
        tracking=True,
        index=True,
    )
    is_expired = fields.Boolean(
        string="Expired",
        compute="_compute_is_expired",
        search="_search_is_expired",
        help="The expiration date is in the past.",
    )
    amount_committed_header = fields.Monetary(
        string="Commitment",
        help="The amount the customer commits to buy with the value lines that "
        "have no committed amount of their own (value commitment).",
    )
    line_ids = fields.One2many(
        comodel_name="sale.agreement.line",
        inverse_name="agreement_id",
        string="Lines",
        copy=True,
    )
    note = fields.Html(string="Terms and Conditions")
    # === COMPUTE METHODS ===

    @api.depends("company_id")
    def _compute_currency_id(self):
        for agreement in self:
            agreement.currency_id = (
                agreement.currency_id or agreement.company_id.currency_id
            )

    @api.depends("date_end")
    @api.depends_context("date")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.is_expired = bool(
                agreement.date_end and agreement.date_end < today
            )

    def _search_is_expired(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on Expired."))
        expired = (operator == "=") == bool(value)
        today = fields.Date.context_today(self)
        if expired:
            return [("date_end", "<", today)]
        return ["|", ("date_end", "=", False), ("date_end", ">=", today)]

    @api.depends("version_ids.version")
    def _compute_version(self):
        for agreement in self:
            agreement.version = max(agreement.version_ids.mapped("version"), default=0)

    # === CONSTRAINT METHODS ===

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end and agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: the expiration date %(end)s is "
                        "before the effective date %(start)s.",
                        agreement=agreement.display_name,
                        end=agreement.date_end,
                        start=agreement.date_start,
                    )
                )

    @api.constrains("partner_id", "partner_shipping_id", "pricelist_id", "currency_id")
    def _check_terms(self):
        for agreement in self:
            shipping = agreement.partner_shipping_id
            if (
                shipping
                and shipping.commercial_partner_id
                != agreement.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: the delivery address %(address)s is "
                        "not an address of customer %(customer)s.",
                        agreement=agreement.display_name,
                        address=shipping.display_name,
                        customer=agreement.partner_id.display_name,
                    )
                )
            pricelist = agreement.pricelist_id
            if pricelist and pricelist.currency_id != agreement.currency_id:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: the pricelist %(pricelist)s is in "
                        "%(pricelist_currency)s, the agreement in %(currency)s: choose "
                        "a pricelist in the agreement's currency.",
                        agreement=agreement.display_name,
                        pricelist=pricelist.display_name,
                        pricelist_currency=pricelist.currency_id.name,
                        currency=agreement.currency_id.name,
                    )
                )

    @api.constrains("amount_committed_header")
    def _check_amount_committed_header(self):
        for agreement in self:
            if agreement.amount_committed_header < 0:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s: the committed amount cannot be "
                        "negative.",
                        agreement=agreement.display_name,
                    )
                )

    @api.constrains("line_ids")
    def _check_lines(self):
        for agreement in self:
            seen = set()
            for line in agreement.line_ids:
                key = (line.product_id, line.categ_id)
                if key in seen:
                    raise ValidationError(
                        self.env._(
                            "Agreement %(agreement)s has two lines for %(what)s: "
                            "one line per product or category.",
                            agreement=agreement.display_name,
                            what=line._get_target_name(),
                        )
                    )
                seen.add(key)
                line._check_commitment_target()

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["name"] = self.env["ir.sequence"].with_company(
                    company or self.env.company
                ).next_by_code("sale.agreement") or self.env._("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_released(self):
        released = self.filtered("release_order_count")
        if released:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s has release orders: close it instead of "
                    "deleting it.",
                    agreement=released[0].display_name,
                )
            )

    # === ACTION METHODS ===

    def action_confirm(self):
        """AG-12: confirming stores the next immutable version (with its printed
        document) and makes the agreement effective."""
        for agreement in self:
            if not agreement.line_ids:
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s has no lines: add what the customer "
                        "commits to before confirming it.",
                        agreement=agreement.display_name,
                    )
                )
            if agreement.state == "closed":
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s is closed: reopen it before "
                        "confirming it.",
                        agreement=agreement.display_name,
                    )
                )
        self.write({"state": "effective"})
        self.env["sale.agreement.version"]._create_for(self)
        return True

    def action_set_effective(self):
        """Kept for integrations of 18.0.2: making effective is confirming."""
        return self.action_confirm()

    def action_view_versions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_agreement_version_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        return action

    def action_hold(self):
        return self.write({"state": "on_hold"})

    def action_close(self):
        return self.write({"state": "closed"})

    def action_create_release_order(self):
        """AG-7/AG-11: the release dialog, prefilled with every line (the
        quotation is created from it, ``sale.agreement.release.action_create``)."""
        self.ensure_one()
        self._check_orderable(fields.Date.context_today(self))
        release = self.env["sale.agreement.release"].create({"agreement_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Order"),
            "res_model": "sale.agreement.release",
            "res_id": release.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # === BUSINESS METHODS ===

    def _prepare_release_order(self, line_vals_list=None):
        """The quotation of a release: the agreement on its header (which
        brings the agreement's terms, AG-10) and ``line_vals_list`` (default:
        every product line with its remaining quantity)."""
        self.ensure_one()
        if line_vals_list is None:
            line_vals_list = [
                line._prepare_release_order_line()
                for line in self.line_ids.filtered("product_id")
            ]
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "agreement_id": self.id,
            "origin": self.name,
            "order_line": [Command.create(vals) for vals in line_vals_list],
        }

    def _get_order_terms(self):
        """AG-10: what orders with this agreement on their header take from it
        (only the terms that are set)."""
        self.ensure_one()
        terms = {
            "partner_shipping_id": self.partner_shipping_id.id,
            "payment_term_id": self.payment_term_id.id,
            "incoterm": self.incoterm_id.id,
            "pricelist_id": self._get_release_pricelist().id,
            "user_id": self.user_id.id,
        }
        return {name: value for name, value in terms.items() if value}

    def _get_version_term_fields(self):
        """The header fields a version records (AG-12)."""
        return [
            "partner_id",
            "date_start",
            "date_end",
            "currency_id",
            "classification_id",
            "commitment_type",
            "amount_committed_header",
            "payment_term_id",
            "incoterm_id",
            "partner_shipping_id",
            "pricelist_id",
            "user_id",
            "note",
        ]

    def _get_release_pricelist(self):
        """The customer's pricelist when it is in the agreement's currency,
        otherwise a pricelist of the company in that currency (prices are then
        the agreement's anyway; the order must be in its currency)."""
        self.ensure_one()
        if self.pricelist_id:
            return self.pricelist_id
        partner = self.partner_id.with_company(self.company_id)
        pricelist = partner.property_product_pricelist
        if pricelist.currency_id != self.currency_id:
            pricelist = (
                self.env["product.pricelist"].search(
                    [
                        ("currency_id", "=", self.currency_id.id),
                        ("company_id", "in", (False, self.company_id.id)),
                    ],
                    limit=1,
                )
                or pricelist
            )
        return pricelist

    def _check_orderable(self, date):
        """AG-2/AG-3: only an effective, unexpired agreement valid at ``date``
        can be ordered from."""
        for agreement in self:
            if agreement.state != "effective":
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s is %(state)s: only effective "
                        "agreements can be ordered from.",
                        agreement=agreement.display_name,
                        state=dict(
                            agreement._fields["state"]._description_selection(self.env)
                        )[agreement.state],
                    )
                )
            if not agreement._is_valid_on(date):
                raise ValidationError(
                    self.env._(
                        "The requested ship date %(date)s is outside the validity of "
                        "agreement %(agreement)s (%(start)s to %(end)s).",
                        date=date,
                        agreement=agreement.display_name,
                        start=agreement.date_start,
                        end=agreement.date_end or "-",
                    )
                )

    def _is_valid_on(self, date):
        self.ensure_one()
        return self.date_start <= date and (not self.date_end or date <= self.date_end)
