# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta
from functools import partial

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo import modules
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.service.model import retrying
from odoo.tools import SQL
from odoo.tools import split_every

from odoo.addons.stock.models.stock_move import PROCUREMENT_PRIORITIES

ORDER_TYPES = [
    ("journal", "Journal"),
    ("subscription", "Subscription"),
    ("sales", "Sales order"),
    ("returned", "Returned order"),
    ("item_requirement", "Item requirement"),
]

_logger = logging.getLogger(__name__)


def _is_concurrency_error(error):
    """A serialization failure, deadlock or lock timeout: the transaction is
    to be retried, the record is not at fault."""
    return (
        isinstance(error, psycopg2.OperationalError)
        and error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
    )


RECURRENCE_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]

SALES_STATUSES = [
    ("open", "Open order"),
    ("delivered", "Delivered"),
    ("invoiced", "Invoiced"),
    ("cancelled", "Cancelled"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
    rma_number = fields.Char(
        string="RMA Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Return merchandise authorization number of a returned order, from "
        "its own sequence; given at creation and never reused.",
    )
    return_reason_id = fields.Many2one(
        comodel_name="sale.return.reason",
        check_company=True,
        tracking=True,
    )
    origin_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Original Order",
        check_company=True,
        copy=False,
        index="btree_not_null",
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('order_type', '!=', 'returned'), ('state', '=', 'sale')]",
        help="The order the returned goods were sold on.",
    )
    origin_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Original Invoice",
        check_company=True,
        copy=False,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
        help="The invoice the credit note of this return corrects.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    return_order_count = fields.Integer(
        string="Returns", compute="_compute_return_order_count"
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
    priority = fields.Selection(
        selection=PROCUREMENT_PRIORITIES,
        default="0",
        tracking=True,
        help="Urgent orders are served first: their deliveries are starred (and "
        "reserved first by the warehouse) and the stock distribution of "
        "backorders puts them first (rule BO-3).",
    )

    # -- subscriptions (OT-3) -------------------------------------------------
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

    def _get_subscription_period_date(self, index):
        """Start of period ``index`` (0 = the first): always counted from the
        start date, never from the previous period, so that month ends hold
        (Jan 31 -> Feb 28/29 -> Mar 31)."""
        self.ensure_one()
        steps = self.recurrence_interval * index
        delta = {
            "day": relativedelta(days=steps),
            "week": relativedelta(weeks=steps),
            "month": relativedelta(months=steps),
            "year": relativedelta(years=steps),
        }[self.recurrence_unit]
        return self.subscription_date_start + delta

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
                        "%(unit)s (rule OT-3).",
                        order=order.display_name,
                        unit=order.recurrence_unit,
                    )
                )
            if (
                order.subscription_date_start
                and order.subscription_date_end
                and order.subscription_date_end < order.subscription_date_start
            ):
                raise ValidationError(
                    self.env._(
                        "%(order)s: the subscription ends before it starts "
                        "(rule OT-3).",
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
                        "delivers directly (rule OT-3).",
                        order=order.display_name,
                        warehouse=order.warehouse_id.display_name,
                    )
                )

    def _subscription_due_domain(self, date):
        return [
            ("order_type", "=", "subscription"),
            ("state", "=", "sale"),
            ("subscription_state", "=", "running"),
            ("next_invoice_date", "<=", date),
            ("subscription_error", "=", False),
        ]

    @api.model
    def _cron_invoice_subscriptions(self, limit=None, commit=None):
        """OT-3 scheduled action: invoice every due period of the running
        subscriptions, oldest first, at most ``limit`` subscriptions per run
        (the cron runs again at once while some are left).

        Chunks of subscriptions are invoiced one period round at a time (one
        invoice per subscription), each round committed (outside tests): a
        long run keeps its progress and no transaction holds the invoice
        numbering of the journal for long, so that invoices posted meanwhile
        by users do not wait for the job. A round that fails is redone one
        subscription at a time in savepoints: a broken subscription is left
        out with its error kept on the order, the others go on.
        Subscriptions being invoiced by a concurrent run are skipped (row
        locks), so a period is never invoiced twice; a serialization failure
        is not a subscription error: a scheduled run redoes those
        subscriptions one per transaction (retried, and left for the next run
        if they still conflict), in the caller's transaction it is raised.
        ``commit=False`` keeps everything in the caller's transaction
        (benchmarks, scripts that roll back). Returns the ids of the invoices
        created."""
        if limit is None:
            limit = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("sales_marketing.subscription_batch_size", 100)
            )
        today = fields.Date.context_today(self)
        domain = self._subscription_due_domain(today)
        due = self.search(domain, order="next_invoice_date, id", limit=limit)
        auto_commit = not modules.module.current_test if commit is None else commit
        invoices = self.env["account.move"]
        done = 0
        for chunk in split_every(self._get_subscription_chunk_size(), due.ids):
            pending = list(chunk)
            while pending:
                try:
                    round_invoices, processed = self._invoice_subscription_chunk(
                        pending, today, rounds=1
                    )
                except Exception as error:
                    if not (auto_commit and _is_concurrency_error(error)):
                        raise
                    # another transaction updated a row this round writes:
                    # the rounds committed stay, the rest of the chunk is
                    # redone one subscription per transaction
                    self.env.cr.rollback()
                    round_invoices, chunk_done = self._invoice_subscriptions_retrying(
                        pending, today
                    )
                    invoices |= round_invoices
                    done += chunk_done
                    break
                invoices |= round_invoices
                if auto_commit:
                    # a scheduled action keeps each invoiced round, as Odoo's
                    # own batch crons do; never reached in tests
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                still_due = processed.filtered_domain(domain)
                done += len(processed - still_due)
                pending = still_due.ids
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return invoices.ids

    @api.model
    def _get_subscription_chunk_size(self):
        return 20

    @api.model
    def _invoice_subscription_chunk(self, ids, date, rounds=None):
        """Invoice the due periods (at most ``rounds`` per subscription) of
        the subscriptions ``ids`` not locked by another run: all at once, or
        one by one when something fails so that only the broken
        subscriptions are left out. Concurrency errors are raised. Returns
        (invoices, the subscriptions processed)."""
        batch = self._lock_subscriptions_skip_locked(ids)
        if not batch:
            return self.env["account.move"], batch
        try:
            with self.env.cr.savepoint():
                return batch._invoice_due_subscription_periods(date, rounds), batch
        except Exception as error:
            if _is_concurrency_error(error):
                raise
            self.env.invalidate_all()
            return self._invoice_subscriptions_one_by_one(batch, date, rounds), batch

    @api.model
    def _invoice_subscriptions_retrying(self, ids, date):
        """The scheduled action's answer to concurrent updates: each
        subscription in its own transaction, retried by Odoo's own
        ``retrying`` (as for a request); one still conflicting after Odoo's
        tries is left for the next run (it is still due)."""
        invoices = self.env["account.move"]
        done = 0
        for order_id in ids:
            try:
                order_invoices, processed = retrying(
                    partial(self._invoice_subscription_chunk, [order_id], date),
                    self.env,
                )
            except Exception as error:
                if not _is_concurrency_error(error):
                    raise
                _logger.info(
                    "Subscription %s is being updated by other transactions; "
                    "the next run of the job invoices it",
                    order_id,
                )
                continue
            invoices |= order_invoices
            done += len(processed)
        return invoices, done

    @api.model
    def _lock_subscriptions_skip_locked(self, ids):
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sale_order WHERE id IN %s "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        return self.browse([i for i in ids if i in locked])

    @api.model
    def _invoice_subscriptions_one_by_one(self, orders, date, rounds=None):
        invoices = self.env["account.move"]
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    invoices |= order._invoice_due_subscription_periods(date, rounds)
            except Exception as error:
                if _is_concurrency_error(error):
                    raise
                _logger.warning(
                    "Subscription %s could not be invoiced: %s", order.name, error
                )
                self.env.invalidate_all()
                order._record_subscription_error(error)
        return invoices

    def _record_subscription_error(self, error):
        self.ensure_one()
        message = str(error.args[0] if getattr(error, "args", None) else error)
        self.write({"subscription_error": message})
        self.message_post(
            body=self.env._(
                "The scheduled invoicing of this subscription failed: %(error)s",
                error=message,
            )
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
        self.env.cr.execute(
            SQL("SELECT id FROM sale_order WHERE id IN %s FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(
            ["subscription_period_index", "subscription_state", "next_invoice_date"]
        )

    def button_invoice_subscription_period(self):
        """The Invoice Period button: as the API call, then the form reloads
        with the new period in the history."""
        self.action_invoice_subscription_period()
        return True

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
                        "be invoiced before (rule OT-3).",
                        order=order.display_name,
                        date=period_start,
                    )
                )
            invoices |= order._invoice_subscription_period()
            order.subscription_error = False
        return invoices.ids

    def _check_subscription_invoiceable(self):
        self.ensure_one()
        if self.order_type != "subscription" or self.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed subscription (rule OT-3).",
                    order=self.display_name,
                )
            )
        if self.subscription_state != "running":
            raise UserError(
                self.env._(
                    "Subscription %(order)s is closed (rule OT-3).",
                    order=self.display_name,
                )
            )

    def action_close_subscription(self):
        """End the subscriptions: no more periods are invoiced or delivered;
        open deliveries of the current period stay as they are."""
        for order in self:
            if order.order_type != "subscription":
                raise UserError(
                    self.env._(
                        "%(order)s is not a subscription (rule OT-3).",
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

    # -- item requirements (OT-5) ---------------------------------------------
    item_requirement_task_count = fields.Integer(
        compute="_compute_item_requirement_task_count"
    )

    def _compute_item_requirement_task_count(self):
        data = dict(
            self.env["project.task.material"]
            .sudo()
            ._read_group(
                [("sale_order_id", "in", self.ids)],
                ["sale_order_id"],
                ["task_id:count_distinct"],
            )
        )
        for order in self:
            order.item_requirement_task_count = data.get(order, 0)

    def action_view_item_requirement_tasks(self):
        self.ensure_one()
        tasks = (
            self.env["project.task.material"]
            .search([("sale_order_id", "=", self.id)])
            .task_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "project.action_view_all_task"
        )
        action["domain"] = [("id", "in", tasks.ids)]
        action["context"] = {"create": False}
        if len(tasks) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=tasks.id)
        return action

    @api.model
    def _get_item_requirement_orders(self, projects):
        """OT-5: {project: its open item requirement order}, creating the
        missing ones. Open: not cancelled, not locked, not fully invoiced;
        when a project's order is done, the next material opens a new one.
        Called as superuser only (nobody picks this type by hand)."""
        self.env["project.task.material"]._lock_projects(projects)
        orders = self.search(
            [
                ("order_type", "=", "item_requirement"),
                ("project_id", "in", projects.ids),
                ("state", "in", ("draft", "sent", "sale")),
                ("locked", "=", False),
                ("sales_status", "!=", "invoiced"),
            ],
            order="id desc",
        )
        result = {}
        for order in orders:
            result.setdefault(order.project_id, order)
        missing = projects.filtered(lambda p: p not in result)
        if missing:
            new_orders = self.create(
                [self._prepare_item_requirement_order_vals(p) for p in missing]
            )
            result.update(zip(missing, new_orders, strict=True))
        return result

    @api.model
    def _prepare_item_requirement_order_vals(self, project):
        partner = project.partner_id
        return {
            "order_type": "item_requirement",
            "partner_id": partner.id,
            "company_id": (project.company_id or self.env.company).id,
            "project_id": project.id,
            "origin": project.display_name,
            "user_id": (partner.commercial_partner_id.user_id or project.user_id).id,
        }

    def _compute_return_order_count(self):
        data = dict(
            self._read_group(
                [("origin_order_id", "in", self.ids), ("order_type", "=", "returned")],
                ["origin_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.return_order_count = data.get(order, 0)

    _sql_constraints = [
        (
            "rma_number_company_uniq",
            "unique(company_id, rma_number)",
            "An RMA number is used once per company.",
        ),
    ]

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

    def _get_sales_status(self):
        """RS-3: the order status derived from its lines' statuses."""
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        statuses = set(self.order_line._filtered_status_lines().mapped("sales_status"))
        statuses.discard("cancelled")
        if not statuses or "open" in statuses:
            return "open"
        if "delivered" in statuses:
            return "delivered"
        return "invoiced"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("order_type") == "item_requirement":
                    raise ValidationError(self._get_item_requirement_by_hand_error())
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.order_type == "returned")._assign_rma_number()
        return orders

    def write(self, vals):
        if "order_type" in vals:
            self._check_order_type_change(vals["order_type"])
        res = super().write(vals)
        if "priority" in vals:
            self._propagate_priority_to_pickings()
        if vals.get("order_type") == "returned":
            self._assign_rma_number()
        if {"commitment_date", "date_order", "partner_id"} & vals.keys():
            quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
            quotations.order_line._relink_agreement_lines()
            # AG-3: what stays linked must be valid at the new date
            quotations.order_line.filtered(
                "agreement_line_id"
            )._check_agreement_lines_orderable()
        return res

    @api.onchange("commitment_date")
    def _onchange_commitment_date_agreements(self):
        # the form's counterpart of write(): relink before the user saves
        self.order_line._relink_agreement_lines()

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
                "longer change (rule OT-6).",
                order=self.display_name,
            )
        if new_type in ("journal", "returned") and self._has_logistic_documents():
            return self.env._(
                "%(order)s already has deliveries or invoices: it cannot become "
                "a %(type)s (rule OT-6).",
                order=self.display_name,
                type=self._get_order_type_label(new_type),
            )
        if self.order_type == "returned" and self._has_logistic_documents():
            return self.env._(
                "%(order)s already has return receipts or credit notes: it must "
                "stay a returned order (rule OT-6).",
                order=self.display_name,
            )
        return False

    def _get_item_requirement_by_hand_error(self, order=None):
        return self.env._(
            "%(order)s: item requirement orders are created from project "
            "consumption only; the type cannot be chosen by hand (rules OT-5, OT-6).",
            order=order.display_name if order else self.env._("New order"),
        )

    def _get_order_type_label(self, order_type):
        return dict(self._fields["order_type"]._description_selection(self.env))[
            order_type
        ]

    def _get_agreement_date(self):
        """The requested ship date agreements are checked against (AG-3): the
        delivery date asked by the customer, else the order date."""
        self.ensure_one()
        moment = self.commitment_date or self.date_order
        if not moment:
            return fields.Date.context_today(self)
        return fields.Date.context_today(self, timestamp=moment)

    def _has_logistic_documents(self):
        """Whether stock moves or invoices already exist for this order."""
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
                "be confirmed. Change its type to release it (rule OT-1).",
                order=self.display_name,
            )
        return error

    def action_confirm(self):
        # AG-2/AG-3: the agreements must still be orderable at confirmation
        self.order_line.filtered("agreement_line_id")._check_agreement_lines_orderable()
        return super().action_confirm()

    def _action_confirm(self):
        # AG-6, once the orders are confirmed: their lines count as released
        self.order_line._check_agreement_max_enforced()
        # OT-3: the warehouse may have changed since the quotation was saved
        self._check_subscription_warehouse()
        # OT-3: the first period starts at confirmation unless set
        today = fields.Date.context_today(self)
        self.filtered(
            lambda o: o.order_type == "subscription" and not o.subscription_date_start
        ).subscription_date_start = today
        res = super()._action_confirm()
        self._update_partner_lifecycle_on_confirm()
        return res

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

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._check_invoiceable_order_type()
        invoices = super()._create_invoices(grouped=grouped, final=final, date=date)
        if self.env["sale.order.line"]._get_slip_quantities() is None:
            # invoiced from the order: the packing slips it settles are invoiced
            invoices._link_settled_slip_moves()
        return invoices

    def _get_invoiceable_lines(self, final=False):
        quantities = self.env["sale.order.line"]._get_slip_quantities()
        if quantities is None:
            return super()._get_invoiceable_lines(final=final)
        # IN-2: exactly the lines of the packing slips being invoiced
        return self.order_line.filtered(lambda line: line.id in quantities)

    def _get_proforma_invoice_values(self):
        """IN-4: what the next invoice of this order would contain.

        A quotation would be invoiced in full once confirmed; a confirmed order
        invoices its invoiceable lines (``qty_to_invoice``). Nothing is created.

        :returns: {"lines": [(sale line, quantity, subtotal)], "tax_totals": dict}
        """
        self.ensure_one()
        if self.state in ("draft", "sent"):
            lines = self.order_line.filtered(lambda line: not line.display_type)
            quantities = {line: line.product_uom_qty for line in lines}
        else:
            lines = self._get_invoiceable_lines().filtered(
                lambda line: not line.display_type
            )
            quantities = {line: line.qty_to_invoice for line in lines}
        AccountTax = self.env["account.tax"]
        base_lines = [
            line._prepare_base_line_for_taxes_computation(quantity=quantities[line])
            for line in lines
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        tax_totals = AccountTax._get_tax_totals_summary(
            base_lines=base_lines,
            currency=self.currency_id or self.company_id.currency_id,
            company=self.company_id,
        )
        return {
            "lines": [
                (
                    base_line["record"],
                    base_line["quantity"],
                    base_line["tax_details"]["total_excluded_currency"],
                )
                for base_line in base_lines
            ],
            "tax_totals": tax_totals,
        }

    def action_proforma_send(self):
        """IN-4: e-mail the pro-forma invoice of the order's next invoice."""
        self.ensure_one()
        template = self.env.ref("sales_marketing.mail_template_sale_order_proforma")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
                "proforma": True,
            },
        }

    def _assign_rma_number(self):
        """OT-4: RMA numbers come from their own sequence (a PostgreSQL sequence:
        concurrent creations never share a number; numbers are never reused)."""
        for order in self.filtered(lambda o: not o.rma_number):
            order.rma_number = (
                self.env["ir.sequence"]
                .with_company(order.company_id)
                .next_by_code("sale.order.rma")
            )

    def _prepare_return_receipt(self, move_vals):
        """The incoming receipt of a returned order (OT-4): from the customer's
        location into the warehouse through its return operation type."""
        self.ensure_one()
        warehouse = self.warehouse_id
        picking_type = (
            warehouse.out_type_id.return_picking_type_id or warehouse.in_type_id
        )
        source = self.partner_shipping_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        destination = picking_type.default_location_dest_id or warehouse.lot_stock_id
        if not self.procurement_group_id:
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "move_type": self.picking_policy,
                    "sale_id": self.id,
                    "partner_id": self.partner_shipping_id.id,
                }
            )
        common = {
            "location_id": source.id,
            "location_dest_id": destination.id,
            "picking_type_id": picking_type.id,
            "group_id": self.procurement_group_id.id,
            "company_id": self.company_id.id,
            "origin": self._get_rma_reference(),
        }
        moves = [
            Command.create({**vals, **common, "warehouse_id": warehouse.id})
            for vals in move_vals
        ]
        return {**common, "partner_id": self.partner_shipping_id.id, "move_ids": moves}

    def _get_rma_reference(self):
        self.ensure_one()
        return f"{self.rma_number} ({self.name})" if self.rma_number else self.name

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.order_type == "returned":
            # OT-4: a returned order is credited
            values["move_type"] = "out_refund"
            values["ref"] = ", ".join(
                filter(None, [self.rma_number, values.get("ref")])
            )
            if self.origin_invoice_id:
                values["reversed_entry_id"] = self.origin_invoice_id.id
        return values

    def action_create_return(self):
        """OT-4: a returned order for goods delivered on this order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Return"),
            "res_model": "sale.order.return.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_view_return_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_order_action_returned"
        )
        action["domain"] = [
            ("origin_order_id", "=", self.id),
            ("order_type", "=", "returned"),
        ]
        return action

    # -- up-sell and cross-sell (XS) ------------------------------------------
    def get_sales_suggestions(self, line_ids=None):
        """XS-3, public API: the up-sell and cross-sell suggestions for the
        lines of these orders (all of them, or ``line_ids``).

        :returns: list of dicts with ``rule_id``, ``rule_name``,
            ``suggestion_type`` (``upsell``/``crosssell``), ``line_id``,
            ``trigger_product_id``, ``product_id``, ``product_name``, ``script``
        """
        lines = self.order_line
        if line_ids:
            lines = lines.filtered(lambda line: line.id in line_ids)
        suggestions = lines._get_sales_suggestions()
        self._log_suggestion_events(suggestions, "offered")
        return suggestions

    @api.model
    def get_line_suggestions(self, order_values, line_values):
        """XS-2, for the web client: the suggestions for a line being edited,
        not saved yet. ``order_values``: ``id`` (when the order is saved),
        ``partner_id``, ``pricelist_id``, ``company_id``, ``order_type``;
        ``line_values``: ``product_id``, ``product_uom_qty``, ``price_unit``,
        ``discount``. Nothing is written but the "offered" statistics."""
        allowed_order = {"partner_id", "pricelist_id", "company_id", "order_type"}
        allowed_line = {"product_id", "product_uom_qty", "price_unit", "discount"}
        origin = self.browse(order_values.get("id") or [])
        order = self.new(
            {k: v for k, v in order_values.items() if k in allowed_order},
            origin=origin.exists(),
        )
        line = self.env["sale.order.line"].new(
            {
                **{k: v for k, v in line_values.items() if k in allowed_line},
                "order_id": order.id,
            }
        )
        suggestions = line._get_sales_suggestions()
        self._log_suggestion_events(
            suggestions, "offered", order=origin.exists(), partner=order.partner_id
        )
        return suggestions

    def action_accept_sales_suggestion(self, line_id, rule_id, product_id):
        """XS-2, public API: accept a suggestion for a saved line: an up-sell
        replaces the line's product (quantity kept), a cross-sell adds a line.

        :returns: the id of the changed or added order line
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestion = next(
            (
                s
                for s in line._get_sales_suggestions()
                if s["rule_id"] == rule_id and s["product_id"] == product_id
            ),
            None,
        )
        if not suggestion:
            raise UserError(
                self.env._(
                    "%(order)s: this suggestion does not apply to the line (rule "
                    "XS-2).",
                    order=self.display_name,
                )
            )
        product = self.env["product.product"].browse(product_id)
        if suggestion["suggestion_type"] == "upsell":
            line.write(
                {"product_id": product.id, "product_uom_qty": line.product_uom_qty}
            )
            result = line
        else:
            result = self.env["sale.order.line"].create(
                line._prepare_crosssell_line(product)
            )
        self._log_suggestion_events([suggestion], "accepted")
        return result.id

    def action_decline_sales_suggestions(self, line_id, rule_ids=None):
        """XS-2, public API: decline the suggestions of a line in one call.

        :returns: True
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestions = [
            s
            for s in line._get_sales_suggestions()
            if not rule_ids or s["rule_id"] in rule_ids
        ]
        self._log_suggestion_events(suggestions, "declined")
        return True

    def _log_suggestion_events(self, suggestions, event_type, order=None, partner=None):
        if not suggestions:
            return
        orders = {o.id: o for o in (order if order is not None else self)}
        lines = self.env["sale.order.line"].browse(
            [s["line_id"] for s in suggestions if s.get("line_id")]
        )
        order_of_line = {line.id: line.order_id for line in lines}
        vals = []
        for suggestion in suggestions:
            line_order = order_of_line.get(suggestion.get("line_id")) or next(
                iter(orders.values()), self.browse()
            )
            vals.append(
                {
                    "rule_id": suggestion["rule_id"],
                    "event_type": event_type,
                    "product_id": suggestion["product_id"],
                    "trigger_product_id": suggestion["trigger_product_id"],
                    "order_id": line_order.id or False,
                    "partner_id": (
                        line_order.partner_id or partner or self.partner_id
                    ).id,
                    "company_id": (line_order.company_id or self.env.company).id,
                }
            )
        # sudo: statistics are written by whoever is offered suggestions
        self.env["sale.suggestion.event"].sudo().create(vals)

    def _check_invoiceable_order_type(self):
        journals = self.filtered(lambda o: o.order_type == "journal")
        if journals:
            raise UserError(
                self.env._(
                    "Journals cannot be invoiced: %(orders)s (rule OT-1).",
                    orders=", ".join(journals.mapped("display_name")),
                )
            )
        subscriptions = self.filtered(
            lambda o: o.order_type == "subscription" and o.state == "sale"
        )
        if subscriptions:
            raise UserError(
                self.env._(
                    "Subscriptions are invoiced period by period (Invoice "
                    "Period or the scheduled action): %(orders)s (rule OT-3).",
                    orders=", ".join(subscriptions.mapped("display_name")),
                )
            )

    def _propagate_priority_to_pickings(self):
        """BO-3: an order's priority is its open transfers' priority, so that
        Odoo's own reservation (urgent first) follows the order priority."""
        for priority, orders in self.grouped("priority").items():
            pickings = orders.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if pickings:
                pickings.priority = priority
