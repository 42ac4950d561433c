# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (OT-4, RT-3) on the receipt: its RMA number, and the
disposition codes asked for at validation when lines have none."""

from odoo import Command
from odoo import fields
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # === FIELDS ===

    rma_number = fields.Char(
        related="sale_id.rma_number",
        string="RMA Number",
        help="RMA number of the returned order this receipt belongs to.",
    )

    # === BUSINESS METHODS ===

    def _pre_action_done_hook(self):
        """RT-3: validating a return receipt whose lines have no disposition
        code asks for them first (then the other pre-validation wizards)."""
        if not self.env.context.get("skip_return_disposition"):
            missing = (
                self.move_ids._filtered_return_receipts()
                .filtered(lambda m: m.quantity and not m.sale_line_id.disposition_id)
                .sale_line_id
            )
            if missing:
                return self._action_open_return_arrival(missing)
        return super()._pre_action_done_hook()

    def _action_open_return_arrival(self, lines):
        wizard = self.env["sale.return.arrival"].create(
            {
                "picking_ids": [Command.set(self.ids)],
                "line_ids": [
                    Command.create({"sale_line_id": line.id}) for line in lines
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Disposition Codes"),
            "res_model": "sale.return.arrival",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }
