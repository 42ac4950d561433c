# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models

from ..models.utils import SUMMARY_MODES


class StockInvoicePackingSlips(models.TransientModel):
    _name = "stock.invoice.packing.slips"
    _description = "Invoice Packing Slips"

    # === FIELDS ===

    date_to = fields.Date(
        string="Packing Slips Up To",
        required=True,
        default=fields.Date.context_today,
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Customers",
        help="Leave empty to invoice every customer.",
    )
    picking_ids = fields.Many2many(
        comodel_name="stock.picking",
        string="Packing Slips",
        compute="_compute_picking_ids",
        store=True,
        readonly=False,
        domain="[('invoice_state', '=', 'to_invoice')]",
    )
    summary_mode = fields.Selection(
        selection=[("automatic", "Automatic"), *SUMMARY_MODES],
        string="Summary Update",
        required=True,
        compute="_compute_summary_mode",
        store=True,
        readonly=False,
        precompute=True,
        help="Automatic: each customer's own setting.\n"
        "Invoice account: one invoice per invoice address and currency.\n"
        "Order: one invoice per sales order.\n"
        "Packing slip: one invoice per packing slip.",
    )
    slip_count = fields.Integer(compute="_compute_slip_count")

    # === COMPUTE METHODS ===

    @api.depends("date_to", "partner_ids")
    def _compute_picking_ids(self):
        Picking = self.env["stock.picking"]
        for wizard in self:
            wizard.picking_ids = Picking.search(
                Picking._get_packing_slip_domain(wizard.date_to, wizard.partner_ids),
                order="date_done, id",
            )

    @api.depends("partner_ids")
    def _compute_summary_mode(self):
        """IN-5: the default comes from the customer: one customer chosen, its
        own mode; otherwise each customer's own (automatic)."""
        for wizard in self:
            partner = wizard.partner_ids.commercial_partner_id
            wizard.summary_mode = (
                partner.invoice_summary_mode
                if len(partner) == 1 and partner.invoice_summary_mode
                else "automatic"
            )

    @api.depends("picking_ids")
    def _compute_slip_count(self):
        for wizard in self:
            wizard.slip_count = len(wizard.picking_ids)

    # === ACTION METHODS ===

    def action_create_invoices(self):
        self.ensure_one()
        invoices = self.picking_ids._invoice_packing_slips(
            self.date_to, summary_mode=self.summary_mode
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(invoices) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=invoices.id,
            )
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
