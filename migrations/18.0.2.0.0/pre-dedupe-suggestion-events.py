# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""XS-7: up-sell / cross-sell events count once per order line, rule,
suggested product and result, which a unique constraint now enforces. Before
the module is loaded, remove the duplicates that repeated calls recorded.

Events recorded before this version have no order line: they count once per
order, trigger product, rule, suggested product and result (two lines of the
same product on one order are one offer then). Events without an order (offers
on quotations that were never saved) cannot be matched and are kept."""

import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists
from odoo.tools.sql import table_exists

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not table_exists(cr, "sale_suggestion_event"):
        return
    keys = [SQL("order_id, trigger_product_id, rule_id, product_id, event_type")]
    where = [SQL("order_id IS NOT NULL")]
    if column_exists(cr, "sale_suggestion_event", "line_id"):
        keys = [SQL("line_id, rule_id, product_id, event_type"), *keys]
        where = [
            SQL("line_id IS NOT NULL"),
            SQL("line_id IS NULL AND order_id IS NOT NULL"),
        ]
    removed = 0
    for key, condition in zip(keys, where, strict=True):
        cr.execute(
            SQL(
                """
                DELETE FROM sale_suggestion_event
                 WHERE id IN (
                    SELECT id
                      FROM (
                        SELECT id,
                               row_number() OVER (PARTITION BY %(key)s ORDER BY id)
                               AS position
                          FROM sale_suggestion_event
                         WHERE %(condition)s
                      ) AS ranked
                     WHERE position > 1
                 )
                """,
                key=key,
                condition=condition,
            )
        )
        removed += cr.rowcount
    _logger.info("sale.suggestion.event: %s duplicate events removed", removed)
