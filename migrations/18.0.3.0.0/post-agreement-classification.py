# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""AG-12: every agreement has a classification; existing agreements get the
module's *Standard* classification. Versions start with the next confirmation
(existing agreements have none: their history is in their chatter)."""

from odoo import SUPERUSER_ID
from odoo import api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    standard = env.ref(
        "sales_marketing.sale_agreement_classification_standard",
        raise_if_not_found=False,
    )
    if not standard:
        return
    # no chatter message: nobody changed the agreements
    env["sale.agreement"].with_context(active_test=False, tracking_disable=True).search(
        [("classification_id", "=", False)]
    ).write({"classification_id": standard.id})
