# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Helpers shared by the features (no model here)."""

from odoo.tools import SQL


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
