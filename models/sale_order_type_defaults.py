# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Order type settings (OT-7) on the order: the number, invoice journal,
warehouse, payment terms and pricelist of the type's setting in the order's
company, applied when an order is created and when a draft changes type."""

from odoo import api
from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === COMPUTE METHODS ===

    @api.depends("order_type")
    def _compute_journal_id(self):
        settable = self._get_order_type_settable()
        super(SaleOrder, settable)._compute_journal_id()
        settable._apply_order_type_setting("journal_id")

    @api.depends("order_type")
    def _compute_warehouse_id(self):
        settable = self._get_order_type_settable()
        super(SaleOrder, settable)._compute_warehouse_id()
        settable._apply_order_type_setting("warehouse_id")

    @api.depends("order_type")
    def _compute_payment_term_id(self):
        settable = self._get_order_type_settable()
        super(SaleOrder, settable)._compute_payment_term_id()
        settable._apply_order_type_setting("payment_term_id")

    @api.depends("order_type")
    def _compute_pricelist_id(self):
        settable = self._get_order_type_settable()
        super(SaleOrder, settable)._compute_pricelist_id()
        settable._apply_order_type_setting("pricelist_id")

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        Setting = self.env["sale.order.type.setting"]
        for vals in vals_list:
            if vals.get("name", self.env._("New")) != self.env._("New"):
                continue
            company = (
                self.env["res.company"].browse(vals["company_id"])
                if vals.get("company_id")
                else self.env.company
            )
            setting = Setting._get_for(company, vals.get("order_type", "sales"))
            if setting.sequence_id:
                seq_date = (
                    fields.Datetime.context_timestamp(
                        self, fields.Datetime.to_datetime(vals["date_order"])
                    )
                    if vals.get("date_order")
                    else None
                )
                vals["name"] = setting.sequence_id.next_by_id(sequence_date=seq_date)
        return super().create(vals_list)

    # === BUSINESS METHODS ===

    def _get_order_type_settable(self):
        """OT-7: the orders a type setting still applies to (quotations);
        confirmed orders keep their journal, warehouse, terms and pricelist."""
        return self.filtered(lambda o: o.state in ("draft", "sent"))

    def _apply_order_type_setting(self, fname):
        Setting = self.env["sale.order.type.setting"]
        for order in self:
            setting = Setting._get_for(order.company_id, order.order_type)
            if setting[fname]:
                order[fname] = setting[fname].sudo(False)
