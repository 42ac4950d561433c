# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (OT-4, RT): RMA numbers, reasons and their groups, the
return deadline, the origin order and invoice, the return receipt,
replacement orders, the credit note and its restocking charges."""

from datetime import timedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

from .sale_return_disposition import REPLACE_ACTIONS
from .utils import lock_rows


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
    return_reason_group_id = fields.Many2one(
        related="return_reason_id.group_id",
        string="Reason Code Group",
        store=True,
        index="btree_not_null",
    )
    return_deadline = fields.Date(
        compute="_compute_return_deadline",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        tracking=True,
        help="Goods of this return must arrive by this date: creation plus the "
        "company's return validity period. Later receipts need a sales manager.",
    )
    return_late_accepted = fields.Boolean(
        string="Late Receipt Accepted",
        copy=False,
        readonly=True,
        tracking=True,
        help="A sales manager accepted receipts after the return deadline.",
    )
    replaced_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Replaces Returned Order",
        check_company=True,
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="On a replacement order: the returned order whose goods it replaces.",
    )
    replacement_order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="replaced_order_id",
        string="Replacement Orders",
    )
    replacement_order_count = fields.Integer(
        string="Replacements", compute="_compute_replacement_order_count"
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    return_order_count = fields.Integer(
        string="Returns", compute="_compute_return_order_count"
    )

    # === COMPUTE METHODS ===

    def _compute_return_order_count(self):
        returns = self._get_return_orders_by_origin()
        for order in self:
            order.return_order_count = len(returns.get(order.id, ()))

    def _compute_replacement_order_count(self):
        data = dict(
            self._read_group(
                [("replaced_order_id", "in", self.ids)],
                ["replaced_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.replacement_order_count = data.get(order, 0)

    @api.depends("order_type", "company_id")
    def _compute_return_deadline(self):
        today = fields.Date.context_today(self)
        for order in self:
            if order.order_type != "returned":
                order.return_deadline = False
            elif not order.return_deadline:
                start = (
                    fields.Date.context_today(self, order.create_date)
                    if order.create_date
                    else today
                )
                order.return_deadline = start + timedelta(
                    days=order.company_id.sale_return_validity_days
                )

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.order_type == "returned")._assign_rma_number()
        return orders

    def write(self, vals):
        if "return_deadline" in vals or "return_late_accepted" in vals:
            self._check_return_deadline_change(vals)
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
        returns = self._get_return_orders_by_origin().get(self.id, [])
        action["domain"] = [
            ("id", "in", list(returns)),
            ("order_type", "=", "returned"),
        ]
        return action

    def action_create_replacement_order(self):
        """RT-4 up-front: a normal sales order with the lines of this return
        not replaced yet, before (or without) the goods coming back."""
        self.ensure_one()
        if self.order_type != "returned" or self.state == "cancel":
            raise UserError(
                self.env._(
                    "%(order)s is not an open returned order: only returns get "
                    "replacement orders.",
                    order=self.display_name,
                )
            )
        replacement = self._create_replacement_order(self.order_line)
        if not replacement:
            raise UserError(
                self.env._(
                    "Every line of %(order)s is already replaced: a return line is "
                    "replaced once.",
                    order=self.display_name,
                )
            )
        return replacement._get_form_action()

    def action_view_replacement_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("replaced_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_accept_late_return(self):
        """RT-1: a sales manager accepts receipts after the return deadline."""
        self.write({"return_late_accepted": True})
        return True

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

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _get_return_orders_by_origin(self):
        """{order id: set of ids of the returned orders taking goods of it} (the
        header's original order or any line's origin, RT-6): one query."""
        result = {order_id: set() for order_id in self.ids}
        if not self.ids:
            return result
        lines = self.env["sale.order.line"].search_fetch(
            [
                ("origin_sale_line_id.order_id", "in", self.ids),
                ("order_id.order_type", "=", "returned"),
            ],
            ["order_id", "origin_sale_line_id"],
        )
        for line in lines:
            result[line.origin_sale_line_id.order_id.id].add(line.order_id.id)
        headers = self.search_fetch(
            [("origin_order_id", "in", self.ids), ("order_type", "=", "returned")],
            ["origin_order_id"],
        )
        for order in headers:
            result[order.origin_order_id.id].add(order.id)
        return result

    def _check_return_deadline_change(self, vals):
        """RT-1: after confirmation only a sales manager moves a return's
        deadline or accepts late receipts."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for order in self:
            if vals.get("return_late_accepted") or (
                "return_deadline" in vals
                and order.state == "sale"
                and fields.Date.to_date(vals["return_deadline"])
                != order.return_deadline
            ):
                raise UserError(
                    self.env._(
                        "%(order)s: only a sales manager can change the return "
                        "deadline of a confirmed return or accept goods after it.",
                        order=order.display_name,
                    )
                )

    def _check_return_receipt_date(self):
        """RT-1: receipts after the return deadline are refused unless a sales
        manager accepted them."""
        today = fields.Date.context_today(self)
        for order in self:
            if (
                order.return_deadline
                and today > order.return_deadline
                and not order.return_late_accepted
            ):
                raise UserError(
                    self.env._(
                        "%(order)s: the return deadline %(deadline)s has passed. "
                        "Ask a sales manager to accept the late receipt on the "
                        "returned order.",
                        order=order._get_rma_reference(),
                        deadline=order.return_deadline,
                    )
                )

    def _create_replacement_order(self, lines):
        """RT-4: a sales order replacing ``lines`` of this return that are not
        replaced yet (none of them twice, also when two users act at once: the
        lines are locked and a concurrent run is retried on fresh data);
        returns it, or an empty recordset when nothing is left to replace."""
        self.ensure_one()
        lines = lock_rows(
            lines.filtered(lambda line: not line.display_type and line.product_id),
            serialize=True,
        )
        lines.invalidate_recordset(["replacement_line_ids"])
        lines = lines.filtered(lambda line: not line.replacement_line_ids)
        if not lines:
            return self.browse()
        return self.create(self._prepare_replacement_order(lines))

    def _prepare_replacement_order(self, lines):
        self.ensure_one()
        return {
            "order_type": "sales",
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.partner_invoice_id.id,
            "partner_shipping_id": self.partner_shipping_id.id,
            "pricelist_id": self.pricelist_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "company_id": self.company_id.id,
            "warehouse_id": self.warehouse_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "client_order_ref": self.client_order_ref,
            "origin": self._get_rma_reference(),
            "replaced_order_id": self.id,
            "order_line": [
                Command.create(line._prepare_replacement_line()) for line in lines
            ],
        }

    def _create_replacements_by_disposition(self, lines):
        """RT-4 by disposition: received lines whose disposition replaces get
        their replacement (sudo: the warehouse user receiving the goods need
        not hold sales rights to create what the disposition asks for)."""
        for order, order_lines in lines.grouped("order_id").items():
            order_lines = order_lines.filtered(
                lambda line: line.disposition_id.action in REPLACE_ACTIONS
            )
            if order_lines:
                order.sudo()._create_replacement_order(order_lines.sudo())

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

    def _create_invoices(self, grouped=False, final=False, date=None):
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        moves._add_restocking_charges()
        return moves
