# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (RT-7) on the credit note: restocking charges."""

from collections import defaultdict

from odoo import Command
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    # === BUSINESS METHODS ===

    def _add_restocking_charges(self):
        """RT-7: the credit note of a returned order carries the restocking
        charges of its disposition codes and return reason as charge lines."""
        for move in self.filtered(lambda m: m.move_type == "out_refund"):
            vals_list = move._prepare_restocking_charge_lines()
            if vals_list:
                move.write({"invoice_line_ids": [Command.create(v) for v in vals_list]})

    def _get_restocking_charges(self):
        """{disposition or reason record: charge amount (credit note currency)}:
        a disposition charges per credited line (its fixed amount once per
        line), a return reason per returned order (its fixed amount once, on
        the first credit note)."""
        self.ensure_one()
        charges = defaultdict(float)
        date = self.invoice_date or fields.Date.context_today(self)
        product = self.company_id.sale_restocking_product_id
        by_order = defaultdict(lambda: self.env["account.move.line"])
        for line in self.invoice_line_ids:
            sale_line = line.sale_line_ids[:1]
            if sale_line.order_id.order_type != "returned" or not line.product_id:
                continue
            by_order[sale_line.order_id] |= line
            disposition = sale_line.disposition_id
            if disposition.restocking_charge_type:
                charges[disposition] += disposition._get_restocking_charge(
                    line.price_subtotal, self.currency_id, date, self.company_id
                )
        for order, lines in by_order.items():
            reason = order.return_reason_id
            if not reason.restocking_charge_type:
                continue
            if (
                reason.restocking_charge_type == "fixed"
                and product
                and any(
                    line.product_id == product
                    for line in (order.invoice_ids - self)
                    .filtered(lambda m: m.state != "cancel")
                    .invoice_line_ids
                )
            ):
                continue
            charges[reason] += reason._get_restocking_charge(
                sum(lines.mapped("price_subtotal")),
                self.currency_id,
                date,
                self.company_id,
            )
        return {record: amount for record, amount in charges.items() if amount}

    def _prepare_restocking_charge_lines(self):
        self.ensure_one()
        charges = self._get_restocking_charges()
        if not charges:
            return []
        product = self.company_id.sale_restocking_product_id or self.env.ref(
            "sales_marketing.product_restocking_charge", raise_if_not_found=False
        )
        if not product:
            raise UserError(
                self.env._(
                    "%(move)s carries restocking charges: choose the restocking "
                    "charge product of %(company)s in the Sales settings first.",
                    move=self.display_name,
                    company=self.company_id.display_name,
                )
            )
        return [
            {
                "product_id": product.id,
                "name": self.env._(
                    "Restocking charge (%(code)s)", code=record.display_name
                ),
                "quantity": 1.0,
                # a charge lowers what the credit note gives back
                "price_unit": -amount,
            }
            for record, amount in charges.items()
        ]
