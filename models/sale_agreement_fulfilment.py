# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fulfilment of sales agreements (AG-6, AG-13): committed, released,
delivered, invoiced and remaining amounts, the value pool of the header's
committed amount, release orders and the fulfilment statement."""

from odoo import api
from odoo import fields
from odoo import models

from .sale_agreement import Excess


class SaleAgreement(models.Model):
    _inherit = "sale.agreement"

    # === FIELDS ===

    amount_committed = fields.Monetary(
        string="Committed Amount", compute="_compute_fulfilment"
    )
    amount_released = fields.Monetary(
        string="Released Amount", compute="_compute_fulfilment"
    )
    amount_delivered = fields.Monetary(
        string="Delivered Amount", compute="_compute_fulfilment"
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced Amount", compute="_compute_fulfilment"
    )
    amount_remaining = fields.Monetary(
        string="Remaining Amount", compute="_compute_fulfilment"
    )
    fulfilment_percent = fields.Float(
        string="Fulfilment (%)",
        compute="_compute_fulfilment",
        help="Released amount in percent of the committed amount.",
    )
    release_order_count = fields.Integer(
        string="Release Orders", compute="_compute_release_order_count"
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "commitment_type",
        "amount_committed_header",
        "line_ids.commitment_type",
        "line_ids.amount_committed",
        "line_ids.qty_committed",
        "line_ids.price_unit",
        "line_ids.discount",
        "line_ids.amount_released",
        "line_ids.amount_delivered",
        "line_ids.amount_invoiced",
    )
    def _compute_fulfilment(self):
        for agreement in self:
            lines = agreement.line_ids
            committed = sum(lines.mapped("amount_committed"))
            if agreement._has_value_pool():
                committed += agreement.amount_committed_header
            agreement.amount_committed = committed
            agreement.amount_released = sum(lines.mapped("amount_released"))
            agreement.amount_delivered = sum(lines.mapped("amount_delivered"))
            agreement.amount_invoiced = sum(lines.mapped("amount_invoiced"))
            agreement.amount_remaining = max(committed - agreement.amount_released, 0.0)
            agreement.fulfilment_percent = (
                100.0 * agreement.amount_released / committed if committed else 0.0
            )

    @api.depends("line_ids.sale_line_ids.state")
    def _compute_release_order_count(self):
        data = dict(
            self.env["sale.order.line"]._read_group(
                [("agreement_id", "in", self.ids), ("state", "!=", "cancel")],
                ["agreement_id"],
                ["order_id:count_distinct"],
            )
        )
        for agreement in self:
            agreement.release_order_count = data.get(agreement, 0)

    # === ACTION METHODS ===

    def action_print_fulfilment(self):
        return self.env.ref(
            "sales_marketing.sale_agreement_report_fulfilment"
        ).report_action(self)

    def action_view_release_orders(self):
        self.ensure_one()
        orders = (
            self.env["sale.order.line"]
            .search([("agreement_id", "=", self.id)])
            .order_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update(
            domain=[("id", "in", orders.ids)],
            context={"default_partner_id": self.partner_id.id},
        )
        return action

    # === BUSINESS METHODS ===

    def _get_release_order_lines(self):
        return self.line_ids._get_release_order_lines()

    def _get_pool_excess(self, released):
        """An Excess when the value lines sharing the header's committed
        amount release more than it (AG-6), else None."""
        self.ensure_one()
        committed = self.amount_committed_header
        if self.currency_id.compare_amounts(released, committed) > 0:
            return Excess(self, committed, released)
        return None

    def _has_value_pool(self):
        """Value lines without an amount of their own share the header's
        committed amount (the agreement-wide value commitment)."""
        self.ensure_one()
        return self.commitment_type == "value" or any(
            line.commitment_type == "value" and not line.amount_committed
            for line in self.line_ids
        )
