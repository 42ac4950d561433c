# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools.sql import create_index

from .purchase_backorder_line import PURCHASE_LINE_BACKORDER_INDEX
from .purchase_backorder_line import PURCHASE_LINE_BACKORDER_PREDICATE


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    def init(self):
        res = super().init()
        # BO-2: the vendor backorder workbench reads the open lines only
        create_index(
            self.env.cr,
            PURCHASE_LINE_BACKORDER_INDEX,
            self._table,
            ["product_id"],
            where=PURCHASE_LINE_BACKORDER_PREDICATE.format(t=""),
        )
        return res
