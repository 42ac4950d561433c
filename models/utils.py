# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Helpers shared by the features (no model here)."""

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import SQL

# the recurrence of the period engine (OT-3 subscriptions, IN-7 templates)
RECURRENCE_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]

# IN-5: how packing slips are gathered on invoices
SUMMARY_MODES = [
    ("invoice_account", "Invoice account"),
    ("order", "Order"),
    ("packing_slip", "Packing slip"),
]

# IN-7: the main (income) accounts of free text lines
INCOME_ACCOUNT_DOMAIN = (
    "[('account_type', 'in', ('income', 'income_other')), ('deprecated', '=', False)]"
)


def is_concurrency_error(error):
    """A serialization failure, deadlock or lock timeout: the transaction is
    to be retried, the record is not at fault."""
    return (
        isinstance(error, psycopg2.OperationalError)
        and error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
    )


def get_period_start(date_start, interval, unit, index):
    """The period engine of subscriptions (OT-3), shared with recurring free
    text invoices (IN-7): the start of period ``index`` (0 = the first) of a
    recurrence of ``interval`` ``unit``s (``day``, ``week``, ``month``,
    ``year``) from ``date_start``. Always counted from the start date, never
    from the previous period, so that month ends hold (Jan 31 -> Feb 28/29 ->
    Mar 31)."""
    steps = interval * index
    return (
        date_start
        + {
            "day": relativedelta(days=steps),
            "week": relativedelta(weeks=steps),
            "month": relativedelta(months=steps),
            "year": relativedelta(years=steps),
        }[unit]
    )


def lock_rows(records, skip_locked=False, serialize=False):
    """Row-lock ``records`` until the end of the transaction; return the
    records locked, in their order.

    - ``skip_locked``: rows that another transaction holds are left out, never
      waited for (a concurrent run works on them).
    - ``serialize``: the rows are also touched (``write_date`` rewritten as
      is), so that a concurrent transaction that read them before this one
      commits fails to serialize when it locks them, and Odoo retries it on
      fresh data: a check that reads other tables (what agreements released)
      then sees what this transaction wrote. A plain lock would let it go on
      with its old snapshot.
    """
    if not records:
        return records
    table = SQL.identifier(records._table)
    ids = tuple(records.ids)
    if serialize:
        query = SQL(
            "UPDATE %s SET write_date = write_date WHERE id IN %s RETURNING id",
            table,
            ids,
        )
    else:
        query = SQL(
            "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE%s",
            table,
            ids,
            SQL(" SKIP LOCKED") if skip_locked else SQL(),
        )
    records.env.cr.execute(query)
    locked = {row[0] for row in records.env.cr.fetchall()}
    return records.filtered(lambda record: record.id in locked)
