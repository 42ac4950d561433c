# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""AG-8: the commitment type and "maximum is enforced" are per agreement line
now (the header keeps them as the defaults of new lines). Before the module is
loaded, give every existing line its agreement's values, so that existing
agreements keep their meaning: a value agreement's lines share the header's
committed amount as before (value lines without an amount of their own)."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists
from odoo.tools.sql import create_column
from odoo.tools.sql import table_exists


def migrate(cr, version):
    if not table_exists(cr, "sale_agreement_line"):
        return
    for name, sql_type in (("commitment_type", "varchar"), ("max_is_enforced", "bool")):
        if not column_exists(cr, "sale_agreement_line", name):
            create_column(cr, "sale_agreement_line", name, sql_type)
    cr.execute(
        SQL(
            """
            UPDATE sale_agreement_line line
               SET commitment_type = agreement.commitment_type,
                   max_is_enforced = COALESCE(agreement.max_is_enforced, FALSE)
              FROM sale_agreement agreement
             WHERE agreement.id = line.agreement_id
               AND line.commitment_type IS NULL
            """
        )
    )
