# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Invoicing from packing slips (IN-2): the slips' invoice state and the
invoicing of exactly their quantities."""

import datetime
from collections import defaultdict
from collections import namedtuple

import pytz

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from .utils import SUMMARY_MODES
from .utils import lock_rows


class SlipQuantities(dict):
    """{sale.order.line id: quantity} to invoice from packing slips.

    Passed through the context to sale.order._create_invoices; being a Python
    object, no client can forge it through RPC."""


SlipLines = namedtuple("SlipLines", "quantities moves_by_line")

# IN-5: one call of sale.order._create_invoices: these slips, one invoice per
# order (``grouped``) or per invoice address and currency
SlipInvoiceGroup = namedtuple("SlipInvoiceGroup", "slips grouped")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # === FIELDS ===

    invoice_state = fields.Selection(
        selection=[
            ("to_invoice", "To invoice"),
            ("invoiced", "Invoiced"),
            ("no", "Nothing to invoice"),
        ],
        string="Invoice Status",
        compute="_compute_invoice_state",
        store=True,
        index=True,
        help="To invoice: a done delivery (or return) of a sales order whose "
        "moves are not invoiced yet. Invoiced: every move is on a customer "
        "invoice or credit note.",
    )
    slip_invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Slip Invoices",
        compute="_compute_slip_invoice_ids",
        help="Invoices created from this packing slip.",
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "state",
        "move_ids.state",
        "move_ids.sale_line_id",
        "move_ids.invoice_line_id",
        "move_ids.invoice_line_id.parent_state",
    )
    def _compute_invoice_state(self):
        for picking in self:
            moves = picking.move_ids.filtered(lambda m: m._get_packing_slip_sign())
            if picking.state != "done" or not moves or picking._is_rma_picking():
                picking.invoice_state = "no"
            elif all(move._is_packing_slip_invoiced() for move in moves):
                picking.invoice_state = "invoiced"
            else:
                picking.invoice_state = "to_invoice"

    @api.depends("move_ids.invoice_line_id")
    def _compute_slip_invoice_ids(self):
        for picking in self:
            picking.slip_invoice_ids = picking.move_ids.invoice_line_id.move_id

    # === ACTION METHODS ===

    def action_invoice_packing_slips(self, date_to=None, summary_mode=None):
        """IN-2, public API: invoice these packing slips (every slip not
        invoiced yet up to ``date_to`` when called on no slip).

        ``summary_mode`` (IN-5): ``invoice_account``, ``order``,
        ``packing_slip``, or ``automatic``/None: each customer's own.

        :returns: the ids of the created invoices and credit notes (drafts)
        """
        return self._invoice_packing_slips(
            date_to=date_to, summary_mode=summary_mode
        ).ids

    def action_view_slip_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.slip_invoice_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_open_invoice_packing_slips(self):
        """From a selection of slips in the list: the wizard, prefilled."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.stock_invoice_packing_slips_action"
        )
        action["context"] = {"default_picking_ids": self.ids}
        return action

    # === BUSINESS METHODS ===

    def _is_rma_picking(self):
        """Receipts of returned orders are credited by their own flow."""
        self.ensure_one()
        return self.sale_id.order_type == "returned"

    @api.model
    def _get_packing_slip_domain(self, date_to=None, partners=None):
        domain = [
            ("state", "=", "done"),
            ("invoice_state", "=", "to_invoice"),
            ("company_id", "in", self.env.companies.ids),
        ]
        if date_to:
            domain.append(("date_done", "<=", self._end_of_day_utc(date_to)))
        if partners:
            domain.append(
                ("partner_id", "child_of", partners.commercial_partner_id.ids)
            )
        return domain

    def _end_of_day_utc(self, date_to):
        date_to = fields.Date.to_date(date_to)
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local = tz.localize(datetime.datetime.combine(date_to, datetime.time.max))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _invoice_packing_slips(self, date_to=None, summary_mode=None, quiet=False):
        """IN-2: invoice exactly the quantities of these done packing slips (and
        deduct their returns). IN-5: grouped by ``summary_mode`` (each
        customer's own when None or ``automatic``): one invoice per customer
        invoice address and currency (Odoo's invoice grouping keys), per order
        or per slip. With an empty recordset: every slip not invoiced yet, up
        to ``date_to``.

        Concurrency: the slips are locked; a slip invoiced meanwhile by another
        transaction is skipped (never invoiced twice). ``quiet``: no error
        when nothing is left to invoice (the scheduled action).

        :returns: the created invoices and credit notes (``account.move``)
        """
        self._check_summary_mode(summary_mode)
        slips = self or self.search(self._get_packing_slip_domain(date_to))
        slips = slips._lock_packing_slips()
        if date_to:
            end = self._end_of_day_utc(date_to)
            slips = slips.filtered(lambda p: p.date_done and p.date_done <= end)
        slips = slips.filtered(lambda p: p.invoice_state == "to_invoice")
        if not slips and quiet:
            return self.env["account.move"]
        if not slips:
            raise UserError(self.env._("There is no packing slip left to invoice."))
        invoices = self.env["account.move"]
        for group in slips._get_slip_invoice_groups(summary_mode):
            invoices |= group.slips._create_slip_invoices(group.grouped)
        if not invoices and not quiet:
            raise UserError(
                self.env._(
                    "The packing slips %(slips)s have nothing left to invoice: their "
                    "orders are already invoiced.",
                    slips=", ".join(slips.mapped("name")),
                )
            )
        return invoices

    def _create_slip_invoices(self, grouped=False):
        """Invoice these slips' quantities in one _create_invoices call (one
        invoice per order when ``grouped``). Returns the invoices (none when
        their orders have nothing left to invoice)."""
        slip_lines = self._get_packing_slip_quantities()
        quantities, moves_by_line = slip_lines.quantities, slip_lines.moves_by_line
        if not quantities:
            return self.env["account.move"]
        order_lines = self.env["sale.order.line"].browse(list(quantities))
        invoices = order_lines.order_id.with_context(
            sales_marketing_slip_quantities=quantities
        )._create_invoices(grouped=grouped, final=True)
        invoices = invoices.with_context(sales_marketing_slip_quantities=None)
        self._link_slip_moves(invoices, moves_by_line)
        # the next group reads the quantities these invoices took
        order_lines.invalidate_recordset(["qty_invoiced", "qty_to_invoice"])
        return invoices

    def _get_summary_mode(self, summary_mode=None):
        """IN-5: the summary mode of this slip: the one asked for, or its
        customer's own (``automatic``)."""
        self.ensure_one()
        if summary_mode and summary_mode != "automatic":
            return summary_mode
        partner = self.sale_id.partner_id.commercial_partner_id or self.partner_id
        return partner.commercial_partner_id.invoice_summary_mode or "invoice_account"

    def _get_slip_invoice_groups(self, summary_mode=None):
        """IN-5: split these slips into the _create_invoices calls their
        summary modes need (a list of SlipInvoiceGroup)."""
        by_mode = defaultdict(lambda: self.browse())
        for slip in self:
            by_mode[slip._get_summary_mode(summary_mode)] |= slip
        groups = []
        if by_mode.get("invoice_account"):
            groups.append(SlipInvoiceGroup(by_mode["invoice_account"], False))
        if by_mode.get("order"):
            groups.append(SlipInvoiceGroup(by_mode["order"], True))
        for slip in by_mode.get("packing_slip", self.browse()).sorted(
            lambda p: (p.date_done, p.id)
        ):
            groups.append(SlipInvoiceGroup(slip, True))
        return groups

    @api.model
    def _check_summary_mode(self, summary_mode):
        allowed = [*(mode for mode, _label in SUMMARY_MODES), "automatic"]
        if summary_mode and summary_mode not in allowed:
            raise UserError(
                self.env._(
                    "%(mode)s is not a summary update mode: use one of %(modes)s.",
                    mode=summary_mode,
                    modes=", ".join(allowed),
                )
            )

    def _lock_packing_slips(self):
        """Lock the slip rows before reading their invoice state. Slips that a
        concurrent transaction is invoicing right now are left to it (skipped,
        never waited for); a slip it invoiced and committed meanwhile makes
        this one fail to serialize and be retried by Odoo on fresh data, where
        it is invoiced. Returns the slips locked."""
        slips = lock_rows(self, skip_locked=True)
        slips.invalidate_recordset(["invoice_state"])
        return slips

    def _get_packing_slip_quantities(self):
        """Quantities to invoice per sale order line from these slips, in the
        line's unit: deliveries minus returns, capped by what the line has left
        to invoice (so an order invoiced by other means is not invoiced twice).

        :returns: SlipLines (quantities: SlipQuantities, moves_by_line: {sale
            line id: the slip moves})
        """
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        raw = defaultdict(float)
        moves_by_line = defaultdict(lambda: self.env["stock.move"])
        for move in self.move_ids:
            sign = move._get_packing_slip_sign()
            if not sign or move._is_packing_slip_invoiced():
                continue
            line = move.sale_line_id
            qty = move.product_uom._compute_quantity(
                move.quantity, line.product_uom, rounding_method="HALF-UP"
            )
            raw[line.id] += sign * qty
            moves_by_line[line.id] |= move
        quantities = SlipQuantities()
        lines = self.env["sale.order.line"].browse(list(raw))
        for line in lines:
            qty = raw[line.id]
            left = line.qty_to_invoice
            qty = min(qty, left) if qty > 0 else max(qty, min(left, 0.0))
            if not float_is_zero(qty, precision_digits=precision):
                quantities[line.id] = qty
        return SlipLines(quantities, moves_by_line)

    def _link_slip_moves(self, invoices, moves_by_line):
        invoice_lines = invoices.invoice_line_ids.filtered("sale_line_ids")
        for invoice_line in invoice_lines:
            moves = self.env["stock.move"]
            for sale_line in invoice_line.sale_line_ids:
                moves |= moves_by_line.get(sale_line.id, moves)
            if moves:
                # sudo: whoever may invoice the slips records it on the moves,
                # also a salesperson without stock rights
                moves.sudo().invoice_line_id = invoice_line
