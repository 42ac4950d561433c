# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (OT-4): RMA numbers, reasons, the origin order and invoice,
the return receipt and the credit note."""

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"
    _sql_constraints = [
        (
            "rma_number_company_uniq",
            "unique(company_id, rma_number)",
            "An RMA number is used once per company.",
        ),
    ]

    # === FIELDS ===

    rma_number = fields.Char(
        string="RMA Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Return merchandise authorization number of a returned order, from "
        "its own sequence; given at creation and never reused.",
    )
    return_reason_id = fields.Many2one(
        comodel_name="sale.return.reason",
        check_company=True,
        tracking=True,
    )
    origin_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Original Order",
        check_company=True,
        copy=False,
        index="btree_not_null",
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('order_type', '!=', 'returned'), ('state', '=', 'sale')]",
        help="The order the returned goods were sold on.",
    )
    origin_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Original Invoice",
        check_company=True,
        copy=False,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
        help="The invoice the credit note of this return corrects.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    return_order_count = fields.Integer(
        string="Returns", compute="_compute_return_order_count"
    )

    # === COMPUTE METHODS ===

    def _compute_return_order_count(self):
        data = dict(
            self._read_group(
                [("origin_order_id", "in", self.ids), ("order_type", "=", "returned")],
                ["origin_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.return_order_count = data.get(order, 0)

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.order_type == "returned")._assign_rma_number()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if vals.get("order_type") == "returned":
            self._assign_rma_number()
        return res

    # === ACTION METHODS ===

    def action_create_return(self):
        """OT-4: a returned order for goods delivered on this order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Return"),
            "res_model": "sale.order.return.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_view_return_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_order_action_returned"
        )
        action["domain"] = [
            ("origin_order_id", "=", self.id),
            ("order_type", "=", "returned"),
        ]
        return action

    # === BUSINESS METHODS ===

    def _assign_rma_number(self):
        """OT-4: RMA numbers come from their own sequence (a PostgreSQL sequence:
        concurrent creations never share a number; numbers are never reused)."""
        for order in self.filtered(lambda o: not o.rma_number):
            order.rma_number = (
                self.env["ir.sequence"]
                .with_company(order.company_id)
                .next_by_code("sale.order.rma")
            )

    def _prepare_return_receipt(self, move_vals):
        """The incoming receipt of a returned order (OT-4): from the customer's
        location into the warehouse through its return operation type."""
        self.ensure_one()
        warehouse = self.warehouse_id
        picking_type = (
            warehouse.out_type_id.return_picking_type_id or warehouse.in_type_id
        )
        source = self.partner_shipping_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        destination = picking_type.default_location_dest_id or warehouse.lot_stock_id
        if not self.procurement_group_id:
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "move_type": self.picking_policy,
                    "sale_id": self.id,
                    "partner_id": self.partner_shipping_id.id,
                }
            )
        common = {
            "location_id": source.id,
            "location_dest_id": destination.id,
            "picking_type_id": picking_type.id,
            "group_id": self.procurement_group_id.id,
            "company_id": self.company_id.id,
            "origin": self._get_rma_reference(),
        }
        moves = [
            Command.create({**vals, **common, "warehouse_id": warehouse.id})
            for vals in move_vals
        ]
        return {**common, "partner_id": self.partner_shipping_id.id, "move_ids": moves}

    def _get_rma_reference(self):
        self.ensure_one()
        return f"{self.rma_number} ({self.name})" if self.rma_number else self.name

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.order_type == "returned":
            # OT-4: a returned order is credited
            values["move_type"] = "out_refund"
            values["ref"] = ", ".join(
                filter(None, [self.rma_number, values.get("ref")])
            )
            if self.origin_invoice_id:
                values["reversed_entry_id"] = self.origin_invoice_id.id
        return values
