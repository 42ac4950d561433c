# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Partner lifecycle (QT-1, RL-2): a confirmed order makes a customer."""

from odoo import api
from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _update_partner_lifecycle_on_confirm(self):
        """QT-1 / RL-2 hook: confirming a quotation makes its partner a customer.

        Only sales and subscription orders count (journals, returns and item
        requirements do not); the first one sets ``customer_since``. The order
        is the source document of the stage history row.
        """
        orders = self.filtered(
            lambda o: o.order_type in self._get_customer_making_order_types()
        ).sorted("date_order")
        sources = {}
        for order in orders:
            sources.setdefault(order.partner_id.commercial_partner_id.id, order)
        if sources:
            orders.partner_id._advance_relationship_stage(
                "customer", sources=sources, date=fields.Date.context_today(self)
            )
        return True

    @api.model
    def _get_customer_making_order_types(self):
        """Order types whose confirmation makes the partner a customer (RL-2)."""
        return ("sales", "subscription")

    def _action_confirm(self):
        res = super()._action_confirm()
        self._update_partner_lifecycle_on_confirm()
        return res
