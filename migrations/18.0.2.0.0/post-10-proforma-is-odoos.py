# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0, IN-4: the pro-forma of a sales order is Odoo's own now
(sale.action_report_pro_forma_invoice); ours (sale_order_report_proforma) stays
only as the report name integrations download, in no Print menu.

- Odoo shows its pro-forma to the group of its Pro-Forma Invoice setting: turn
  it on for every user, as installing does (security/security.xml cannot: Odoo
  does not update base.group_user from data on upgrade).
- The pro-forma e-mail template (noupdate) attached our report: attach Odoo's
  instead, unless the template no longer attaches ours.
"""

from odoo import SUPERUSER_ID
from odoo import Command
from odoo import api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env.ref("base.group_user").write(
        {"implied_ids": [Command.link(env.ref("sale.group_proforma_sales").id)]}
    )
    template = env.ref(
        "sales_marketing.mail_template_sale_order_proforma", raise_if_not_found=False
    )
    ours = env.ref(
        "sales_marketing.sale_order_report_proforma", raise_if_not_found=False
    )
    if template and ours and ours in template.report_template_ids:
        template.report_template_ids = [
            Command.unlink(ours.id),
            Command.link(env.ref("sale.action_report_pro_forma_invoice").id),
        ]
