# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        # down payments bypass sale.order._create_invoices: check here too.
        # The orders are the wizard's own (Odoo's code and tests pass other
        # values as the argument and rely on sale_order_ids).
        self.sale_order_ids._check_invoiceable_order_type()
        return super()._create_invoices(sale_orders)
