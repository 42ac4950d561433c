# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Order type settings (OT-7) on the order: the number, invoice journal,
warehouse, payment terms and pricelist of the type's setting in the order's
company, applied when an order is created and when a draft changes type."""

from odoo import api
from odoo import fields
from odoo import models

from .sale_order_type_setting import ORDER_TYPE_DEFAULT_FIELDS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === COMPUTE METHODS ===

    def _compute_journal_id(self):
        given = self._apply_order_type_setting(["journal_id"])
        return super(SaleOrder, self - given)._compute_journal_id()

    def _compute_warehouse_id(self):
        given = self._apply_order_type_setting(["warehouse_id"])
        return super(SaleOrder, self - given)._compute_warehouse_id()

    def _compute_payment_term_id(self):
        given = self._apply_order_type_setting(["payment_term_id"])
        return super(SaleOrder, self - given)._compute_payment_term_id()

    def _compute_pricelist_id(self):
        given = self._apply_order_type_setting(["pricelist_id"])
        return super(SaleOrder, self - given)._compute_pricelist_id()

    # === ONCHANGE METHODS ===

    @api.onchange("order_type")
    def _onchange_order_type_setting(self):
        self._apply_order_type_setting(list(ORDER_TYPE_DEFAULT_FIELDS))

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

    def write(self, vals):
        res = super().write(vals)
        if "order_type" in vals:
            # a quotation that changes type takes the new type's setting,
            # except for what this write sets itself
            fnames = [f for f in ORDER_TYPE_DEFAULT_FIELDS if f not in vals]
            self._apply_order_type_setting(fnames)
        return res

    # === BUSINESS METHODS ===

    def _get_order_type_settable(self):
        """OT-7: the orders a type setting still applies to (quotations);
        confirmed orders keep their journal, warehouse, terms and pricelist."""
        return self.filtered(lambda o: o.state in ("draft", "sent"))

    def _apply_order_type_setting(self, fnames):
        """Give the quotations among these orders the values of their type's
        setting in ``fnames`` (order fields) that the setting has. Returns the
        orders given every one of ``fnames`` (Odoo's defaults are not computed
        for them)."""
        Setting = self.env["sale.order.type.setting"]
        given = self.browse()
        for order in self._get_order_type_settable():
            setting = Setting._get_for(order.company_id, order.order_type)
            values = {
                fname: setting[ORDER_TYPE_DEFAULT_FIELDS[fname]].sudo(False)
                for fname in fnames
                if setting[ORDER_TYPE_DEFAULT_FIELDS[fname]]
            }
            for fname, value in values.items():
                if order[fname] != value:
                    order[fname] = value
            if len(values) == len(fnames):
                given |= order
        return given
