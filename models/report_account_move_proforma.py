# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import models


class ReportAccountMoveProforma(models.AbstractModel):
    _name = "report.sales_marketing.report_account_move_proforma"
    _inherit = "report.account.report_invoice"
    _description = "Pro-forma Invoice Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        """IN-4: Odoo's invoice values, for draft customer invoices only."""
        self.env["account.move"].browse(docids)._check_proforma_printable()
        return super()._get_report_values(docids, data=data)
