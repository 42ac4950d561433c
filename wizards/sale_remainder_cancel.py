# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleRemainderCancel(models.TransientModel):
    """RS-5: cancel all or part of the deliver remainders of open lines (of
    one order, or of the lines selected in a backorder workbench)."""

    _name = "sale.remainder.cancel"
    _description = "Cancel Remainder"

    # === FIELDS ===

    order_id = fields.Many2one(comodel_name="sale.order", readonly=True)
    reason = fields.Char(
        required=True,
        help="Why the customer will not receive these quantities; kept on the "
        "lines and written in the orders' chatter.",
    )
    line_ids = fields.One2many(
        comodel_name="sale.remainder.cancel.line",
        inverse_name="wizard_id",
        string="Lines",
    )

    # === CRUD METHODS ===

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "line_ids" not in fields_list:
            return res
        lines = self._get_default_sale_lines(res.get("order_id"))
        if not lines:
            raise UserError(
                self.env._("None of these lines has a remainder to cancel.")
            )
        res["line_ids"] = [
            Command.create(
                {"sale_line_id": line.id, "qty_to_cancel": line.qty_deliver_remainder}
            )
            for line in lines
        ]
        return res

    # === ACTION METHODS ===

    def action_confirm(self):
        self.ensure_one()
        rows = self.line_ids.filtered("qty_to_cancel")
        if not rows:
            raise UserError(self.env._("Enter a quantity to cancel on a line."))
        for row in rows:
            row.sale_line_id.action_cancel_remainder(
                qty=row.qty_to_cancel, reason=self.reason
            )
        return {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS ===

    def _get_default_sale_lines(self, order_id):
        context = self.env.context
        if order_id:
            lines = self.env["sale.order"].browse(order_id).order_line
        elif context.get("active_model") == "sale.backorder.line":
            lines = (
                self.env["sale.backorder.line"]
                .browse(context.get("active_ids", []))
                .sale_line_id
            )
        elif context.get("active_model") == "sale.order.line":
            lines = self.env["sale.order.line"].browse(context.get("active_ids", []))
        else:
            lines = self.env["sale.order.line"]
        return lines.filtered(
            lambda line: (
                not line.display_type
                and not line.is_downpayment
                and line.qty_deliver_remainder > 0
            )
        )
