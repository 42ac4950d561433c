# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Subscriptions (OT-3): recurring orders invoiced period by period, by hand
or by the scheduled action, with the period history."""

from datetime import timedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .utils import RECURRENCE_UNITS
from .utils import get_period_start
from .utils import lock_rows


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS ===

    recurrence_interval = fields.Integer(
        string="Invoice Every",
        default=1,
        help="Subscriptions: the length of a period, in recurrence units.",
    )
    recurrence_unit = fields.Selection(
        selection=RECURRENCE_UNITS,
        default="month",
    )
    subscription_date_start = fields.Date(
        string="Subscription Start",
        copy=False,
        help="First day of the first period; set at confirmation when empty. "
        "Every period starts on the same day of its month (month-end safe: "
        "a subscription starting on January 31 renews on February 28/29, then "
        "on March 31).",
    )
    subscription_date_end = fields.Date(
        string="Subscription End",
        copy=False,
        help="Optional: the last period invoiced is the one that starts on or "
        "before this date; the subscription is closed after it.",
    )
    subscription_period_index = fields.Integer(
        string="Invoiced Periods",
        copy=False,
        readonly=True,
    )
    next_invoice_date = fields.Date(
        compute="_compute_next_invoice_date",
        store=True,
        index="btree_not_null",
        help="When the current period ends and is due for invoicing.",
    )
    subscription_state = fields.Selection(
        selection=[("running", "Running"), ("closed", "Closed")],
        default="running",
        copy=False,
        tracking=True,
    )
    subscription_error = fields.Text(
        copy=False,
        readonly=True,
        help="Why the scheduled invoicing of this subscription failed; the job "
        "skips it until Invoice Period succeeds.",
    )
    subscription_period_ids = fields.One2many(
        comodel_name="sale.subscription.period",
        inverse_name="order_id",
        string="Subscription Periods",
    )
    subscription_period_count = fields.Integer(
        compute="_compute_subscription_period_count"
    )

    # === COMPUTE METHODS ===

    @api.depends(
        "order_type",
        "state",
        "subscription_state",
        "subscription_date_start",
        "subscription_period_index",
        "recurrence_interval",
        "recurrence_unit",
    )
    def _compute_next_invoice_date(self):
        for order in self:
            if (
                order.order_type == "subscription"
                and order.subscription_state == "running"
                and order.subscription_date_start
                and order.recurrence_interval > 0
                and order.recurrence_unit
            ):
                order.next_invoice_date = order._get_subscription_period_date(
                    order.subscription_period_index + 1
                )
            else:
                order.next_invoice_date = False

    def _compute_subscription_period_count(self):
        data = dict(
            self.env["sale.subscription.period"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.subscription_period_count = data.get(order, 0)

    # === CONSTRAINT METHODS ===

    @api.constrains(
        "order_type",
        "recurrence_interval",
        "subscription_date_start",
        "subscription_date_end",
    )
    def _check_subscription_recurrence(self):
        for order in self.filtered(lambda o: o.order_type == "subscription"):
            if order.recurrence_interval < 1:
                raise ValidationError(
                    self.env._(
                        "%(order)s: a subscription period lasts at least one "
                        "unit: Invoice Every must be 1 or more (%(unit)s).",
                        order=order.display_name,
                        unit=dict(
                            self._fields["recurrence_unit"]._description_selection(
                                self.env
                            )
                        ).get(order.recurrence_unit),
                    )
                )
            if (
                order.subscription_date_start
                and order.subscription_date_end
                and order.subscription_date_end < order.subscription_date_start
            ):
                raise ValidationError(
                    self.env._(
                        "%(order)s: the subscription ends before it starts.",
                        order=order.display_name,
                    )
                )

    @api.constrains("order_type", "warehouse_id")
    def _check_subscription_warehouse(self):
        """OT-3: subscriptions deliver in one step; a warehouse with pick/pack
        steps (Odoo's warehouse management) is refused."""
        for order in self.filtered(lambda o: o.order_type == "subscription"):
            if order.warehouse_id and order.warehouse_id.delivery_steps != "ship_only":
                raise ValidationError(
                    self.env._(
                        "%(order)s: warehouse %(warehouse)s delivers in several "
                        "steps; subscriptions can only use a warehouse that "
                        "delivers directly.",
                        order=order.display_name,
                        warehouse=order.warehouse_id.display_name,
                    )
                )

    # === ACTION METHODS ===

    def action_invoice_subscription_period(self):
        """OT-3, button and public API: invoice the current period of these
        subscriptions now (it must have started). Returns the invoice ids."""
        invoices = self.env["account.move"]
        today = fields.Date.context_today(self)
        for order in self:
            order._check_subscription_invoiceable()
            order._lock_subscription()
            period_start = order._get_subscription_period_date(
                order.subscription_period_index
            )
            if order.subscription_state != "running" or period_start > today:
                raise UserError(
                    self.env._(
                        "%(order)s: the next period starts on %(date)s; it cannot "
                        "be invoiced before.",
                        order=order.display_name,
                        date=period_start,
                    )
                )
            invoices |= order._invoice_subscription_period()
            order.subscription_error = False
        return invoices.ids

    def action_close_subscription(self):
        """End the subscriptions: no more periods are invoiced or delivered;
        open deliveries of the current period stay as they are."""
        for order in self:
            if order.order_type != "subscription":
                raise UserError(
                    self.env._(
                        "%(order)s is not a subscription.",
                        order=order.display_name,
                    )
                )
        self.write({"subscription_state": "closed"})
        return True

    def action_view_subscription_periods(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_subscription_period_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # === BUSINESS METHODS ===

    def _get_subscription_period_date(self, index):
        """Start of period ``index`` (0 = the first): always counted from the
        start date, never from the previous period, so that month ends hold
        (Jan 31 -> Feb 28/29 -> Mar 31)."""
        self.ensure_one()
        return get_period_start(
            self.subscription_date_start,
            self.recurrence_interval,
            self.recurrence_unit,
            index,
        )

    def _invoice_due_subscription_periods(self, date, rounds=None):
        """Invoice every period of these subscriptions that ended by
        ``date`` (at most ``rounds`` periods each), one invoice per period,
        oldest first."""
        invoices = self.env["account.move"]
        self._lock_subscription()
        done_rounds = 0
        while (rounds is None or done_rounds < rounds) and (
            due := self.filtered(
                lambda o: (
                    o.subscription_state == "running"
                    and o.next_invoice_date
                    and o.next_invoice_date <= date
                )
            )
        ):
            invoices |= due._invoice_subscription_period()
            done_rounds += 1
        return invoices

    def _lock_subscription(self):
        """Row lock of the order for the period invoicing: a concurrent
        transaction waits, then fails to serialize and is retried on the new
        state (no period is ever invoiced twice)."""
        lock_rows(self)
        self.invalidate_recordset(
            ["subscription_period_index", "subscription_state", "next_invoice_date"]
        )

    def _check_subscription_invoiceable(self):
        self.ensure_one()
        if self.order_type != "subscription" or self.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed subscription.",
                    order=self.display_name,
                )
            )
        if self.subscription_state != "running":
            raise UserError(
                self.env._(
                    "Subscription %(order)s is closed.",
                    order=self.display_name,
                )
            )

    def _invoice_subscription_period(self):
        """Invoice the current period of each subscription in ``self``, in
        batch: its quantities (delivered goods, the ordered quantity of
        services and of goods invoiced on order) go on one posted invoice per
        subscription and into the period history; each order then starts the
        next period with everything outstanding again (new deliveries for
        goods). Returns the invoices (none for a period with nothing to
        invoice)."""
        periods = []
        invoice_vals = []
        for order in self:
            index = order.subscription_period_index
            start = order._get_subscription_period_date(index)
            end = order._get_subscription_period_date(index + 1) - timedelta(days=1)
            lines = order.order_line._filtered_status_lines()
            quantities = lines._get_subscription_period_quantities()
            to_invoice = {line: qty for line, (_d, qty) in quantities.items() if qty}
            if to_invoice:
                vals = order._prepare_subscription_invoice_vals(start, end)
                vals["invoice_line_ids"] = [
                    Command.create(line._prepare_invoice_line(quantity=qty))
                    for line, qty in to_invoice.items()
                ]
                invoice_vals.append(vals)
            periods.append((order, start, end, lines, quantities, bool(to_invoice)))
        # sudo: invoicing a period is allowed to whoever may invoice the
        # subscription (salespeople), as the standard Create Invoice wizard.
        # The salesperson follows each invoice but gets no "You have been
        # assigned" e-mail per recurring invoice (the job makes many, and
        # rendering that notification also writes the customer's signup
        # token, which collides with concurrent postings for that customer)
        invoices = (
            self.env["account.move"]
            .sudo()
            .with_context(
                default_move_type="out_invoice", mail_auto_subscribe_no_notify=True
            )
            .create(invoice_vals)
        )
        invoices.action_post()
        invoice_iter = iter(invoices)
        period_vals = []
        new_index = {}
        closed = self.browse()
        all_lines = self.env["sale.order.line"]
        for order, start, end, lines, quantities, invoiced in periods:
            invoice = next(invoice_iter) if invoiced else invoices.browse()
            period_vals.append(
                order._prepare_subscription_period_vals(start, end, invoice, quantities)
            )
            for line in lines:
                line.write(line._prepare_subscription_close_vals())
            index = order.subscription_period_index + 1
            new_index.setdefault(index, self.browse())
            new_index[index] |= order
            next_start = order._get_subscription_period_date(index)
            if order.subscription_date_end and next_start > order.subscription_date_end:
                closed |= order
            all_lines |= lines
        # sudo: the period history is an audit trail only the system writes
        self.env["sale.subscription.period"].sudo().create(period_vals)
        for index, orders in new_index.items():
            orders.write({"subscription_period_index": index})
        closed.write({"subscription_state": "closed"})
        all_lines.filtered(
            lambda line: (
                line.product_id.type == "consu"
                and line.order_id.subscription_state == "running"
            )
        )._action_launch_stock_rule()
        return invoices.sudo(False)

    def _prepare_subscription_invoice_vals(self, period_start, period_end):
        vals = self._prepare_invoice()
        today = fields.Date.context_today(self)
        vals["invoice_date"] = min(period_end + timedelta(days=1), today)
        vals["ref"] = self.env._(
            "%(order)s, period %(start)s - %(end)s",
            order=self.name,
            start=period_start,
            end=period_end,
        )
        return vals

    def _prepare_subscription_period_vals(
        self, period_start, period_end, invoice, quantities
    ):
        return {
            "order_id": self.id,
            "period_start": period_start,
            "period_end": period_end,
            "invoice_id": invoice.id or False,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": line.id,
                        "qty_ordered": line.product_uom_qty,
                        "qty_delivered": delivered,
                        "qty_invoiced": invoiced,
                    }
                )
                for line, (delivered, invoiced) in quantities.items()
            ],
        }

    def _action_confirm(self):
        # the warehouse may have changed since the quotation was saved
        self._check_subscription_warehouse()
        # the first period starts at confirmation unless set
        today = fields.Date.context_today(self)
        self.filtered(
            lambda o: o.order_type == "subscription" and not o.subscription_date_start
        ).subscription_date_start = today
        return super()._action_confirm()

    def _check_invoiceable_order_type(self):
        res = super()._check_invoiceable_order_type()
        subscriptions = self.filtered(
            lambda o: o.order_type == "subscription" and o.state == "sale"
        )
        if subscriptions:
            raise UserError(
                self.env._(
                    "Subscriptions are invoiced period by period (Invoice "
                    "Period or the scheduled action): %(orders)s.",
                    orders=", ".join(subscriptions.mapped("display_name")),
                )
            )
        return res
