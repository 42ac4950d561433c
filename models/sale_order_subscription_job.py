# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Subscriptions (OT-3): the scheduled invoicing of every due period, in
committed rounds, safe beside users and concurrent runs."""

import logging
from collections import namedtuple

from odoo import api
from odoo import fields
from odoo import models
from odoo import modules
from odoo.tools import split_every

from .utils import is_concurrency_error
from .utils import lock_rows

_logger = logging.getLogger(__name__)

# what invoicing a chunk of subscriptions gave: the invoices, and the
# subscriptions processed (those another run holds are left out)
ChunkResult = namedtuple("ChunkResult", "invoices orders")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _subscription_due_domain(self, date):
        return [
            ("order_type", "=", "subscription"),
            ("state", "=", "sale"),
            ("subscription_state", "=", "running"),
            ("next_invoice_date", "<=", date),
            ("subscription_error", "=", False),
        ]

    @api.model
    def _cron_invoice_subscriptions(self, limit=None, commit=None):
        """OT-3 scheduled action: invoice every due period of the running
        subscriptions, oldest first, at most ``limit`` subscriptions per run
        (the cron runs again at once while some are left).

        Chunks of subscriptions are invoiced one period round at a time (one
        invoice per subscription), each round committed (outside tests): a
        long run keeps its progress and no transaction holds the invoice
        numbering of the journal for long, so that invoices posted meanwhile
        by users do not wait for the job. A round that fails is redone one
        subscription at a time in savepoints: a broken subscription is left
        out with its error kept on the order, the others go on.
        Subscriptions being invoiced by a concurrent run are skipped (row
        locks), so a period is never invoiced twice; a serialization failure
        is not a subscription error: a scheduled run rolls that round back and
        leaves the rest of the chunk to its next run (Odoo's cron runs again
        at once while subscriptions are due), in the caller's transaction it is
        raised.
        ``commit=False`` keeps everything in the caller's transaction
        (benchmarks, scripts that roll back). Returns the ids of the invoices
        created."""
        if limit is None:
            limit = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("sales_marketing.subscription_batch_size", 100)
            )
        today = fields.Date.context_today(self)
        domain = self._subscription_due_domain(today)
        due = self.search(domain, order="next_invoice_date, id", limit=limit)
        auto_commit = not modules.module.current_test if commit is None else commit
        invoices = self.env["account.move"]
        done = 0
        for chunk in split_every(self._get_subscription_chunk_size(), due.ids):
            pending = list(chunk)
            while pending:
                try:
                    chunk_round = self._invoice_subscription_chunk(
                        pending, today, rounds=1
                    )
                except Exception as error:
                    if not (auto_commit and is_concurrency_error(error)):
                        raise
                    # another transaction updated a row this round writes:
                    # the rounds committed stay, the rest of the chunk waits
                    # for the next run
                    self.env.cr.rollback()
                    _logger.info(
                        "Subscriptions %s are being updated by other "
                        "transactions; the next run of the job invoices them",
                        pending,
                    )
                    break
                invoices |= chunk_round.invoices
                processed = chunk_round.orders
                if auto_commit:
                    # a scheduled action keeps each invoiced round, as Odoo's
                    # own batch crons do; never reached in tests
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                still_due = processed.filtered_domain(domain)
                done += len(processed - still_due)
                pending = still_due.ids
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return invoices.ids

    @api.model
    def _get_subscription_chunk_size(self):
        return 20

    @api.model
    def _invoice_subscription_chunk(self, ids, date, rounds=None):
        """Invoice the due periods (at most ``rounds`` per subscription) of
        the subscriptions ``ids`` not locked by another run: all at once, or
        one by one when something fails so that only the broken
        subscriptions are left out. Concurrency errors are raised. Returns a
        ChunkResult (the invoices, the subscriptions processed)."""
        batch = lock_rows(self.browse(ids), skip_locked=True)
        if not batch:
            return ChunkResult(self.env["account.move"], batch)
        try:
            with self.env.cr.savepoint():
                invoices = batch._invoice_due_subscription_periods(date, rounds)
        except Exception as error:
            if is_concurrency_error(error):
                raise
            self.env.invalidate_all()
            invoices = self._invoice_subscriptions_one_by_one(batch, date, rounds)
        return ChunkResult(invoices, batch)

    @api.model
    def _invoice_subscriptions_one_by_one(self, orders, date, rounds=None):
        invoices = self.env["account.move"]
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    invoices |= order._invoice_due_subscription_periods(date, rounds)
            except Exception as error:
                if is_concurrency_error(error):
                    raise
                _logger.warning(
                    "Subscription %s could not be invoiced: %s", order.name, error
                )
                self.env.invalidate_all()
                order._record_subscription_error(error)
        return invoices

    def _record_subscription_error(self, error):
        self.ensure_one()
        message = str(error.args[0] if getattr(error, "args", None) else error)
        self.write({"subscription_error": message})
        self.message_post(
            body=self.env._(
                "The scheduled invoicing of this subscription failed: %(error)s",
                error=message,
            )
        )
