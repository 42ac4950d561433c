# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sales agreements (AG) on the order: the requested ship date agreements are
checked against, relinking quotations, the checks at confirmation."""

from odoo import api
from odoo import fields
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === ONCHANGE METHODS ===

    @api.onchange("commitment_date")
    def _onchange_commitment_date_agreements(self):
        # the form's counterpart of write(): relink before the user saves
        self.order_line._relink_agreement_lines()

    # === CRUD METHODS ===

    def write(self, vals):
        res = super().write(vals)
        if {"commitment_date", "date_order", "partner_id"} & vals.keys():
            quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
            quotations.order_line._relink_agreement_lines()
            # AG-3: what stays linked must be valid at the new date
            quotations.order_line.filtered(
                "agreement_line_id"
            )._check_agreement_lines_orderable()
        return res

    # === ACTION METHODS ===

    def action_confirm(self):
        # AG-2/AG-3: the agreements must still be orderable at confirmation
        self.order_line.filtered("agreement_line_id")._check_agreement_lines_orderable()
        return super().action_confirm()

    # === BUSINESS METHODS ===

    def _get_agreement_date(self):
        """The requested ship date agreements are checked against (AG-3): the
        delivery date asked by the customer, else the order date."""
        self.ensure_one()
        moment = self.commitment_date or self.date_order
        if not moment:
            return fields.Date.context_today(self)
        return fields.Date.context_today(self, timestamp=moment)

    def _action_confirm(self):
        # AG-6, once the orders are confirmed: their lines count as released
        self.order_line._check_agreement_max_enforced()
        return super()._action_confirm()
