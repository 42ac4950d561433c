# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleOrderReturnWizard(models.TransientModel):
    _name = "sale.order.return.wizard"
    _description = "Create a Returned Order"
    _check_company_auto = True

    # === FIELDS ===

    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Original Order",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="order_id.company_id")
    commercial_partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id"
    )
    order_ids = fields.Many2many(
        comodel_name="sale.order",
        string="Sales Orders",
        compute="_compute_order_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('order_type', '!=', 'returned'), ('state', '=', 'sale')]",
        help="Find sales order: the customer's orders whose delivered goods this "
        "return takes back.",
    )
    return_reason_id = fields.Many2one(
        comodel_name="sale.return.reason",
        check_company=True,
    )
    origin_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Original Invoice",
        compute="_compute_origin_invoice_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', available_invoice_ids)]",
    )
    available_invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices of the Order",
        compute="_compute_available_invoice_ids",
    )
    line_ids = fields.One2many(
        comodel_name="sale.order.return.wizard.line",
        inverse_name="wizard_id",
        string="Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    # === COMPUTE METHODS ===

    @api.depends("order_id")
    def _compute_order_ids(self):
        for wizard in self:
            wizard.order_ids = wizard.order_id

    @api.depends("order_ids")
    def _compute_available_invoice_ids(self):
        for wizard in self:
            wizard.available_invoice_ids = wizard.order_ids.invoice_ids.filtered(
                lambda inv: inv.move_type == "out_invoice" and inv.state == "posted"
            )

    @api.depends("available_invoice_ids")
    def _compute_origin_invoice_id(self):
        for wizard in self:
            invoices = wizard.available_invoice_ids
            wizard.origin_invoice_id = invoices if len(invoices) == 1 else False

    @api.depends("order_ids")
    def _compute_line_ids(self):
        """RT-6: the returnable lines of every order found; lines already in
        the wizard keep their quantities."""
        for wizard in self:
            orders = wizard.order_ids._origin
            kept = wizard.line_ids.filtered(
                lambda line, orders=orders: line.sale_line_id.order_id in orders
            )
            kept_lines = kept.sale_line_id
            lines = orders.order_line.filtered(
                lambda line, kept_lines=kept_lines: (
                    not line.display_type
                    and not line.is_downpayment
                    and line.product_id.type == "consu"
                    and line.qty_returnable > 0
                    and line not in kept_lines
                )
            )
            wizard.line_ids = (
                [Command.clear()]
                + [
                    Command.create(
                        {
                            "sale_line_id": line.sale_line_id.id,
                            "quantity": line.quantity,
                            "disposition_id": line.disposition_id.id,
                        }
                    )
                    for line in kept
                ]
                + [
                    Command.create(
                        {"sale_line_id": line.id, "quantity": line.qty_returnable}
                    )
                    for line in lines
                ]
            )

    # === ACTION METHODS ===

    def action_create_return(self):
        """OT-4: a returned order prefilled from the original order, with the
        quantities chosen, each limited to what can still be returned."""
        self.ensure_one()
        lines = self.line_ids.filtered("quantity")
        lines._check_quantities()
        if not lines:
            raise UserError(
                self.env._(
                    "%(order)s: enter the quantity to return on at least one line.",
                    order=self.order_id.display_name,
                )
            )
        returned = self.env["sale.order"].create(self._prepare_returned_order(lines))
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": returned.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # === BUSINESS METHODS ===

    def _prepare_returned_order(self, lines):
        order = self.order_id
        return {
            "order_type": "returned",
            "partner_id": order.partner_id.id,
            "partner_invoice_id": order.partner_invoice_id.id,
            "partner_shipping_id": order.partner_shipping_id.id,
            "pricelist_id": order.pricelist_id.id,
            "fiscal_position_id": order.fiscal_position_id.id,
            "company_id": order.company_id.id,
            "warehouse_id": order.warehouse_id.id,
            "user_id": self.env.user.id,
            "team_id": order.team_id.id,
            "origin_order_id": order.id,
            "origin": ", ".join(lines.sale_line_id.order_id.mapped("name")),
            "origin_invoice_id": self.origin_invoice_id.id,
            "return_reason_id": self.return_reason_id.id,
            "client_order_ref": order.client_order_ref,
            "order_line": [
                Command.create(line._prepare_returned_order_line()) for line in lines
            ],
        }
