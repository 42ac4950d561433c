# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleBackorderReschedule(models.TransientModel):
    """BO-5/BO-6: a new confirmed date for the backorder lines selected in a
    workbench (by customer, by item or by vendor), or the dates the purchase
    lines feeding them can deliver by; a delay notice to the customers of
    lines moved later."""

    _name = "sale.backorder.reschedule"
    _description = "Reschedule Backorders"

    # === FIELDS ===

    mode = fields.Selection(
        selection=[
            ("date", "A new confirmed date"),
            ("purchase", "From the purchase lines feeding them"),
        ],
        required=True,
        default="date",
    )
    new_date = fields.Date(string="New Confirmed Date")
    line_ids = fields.One2many(
        comodel_name="sale.backorder.reschedule.line",
        inverse_name="wizard_id",
        string="Lines",
    )
    delayed_count = fields.Integer(
        string="Delayed Lines", compute="_compute_delayed_count"
    )
    send_delay_notice = fields.Boolean(
        compute="_compute_send_delay_notice",
        store=True,
        readonly=False,
        help="One e-mail per customer, in the customer's language, listing the "
        "lines moved later with their old and new dates.",
    )

    # === COMPUTE METHODS ===

    @api.depends("line_ids.is_delayed")
    def _compute_delayed_count(self):
        for wizard in self:
            wizard.delayed_count = len(wizard.line_ids.filtered("is_delayed"))

    @api.depends("line_ids.is_delayed")
    def _compute_send_delay_notice(self):
        for wizard in self:
            wizard.send_delay_notice = bool(wizard.line_ids.filtered("is_delayed"))

    # === ONCHANGE METHODS ===

    @api.onchange("mode", "new_date")
    def _onchange_mode(self):
        self._fill_new_dates()

    # === CRUD METHODS ===

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "line_ids" not in fields_list:
            return res
        lines, from_purchase = self._get_default_sale_lines()
        if not lines:
            raise UserError(
                self.env._("None of these lines is a backorder to reschedule.")
            )
        if from_purchase and "mode" in fields_list:
            res["mode"] = "purchase"
        res["line_ids"] = [Command.create({"sale_line_id": line.id}) for line in lines]
        return res

    # === ACTION METHODS ===

    def action_apply(self):
        self.ensure_one()
        self._fill_new_dates(only_missing=True)
        rows = self.line_ids.filtered("new_date")
        if not rows:
            raise UserError(self.env._("Enter a new confirmed date first."))
        changes = self.env["sale.order.line"]._reschedule_confirmed_dates(
            {row.sale_line_id: row.new_date for row in rows}
        )
        if self.send_delay_notice:
            self.env["sale.order.line"].union(*changes)._send_delay_notices(changes)
        return {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS ===

    def _fill_new_dates(self, only_missing=False):
        for wizard in self:
            rows = wizard.line_ids
            if only_missing:
                rows = rows.filtered(lambda row: not row.new_date)
            if wizard.mode == "date":
                for row in rows:
                    row.new_date = wizard.new_date
                    row.supply_reference = False
                continue
            supply = rows.sale_line_id._get_purchase_supply_dates()
            for row in rows:
                date, purchase_line = supply.get(row.sale_line_id, (False, False))
                row.new_date = date
                row.supply_reference = (
                    purchase_line.order_id.name if purchase_line else False
                )

    def _get_default_sale_lines(self):
        """The sales lines of the selection, and whether it came from the
        purchase backorders."""
        context = self.env.context
        model, ids = context.get("active_model"), context.get("active_ids") or []
        backorders = self.env["sale.backorder.line"]
        if model == "sale.backorder.line":
            return backorders.browse(ids).sale_line_id, False
        if model in ("sale.backorder.item", "purchase.backorder.line"):
            rows = self.env[model].browse(ids)
            domain = [
                ("product_id", "in", rows.product_id.ids),
                ("warehouse_id", "in", rows.warehouse_id.ids),
            ]
            return backorders.search(domain).sale_line_id, (
                model == "purchase.backorder.line"
            )
        if model == "sale.order.line":
            lines = self.env["sale.order.line"].browse(ids)
            return lines.filtered(lambda line: line.qty_deliver_remainder > 0), False
        return self.env["sale.order.line"], False
