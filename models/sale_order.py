# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What every feature shares on the order: its type (OT), its remainders and
its status (RS). The features extend sale.order in their own files
(sale_order_<feature>.py)."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

ORDER_TYPES = [
    ("journal", "Journal"),
    ("subscription", "Subscription"),
    ("sales", "Sales order"),
    ("returned", "Returned order"),
    ("item_requirement", "Item requirement"),
]

SALES_STATUSES = [
    ("open", "Open order"),
    ("delivered", "Delivered"),
    ("invoiced", "Invoiced"),
    ("cancelled", "Cancelled"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS ===

    order_type = fields.Selection(
        selection=ORDER_TYPES,
        required=True,
        default="sales",
        tracking=True,
        help="Journal: a draft that never affects inventory and cannot be "
        "confirmed until converted to another type.\n"
        "Subscription: a recurring order invoiced period by period.\n"
        "Sales order: the normal flow.\n"
        "Returned order: goods coming back from the customer (RMA), credited.\n"
        "Item requirement: created from project consumption, never by hand.",
    )
    sales_status = fields.Selection(
        selection=SALES_STATUSES,
        compute="_compute_sales_status",
        store=True,
        index=True,
        help="Open order: something is still to deliver.\n"
        "Delivered: everything is delivered, something is still to invoice.\n"
        "Invoiced: everything is delivered and invoiced (posted).\n"
        "Cancelled: the order is cancelled.",
    )
    amount_deliver_remainder = fields.Monetary(
        string="Deliver Remainder Amount",
        compute="_compute_amount_remainders",
        store=True,
        help="Untaxed value of the quantities still to deliver.",
    )
    amount_invoice_remainder = fields.Monetary(
        string="Invoice Remainder Amount",
        compute="_compute_amount_remainders",
        store=True,
        help="Untaxed value of the quantities still to invoice (posted invoices).",
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "state",
        "order_line.sales_status",
        "order_line.display_type",
        "order_line.is_downpayment",
    )
    def _compute_sales_status(self):
        for order in self:
            order.sales_status = order._get_sales_status()

    @api.depends(
        "order_line.qty_deliver_remainder",
        "order_line.qty_invoice_remainder",
        "order_line.price_reduce_taxexcl",
    )
    def _compute_amount_remainders(self):
        for order in self:
            lines = order.order_line._filtered_status_lines()
            order.amount_deliver_remainder = sum(
                line.qty_deliver_remainder * line.price_reduce_taxexcl for line in lines
            )
            order.amount_invoice_remainder = sum(
                line.qty_invoice_remainder * line.price_reduce_taxexcl for line in lines
            )

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("order_type") == "item_requirement":
                    raise ValidationError(self._get_item_requirement_by_hand_error())
        return super().create(vals_list)

    def write(self, vals):
        if "order_type" in vals:
            self._check_order_type_change(vals["order_type"])
        return super().write(vals)

    # === BUSINESS METHODS ===

    def _get_sales_status(self):
        """RS-3: the order status derived from its lines' statuses."""
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        statuses = set(self.order_line._filtered_status_lines().mapped("sales_status"))
        if statuses == {"cancelled"}:  # every line's remainder cancelled (RS-5)
            return "cancelled"
        statuses.discard("cancelled")
        if not statuses or "open" in statuses:
            return "open"
        if "delivered" in statuses:
            return "delivered"
        return "invoiced"

    def _check_order_type_change(self, new_type):
        """OT-6: refuse type changes that contradict the rules of a type."""
        for order in self.filtered(lambda o: o.order_type != new_type):
            error = order._get_order_type_change_error(new_type)
            if error:
                raise ValidationError(error)

    def _get_order_type_change_error(self, new_type):
        """Return why this order cannot change to ``new_type``, or False.

        Extend it to add the rules of a type; keep each rule a short message
        naming the order.
        """
        self.ensure_one()
        if new_type == "item_requirement" and not self.env.su:
            return self._get_item_requirement_by_hand_error(self)
        if self.order_type == "item_requirement" and self.sales_status in (
            "delivered",
            "invoiced",
        ):
            return self.env._(
                "%(order)s is a delivered item requirement: its type can no "
                "longer change.",
                order=self.display_name,
            )
        if new_type in ("journal", "returned") and self._is_confirmed_or_documented():
            return self.env._(
                "%(order)s already has deliveries or invoices: it cannot become "
                "a %(type)s.",
                order=self.display_name,
                type=self._get_order_type_label(new_type),
            )
        if self.order_type == "returned" and self._is_confirmed_or_documented():
            return self.env._(
                "%(order)s already has return receipts or credit notes: it must "
                "stay a returned order.",
                order=self.display_name,
            )
        return False

    def _get_item_requirement_by_hand_error(self, order=None):
        return self.env._(
            "%(order)s: item requirement orders are created from project "
            "consumption only; the type cannot be chosen by hand.",
            order=order.display_name if order else self.env._("New order"),
        )

    def _get_order_type_label(self, order_type):
        return dict(self._fields["order_type"]._description_selection(self.env))[
            order_type
        ]

    def _is_confirmed_or_documented(self):
        """Whether the order is confirmed, or stock moves or invoices exist for
        it: its type's rules have started to apply."""
        self.ensure_one()
        return bool(
            self.state == "sale"
            or self.order_line.move_ids
            or self.order_line.invoice_lines
        )

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if not error and self.order_type == "journal":
            error = self.env._(
                "%(order)s is a journal: journals never affect inventory and cannot "
                "be confirmed. Change its type to release it.",
                order=self.display_name,
            )
        return error

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._check_invoiceable_order_type()
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def _check_invoiceable_order_type(self):
        """Refuse invoicing orders whose type is not invoiced this way (the
        types' rules extend it)."""
        journals = self.filtered(lambda o: o.order_type == "journal")
        if journals:
            raise UserError(
                self.env._(
                    "Journals cannot be invoiced: %(orders)s.",
                    orders=", ".join(journals.mapped("display_name")),
                )
            )
