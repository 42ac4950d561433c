# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Restocking charges (RT-7): what a return reason or a disposition code
charges the customer when a return is credited."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError

CHARGE_TYPES = [("fixed", "Fixed amount"), ("percent", "Percentage")]


class SaleReturnChargeMixin(models.AbstractModel):
    _name = "sale.return.charge.mixin"
    _description = "Restocking Charge"

    # === FIELDS ===

    restocking_charge_type = fields.Selection(
        selection=CHARGE_TYPES,
        string="Restocking Charge",
        help="Fixed amount: charged once per credit note (per credited line for a "
        "disposition code). Percentage: of the credited amount.",
    )
    restocking_charge = fields.Float(
        string="Charge",
        digits="Product Price",
        help="The amount (in the company's currency) or the percentage charged.",
    )

    # === CONSTRAINT METHODS ===

    @api.constrains("restocking_charge_type", "restocking_charge")
    def _check_restocking_charge(self):
        for record in self:
            if record.restocking_charge < 0 or (
                record.restocking_charge_type == "percent"
                and record.restocking_charge > 100
            ):
                raise ValidationError(
                    self.env._(
                        "%(code)s: a restocking charge is a positive amount or a "
                        "percentage between 0 and 100.",
                        code=record.display_name,
                    )
                )

    # === BUSINESS METHODS ===

    def _get_restocking_charge(self, amount, currency, date, company):
        """The charge on ``amount`` (the credited untaxed amount, in
        ``currency``): the percentage of it, or the fixed amount."""
        self.ensure_one()
        if not self.restocking_charge_type or not self.restocking_charge:
            return 0.0
        if self.restocking_charge_type == "percent":
            return currency.round(amount * self.restocking_charge / 100.0)
        return company.currency_id._convert(
            self.restocking_charge, currency, company, date
        )
