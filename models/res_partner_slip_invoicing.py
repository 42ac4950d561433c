# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Packing slip invoicing per customer: the summary update mode (IN-5) and the
invoicing schedule with its scheduled action (IN-6)."""

import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api
from odoo import fields
from odoo import models
from odoo import modules
from odoo.tools import split_every

from .utils import SUMMARY_MODES
from .utils import is_concurrency_error
from .utils import lock_rows

_logger = logging.getLogger(__name__)

INVOICE_SCHEDULES = [
    ("none", "None"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS ===

    invoice_summary_mode = fields.Selection(
        selection=SUMMARY_MODES,
        string="Summary Update",
        default="invoice_account",
        help="How packing slips of this customer are gathered on invoices:\n"
        "Invoice account: one invoice per invoice address and currency.\n"
        "Order: one invoice per sales order.\n"
        "Packing slip: one invoice per packing slip.",
    )
    invoice_schedule = fields.Selection(
        selection=INVOICE_SCHEDULES,
        string="Invoicing Schedule",
        default="none",
        help="The scheduled action invoices and posts this customer's delivered, "
        "uninvoiced packing slips every week or month, in its summary update "
        "mode.",
    )
    invoice_schedule_next_date = fields.Date(
        string="Next Scheduled Invoicing",
        compute="_compute_invoice_schedule_next_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        index="btree_not_null",
        help="The day the scheduled action next invoices this customer's packing "
        "slips (those done up to that day).",
    )
    invoice_schedule_error = fields.Text(
        string="Scheduled Invoicing Error",
        copy=False,
        readonly=True,
        help="Why the last scheduled invoicing of this customer failed; the "
        "scheduled action skips the customer until it is invoiced by hand "
        "(Invoice Packing Slips Now) or its schedule is saved again.",
    )

    # === COMPUTE METHODS ===

    @api.depends("invoice_schedule")
    def _compute_invoice_schedule_next_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.invoice_schedule in (False, "none"):
                partner.invoice_schedule_next_date = False
            elif not partner.invoice_schedule_next_date:
                partner.invoice_schedule_next_date = today

    # === CRUD METHODS ===

    def write(self, vals):
        if {"invoice_schedule", "invoice_schedule_next_date"} & set(vals):
            # a customer whose schedule is saved again is retried
            vals = dict(vals, invoice_schedule_error=False)
        return super().write(vals)

    # === ACTION METHODS ===

    def action_invoice_scheduled_slips(self):
        """IN-6, button and public API: invoice and post the delivered,
        uninvoiced packing slips of these customers now, in their summary
        update mode; errors are raised. Returns the ids of the posted
        invoices."""
        today = fields.Date.context_today(self)
        return self.commercial_partner_id._invoice_scheduled_slips(today).ids

    # === BUSINESS METHODS ===

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "invoice_summary_mode",
            "invoice_schedule",
        ]

    @api.model
    def _invoice_schedule_due_domain(self, date):
        return [
            ("invoice_schedule", "in", ("weekly", "monthly")),
            ("invoice_schedule_next_date", "<=", date),
            ("invoice_schedule_error", "=", False),
            ("parent_id", "=", False),
        ]

    @api.model
    def _cron_invoice_scheduled_slips(self, limit=None, commit=None):
        """IN-6 scheduled action: invoice and post the packing slips of every
        customer whose invoicing day has come, at most ``limit`` customers per
        run (Odoo's cron runs again at once while some are due).

        Customers go in chunks, one savepoint each: a customer that fails keeps
        its error (shown on the customer, skipped by later runs) and the others
        go on; each chunk is committed (outside tests). Customers a concurrent
        run is invoicing are skipped (row locks), and their slips are locked
        too, so an overlapping run never invoices a slip twice; a run that
        finds a customer invoiced meanwhile by a committed run fails to
        serialize, rolls that chunk back and leaves it to the next run.
        ``commit=False`` keeps everything in the caller's transaction.
        Returns the ids of the posted invoices."""
        if limit is None:
            limit = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("sales_marketing.slip_invoicing_batch_size", 200)
            )
        auto_commit = not modules.module.current_test if commit is None else commit
        # every company of the cron user: its customers' slips may be anywhere
        partners = self.with_context(allowed_company_ids=self.env.user.company_ids.ids)
        today = fields.Date.context_today(self)
        domain = self._invoice_schedule_due_domain(today)
        due = partners.search(
            domain, order="invoice_schedule_next_date, id", limit=limit
        )
        invoices = self.env["account.move"]
        done = 0
        for chunk in split_every(self._get_invoice_schedule_chunk_size(), due.ids):
            try:
                chunk_invoices, processed = partners._invoice_schedule_chunk(
                    chunk, today
                )
            except Exception as error:
                if not (auto_commit and is_concurrency_error(error)):
                    raise
                # another run committed these customers meanwhile
                self.env.cr.rollback()
                _logger.info(
                    "Customers %s are being invoiced by another run; the next run "
                    "of the job sees them",
                    chunk,
                )
                break
            if auto_commit:
                # a scheduled action keeps each invoiced chunk, as Odoo's own
                # batch crons do; never reached in tests
                self.env.cr.commit()  # pylint: disable=invalid-commit
            invoices |= chunk_invoices
            done += processed
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return invoices.ids

    @api.model
    def _get_invoice_schedule_chunk_size(self):
        return 20

    @api.model
    def _invoice_schedule_chunk(self, ids, date):
        """Invoice the customers ``ids`` not locked by another run: all at
        once, or one by one in savepoints when something fails, so that only
        the customers at fault are left out (with their error). Concurrency
        errors are raised. Returns (the posted invoices, the number of
        customers processed)."""
        partners = lock_rows(self.browse(ids), skip_locked=True)
        partners.invalidate_recordset(
            ["invoice_schedule_next_date", "invoice_schedule_error"]
        )
        partners = partners.filtered_domain(self._invoice_schedule_due_domain(date))
        if not partners:
            return self.env["account.move"], 0
        try:
            with self.env.cr.savepoint():
                invoices = partners._invoice_scheduled_slips(date)
        except Exception as error:
            if is_concurrency_error(error):
                raise
            self.env.invalidate_all()
            invoices = partners._invoice_scheduled_slips_one_by_one(date)
        return invoices, len(partners)

    def _invoice_scheduled_slips_one_by_one(self, date):
        invoices = self.env["account.move"]
        for partner in self:
            try:
                with self.env.cr.savepoint():
                    invoices |= partner._invoice_scheduled_slips(date)
            except Exception as error:
                if is_concurrency_error(error):
                    raise
                _logger.warning(
                    "Scheduled invoicing of customer %s failed: %s",
                    partner.display_name,
                    error,
                )
                self.env.invalidate_all()
                partner._record_invoice_schedule_error(error)
        return invoices

    def _invoice_scheduled_slips(self, date):
        """Invoice and post these customers' delivered, uninvoiced slips done
        up to ``date``, each in its summary update mode, and move their next
        invoicing day on. Returns the invoices."""
        Picking = self.env["stock.picking"]
        slips = Picking.search(
            Picking._get_packing_slip_domain(date, self), order="date_done, id"
        )
        invoices = slips._invoice_packing_slips(date_to=date, quiet=True)
        invoices.action_post()
        by_vals = defaultdict(lambda: self.browse())
        for partner in self:
            vals = partner._prepare_invoice_schedule_done_vals(date)
            by_vals[tuple(sorted(vals.items()))] |= partner
        for vals, partners in by_vals.items():
            partners.write(dict(vals))
        return invoices

    def _prepare_invoice_schedule_done_vals(self, date):
        """The next invoicing day after ``date``, past any missed ones."""
        self.ensure_one()
        step = (
            relativedelta(weeks=1)
            if self.invoice_schedule == "weekly"
            else relativedelta(months=1)
        )
        next_date = self.invoice_schedule_next_date or date
        while next_date <= date:
            next_date += step
        return {
            "invoice_schedule_next_date": next_date
            if self.invoice_schedule in ("weekly", "monthly")
            else False,
            "invoice_schedule_error": False,
        }

    def _record_invoice_schedule_error(self, error):
        self.ensure_one()
        message = str(error.args[0] if getattr(error, "args", None) else error)
        self.write({"invoice_schedule_error": message})
        self.message_post(
            body=self.env._(
                "The scheduled invoicing of this customer's packing slips failed: "
                "%(error)s Fix it, then use Invoice Packing Slips Now or save the "
                "schedule again.",
                error=message,
            )
        )
