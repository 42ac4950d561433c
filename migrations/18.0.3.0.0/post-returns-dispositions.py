# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.3.0.0, returns (RT-1, RT-3): what existing returned orders meant stays.

- Every return so far came back to stock and was credited: its lines get the
  disposition code *Credit* (their open receipts validate without asking).
- Returns had no deadline: the new return deadline (creation + the company's
  validity period, computed by the upgrade) would refuse the open receipts of
  older returns; those whose deadline has already passed are accepted late, as
  a sales manager would.
"""

from odoo import SUPERUSER_ID
from odoo import api
from odoo import fields
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    credit = env.ref(
        "sales_marketing.return_disposition_credit", raise_if_not_found=False
    )
    returned = env["sale.order"].search([("order_type", "=", "returned")])
    if credit and returned:
        # SQL: received lines refuse a disposition change through the ORM, and
        # Credit changes none of their quantities or amounts
        cr.execute(
            SQL(
                "UPDATE sale_order_line SET disposition_id = %s "
                "WHERE order_id IN %s AND display_type IS NULL "
                "AND disposition_id IS NULL",
                credit.id,
                tuple(returned.ids),
            )
        )
    today = fields.Date.context_today(env["sale.order"])
    returned.filtered(
        lambda order: order.return_deadline and order.return_deadline < today
    ).write({"return_late_accepted": True})
