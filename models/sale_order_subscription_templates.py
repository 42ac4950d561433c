# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recurring free text invoices (IN-7) on the subscriptions' scheduled action
(OT-3): one scheduler invoices both. Loaded after sale_order_subscription_job,
which defines the scheduled action."""

from odoo import api
from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _cron_invoice_subscriptions(self, limit=None, commit=None):
        invoice_ids = super()._cron_invoice_subscriptions(limit=limit, commit=commit)
        today = fields.Date.context_today(self)
        invoices = self.env["account.free.text.template"]._invoice_due_periods(
            today, limit=limit
        )
        return invoice_ids + invoices.ids
