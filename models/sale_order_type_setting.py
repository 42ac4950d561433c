# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo import tools
from odoo.exceptions import ValidationError

from .sale_order import ORDER_TYPES

# the order fields a setting fills in, setting field -> order field
ORDER_TYPE_DEFAULT_FIELDS = {
    "journal_id": "journal_id",
    "warehouse_id": "warehouse_id",
    "payment_term_id": "payment_term_id",
    "pricelist_id": "pricelist_id",
}


class SaleOrderTypeSetting(models.Model):
    """OT-7: what an order of a type gets in a company (number sequence,
    invoice journal, warehouse, payment terms, pricelist). The five types and
    their rules stay fixed; a setting only gives defaults."""

    _name = "sale.order.type.setting"
    _description = "Sales Order Type Setting"
    _order = "company_id, order_type"
    _rec_name = "order_type"
    _check_company_auto = True
    _sql_constraints = [
        (
            "company_type_uniq",
            "UNIQUE(company_id, order_type)",
            "An order type has one setting per company.",
        ),
    ]

    # === FIELDS ===

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    order_type = fields.Selection(
        selection=ORDER_TYPES,
        required=True,
        default="sales",
    )
    sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Number Sequence",
        check_company=True,
        help="New orders of this type take their number from this sequence "
        "(its prefix, e.g. SUB/); empty: Odoo's order numbering.",
    )
    sequence_prefix = fields.Char(related="sequence_id.prefix")
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Invoice Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Orders of this type invoice in this sales journal.",
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        check_company=True,
    )
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Payment Terms",
        check_company=True,
        help="Replaces the customer's payment terms on orders of this type.",
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        check_company=True,
        help="Replaces the customer's pricelist on orders of this type.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("journal_id")
    def _check_journal_id(self):
        for setting in self:
            if setting.journal_id and setting.journal_id.type != "sale":
                raise ValidationError(
                    self.env._(
                        "Order type setting %(setting)s: %(journal)s is not a sales "
                        "journal. Choose a journal of type Sales.",
                        setting=setting.display_name,
                        journal=setting.journal_id.display_name,
                    )
                )

    @api.constrains("order_type", "warehouse_id")
    def _check_subscription_warehouse(self):
        for setting in self.filtered(lambda s: s.order_type == "subscription"):
            if (
                setting.warehouse_id
                and setting.warehouse_id.delivery_steps != "ship_only"
            ):
                raise ValidationError(
                    self.env._(
                        "Order type setting %(setting)s: warehouse %(warehouse)s "
                        "delivers in several steps; subscriptions can only use a "
                        "warehouse that delivers directly.",
                        setting=setting.display_name,
                        warehouse=setting.warehouse_id.display_name,
                    )
                )

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    # === BUSINESS METHODS ===

    def _compute_display_name(self):
        labels = dict(self._fields["order_type"]._description_selection(self.env))
        for setting in self:
            setting.display_name = (
                f"{labels.get(setting.order_type)} ({setting.company_id.name})"
            )

    @api.model
    @tools.ormcache()
    def _get_setting_ids(self):
        """{(company id, order type): setting id} of every company."""
        # sudo: the settings of the order's company apply whoever creates it
        settings = self.sudo().search_fetch([], ["company_id", "order_type"])
        return {(s.company_id.id, s.order_type): s.id for s in settings}

    @api.model
    def _get_for(self, company, order_type):
        """The setting of ``order_type`` in ``company`` (sudo), or empty."""
        setting_id = self._get_setting_ids().get((company.id, order_type))
        # sudo: a salesperson's order takes its company's setting
        return self.sudo().browse(setting_id)
