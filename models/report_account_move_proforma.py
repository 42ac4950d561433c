# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import models


class ReportAccountMoveProforma(models.AbstractModel):
    _name = "report.sales_marketing.report_account_move_proforma"
    _description = "Pro-forma Invoice Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["account.move"].browse(docids)
        docs._check_proforma_printable()
        return {"doc_ids": docids, "doc_model": "account.move", "docs": docs}
