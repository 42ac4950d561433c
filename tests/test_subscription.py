# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
import time
from datetime import date
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


class SubscriptionCase(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["sale.order"])

    def _subscription(self, lines=None, start=None, unit="month", interval=1, **vals):
        order = self._create_order(
            lines if lines is not None else [(self.service, 1.0)],
            order_type="subscription",
            recurrence_unit=unit,
            recurrence_interval=interval,
            subscription_date_start=start or self.today,
            **vals,
        )
        order.action_confirm()
        return order

    def _invoices(self, order):
        return self.env["account.move"].search(
            [("invoice_line_ids.sale_line_ids.order_id", "=", order.id)]
        )


@tagged("post_install", "-at_install")
class TestSubscription(SubscriptionCase):
    def test_ot3_periods_are_month_end_safe(self):
        order = self._subscription(start=date(2027, 1, 31))
        dates = [order._get_subscription_period_date(i) for i in range(5)]
        self.assertEqual(
            dates,
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30),
                date(2027, 5, 31),
            ],
        )
        leap = self._subscription(start=date(2028, 1, 31))
        self.assertEqual(leap._get_subscription_period_date(1), date(2028, 2, 29))
        self.assertEqual(leap.next_invoice_date, date(2028, 2, 29))

    def test_ot3_units_and_intervals(self):
        start = date(2027, 3, 15)
        cases = {
            ("day", 10): date(2027, 3, 25),
            ("week", 2): date(2027, 3, 29),
            ("month", 3): date(2027, 6, 15),
            ("year", 1): date(2028, 3, 15),
        }
        for (unit, interval), expected in cases.items():
            order = self._subscription(start=start, unit=unit, interval=interval)
            self.assertEqual(order.next_invoice_date, expected, unit)

    def test_ot3_bad_recurrence_refused(self):
        with self.assertRaisesRegex(ValidationError, "at least one"):
            self._subscription(interval=0)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._subscription(subscription_date_end=self.today - timedelta(days=1))
        self.assertFalse(
            self.env["sale.order"].search_count(
                [
                    ("order_type", "=", "subscription"),
                    ("partner_id", "=", self.customer.id),
                ]
            )
        )

    def test_ot3_start_defaults_to_confirmation(self):
        order = self._create_order([(self.service, 1.0)], order_type="subscription")
        self.assertFalse(order.next_invoice_date)
        order.action_confirm()
        self.assertEqual(order.subscription_date_start, self.today)
        self.assertEqual(order.next_invoice_date, self.today + relativedelta(months=1))

    def _own_warehouse(self):
        """A warehouse of the test's own: the demo data's subscriptions run in
        the main one."""
        return self.env["stock.warehouse"].create({"name": "Abonnemang", "code": "ABO"})

    def test_ot3_multi_step_warehouse_refused(self):
        warehouse = self._own_warehouse()
        warehouse.delivery_steps = "pick_ship"
        with self.assertRaisesRegex(ValidationError, "delivers in several steps"):
            self._create_order(order_type="subscription", warehouse_id=warehouse.id)
        order = self._create_order(warehouse_id=warehouse.id)
        with self.assertRaisesRegex(ValidationError, "delivers in several steps"):
            order.order_type = "subscription"
        self.assertEqual(order.order_type, "sales")

    def test_ot3_warehouse_of_running_subscription_keeps_one_step(self):
        """The multi-step guard holds on the warehouse side too: a warehouse
        that running subscriptions deliver from cannot switch to pick/ship."""
        warehouse = self._own_warehouse()
        order = self._subscription([(self.product, 2.0)], warehouse_id=warehouse.id)
        with self.assertRaisesRegex(
            ValidationError, f"running subscriptions {order.name}.*one step"
        ):
            warehouse.write({"delivery_steps": "pick_ship"})
        self.assertEqual(warehouse.delivery_steps, "ship_only")
        self.assertFalse(warehouse.pick_type_id.active)
        # as a stock manager without sales rights: refused the same way
        stock_manager = new_test_user(
            self.env, login="sm_stock_manager_ot3", groups="stock.group_stock_manager"
        )
        with self.assertRaisesRegex(ValidationError, order.name):
            warehouse.with_user(stock_manager).delivery_steps = "pick_pack_ship"
        # a running subscription of services only delivers nothing: it does
        # not hold the warehouse; a closed one no longer does
        self._subscription(warehouse_id=warehouse.id)
        order.action_close_subscription()
        warehouse.delivery_steps = "pick_ship"
        self.assertEqual(warehouse.delivery_steps, "pick_ship")

    def test_ot3_draft_subscription_confirmed_after_warehouse_change_refused(self):
        warehouse = self._own_warehouse()
        order = self._create_order(order_type="subscription", warehouse_id=warehouse.id)
        warehouse.delivery_steps = "pick_ship"
        with self.assertRaisesRegex(ValidationError, "delivers in several steps"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    def test_ot3_invoice_period_goods_and_services(self):
        order = self._subscription(
            [(self.product, 10.0), (self.service, 2.0)],
            start=self.today - relativedelta(months=1),
        )
        goods, service = order.order_line
        self._deliver(order, {self.product: 6.0}, backorder=True)
        self.assertEqual(order.sales_status, "open")
        invoice_ids = order.action_invoice_subscription_period()
        invoice = self.env["account.move"].browse(invoice_ids)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("quantity")), [2.0, 6.0]
        )
        period = order.subscription_period_ids
        self.assertEqual(period.invoice_id, invoice)
        self.assertEqual(period.period_start, self.today - relativedelta(months=1))
        self.assertEqual(period.period_end, self.today - timedelta(days=1))
        by_line = {row.sale_line_id: row for row in period.line_ids}
        self.assertEqual(
            (by_line[goods].qty_delivered, by_line[goods].qty_invoiced), (6.0, 6.0)
        )
        self.assertEqual(
            (by_line[service].qty_delivered, by_line[service].qty_invoiced), (0.0, 2.0)
        )
        # the next period: everything outstanding again
        self.assertEqual(order.subscription_period_index, 1)
        self.assertEqual(order.next_invoice_date, self.today + relativedelta(months=1))
        self.assertEqual(order.sales_status, "open")
        self.assertEqual(goods.qty_deliver_remainder, 10.0)
        self.assertEqual(goods.qty_invoice_remainder, 10.0)
        self.assertEqual(service.qty_invoice_remainder, 2.0)
        # a new delivery for the goods: the 4 left over plus the 6 renewed
        open_moves = order.picking_ids.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        self.assertEqual(sum(open_moves.mapped("product_uom_qty")), 10.0)
        # the standard Create Invoice is refused for subscriptions
        with self.assertRaisesRegex(UserError, "period by period"):
            order._create_invoices()

    def test_ot3_period_fully_delivered_and_invoiced_status(self):
        order = self._subscription(
            [(self.product, 5.0)], start=self.today - relativedelta(months=1)
        )
        self._deliver(order)
        self.assertEqual(order.sales_status, "delivered")
        order.action_invoice_subscription_period()
        self.assertEqual(order.sales_status, "open")
        self.assertEqual(order.order_line.qty_deliver_remainder, 5.0)
        self._deliver(order)
        self.assertEqual(order.order_line.qty_deliver_remainder, 0.0)
        self.assertEqual(order.sales_status, "delivered")

    def test_ot3_catch_up_three_missed_periods_exactly_three_invoices(self):
        order = self._subscription(start=self.today - relativedelta(months=3))
        invoice_ids = self.env["sale.order"]._cron_invoice_subscriptions()
        self.assertEqual(len(invoice_ids), 3)
        self.assertEqual(len(self._invoices(order)), 3)
        self.assertEqual(
            order.subscription_period_ids.sorted("period_start").mapped("period_start"),
            [self.today - relativedelta(months=m) for m in (3, 2, 1)],
        )
        self.assertEqual(order.next_invoice_date, self.today + relativedelta(months=1))
        # re-running the job: nothing new
        self.assertEqual(self.env["sale.order"]._cron_invoice_subscriptions(), [])
        self.assertEqual(len(self._invoices(order)), 3)
        # the current period cannot be invoiced by the job before its end
        order.invalidate_recordset()
        self.assertEqual(order.subscription_period_index, 3)

    def test_ot3_manual_invoice_before_the_period_starts_refused(self):
        order = self._subscription(start=self.today + timedelta(days=5))
        with self.assertRaisesRegex(UserError, "cannot be invoiced before"):
            order.action_invoice_subscription_period()
        self.assertFalse(order.subscription_period_ids)

    def test_ot3_failing_subscription_does_not_stop_the_others(self):
        good = self._subscription(start=self.today - relativedelta(months=1))
        broken = self._subscription(start=self.today - relativedelta(months=2))
        # its customer's receivable account was retired: the invoice cannot post
        retired = self.env["account.account"].create(
            {
                "name": "Retired receivable",
                "code": "151099",
                "account_type": "asset_receivable",
                "reconcile": True,
                "deprecated": True,
            }
        )
        broken.partner_id = self.env["res.partner"].create(
            {"name": "Trasig Kund AB", "property_account_receivable_id": retired.id}
        )
        self.env["sale.order"]._cron_invoice_subscriptions()
        self.assertEqual(len(self._invoices(good)), 1)
        self.assertFalse(self._invoices(broken))
        self.assertTrue(broken.subscription_error)
        self.assertFalse(broken.subscription_period_ids)
        self.assertEqual(broken.subscription_period_index, 0)
        # skipped by the next runs until fixed and invoiced by hand
        self.assertEqual(self.env["sale.order"]._cron_invoice_subscriptions(), [])

    def test_ot3_batch_limit_and_resume(self):
        orders = self.env["sale.order"]
        for _i in range(3):
            orders |= self._subscription(start=self.today - relativedelta(months=1))
        first = self.env["sale.order"]._cron_invoice_subscriptions(limit=2)
        self.assertEqual(len(first), 2)
        second = self.env["sale.order"]._cron_invoice_subscriptions(limit=2)
        self.assertEqual(len(second), 1)
        self.assertEqual(orders.mapped("subscription_period_index"), [1, 1, 1])

    def test_ot3_job_invoices_one_period_round_at_a_time(self):
        orders = self._subscription(start=self.today - relativedelta(months=3))
        orders |= self._subscription(start=self.today - relativedelta(months=2))
        invoices, processed = self.env["sale.order"]._invoice_subscription_chunk(
            orders.ids, self.today, rounds=1
        )
        self.assertEqual(len(invoices), 2)
        self.assertEqual(processed, orders)
        self.assertEqual(orders.mapped("subscription_period_index"), [1, 1])
        # the job goes on with the rounds left: 2 + 1 periods
        self.assertEqual(len(self.env["sale.order"]._cron_invoice_subscriptions()), 3)
        self.assertEqual(orders.mapped("subscription_period_index"), [3, 2])

    def test_ot3_job_invoices_follow_the_salesperson_without_mail(self):
        self._subscription(
            start=self.today - relativedelta(months=2), user_id=self.salesman.id
        )
        # as the scheduled action runs: mail enabled, another user than the
        # salesperson
        invoice_ids = (
            self.env["sale.order"]
            .with_context(tracking_disable=False)
            ._cron_invoice_subscriptions()
        )
        invoices = self.env["account.move"].browse(invoice_ids)
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.invoice_user_id, self.salesman)
        for invoice in invoices:
            self.assertIn(self.salesman.partner_id, invoice.message_partner_ids)
        # no "You have been assigned" notification per recurring invoice
        self.assertFalse(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "account.move"),
                    ("res_id", "in", invoice_ids),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )

    def test_ot3_end_date_closes_after_the_last_period(self):
        order = self._subscription(
            start=self.today - relativedelta(months=3),
            subscription_date_end=self.today - relativedelta(months=2),
        )
        self.env["sale.order"]._cron_invoice_subscriptions()
        self.assertEqual(len(self._invoices(order)), 2)
        self.assertEqual(order.subscription_state, "closed")
        self.assertFalse(order.next_invoice_date)

    def test_ot3_salesperson_invoices_a_period_of_their_own_order(self):
        order = self._subscription(
            start=self.today - relativedelta(months=1), user_id=self.salesman.id
        )
        invoice_ids = order.with_user(
            self.salesman
        ).action_invoice_subscription_period()
        self.assertEqual(len(invoice_ids), 1)
        period = order.subscription_period_ids.with_user(self.salesman)
        self.assertEqual(period.invoice_id.id, invoice_ids[0])
        with self.assertRaises(AccessError):
            period.write({"period_end": self.today})

    def test_ot3_close_subscription(self):
        order = self._subscription(start=self.today - relativedelta(months=2))
        order.action_close_subscription()
        self.assertFalse(order.next_invoice_date)
        self.assertEqual(self.env["sale.order"]._cron_invoice_subscriptions(), [])
        with self.assertRaisesRegex(UserError, "is closed"):
            order.action_invoice_subscription_period()
        with self.assertRaisesRegex(UserError, "not a subscription"):
            self._create_order().action_close_subscription()

    def test_ot3_job_queries_per_subscription_are_bounded(self):
        def batch(count):
            orders = self.env["sale.order"]
            for _i in range(count):
                orders |= self._subscription(
                    [(self.service, 1.0), (self.product_b, 2.0)],
                    start=self.today - relativedelta(months=1),
                )
            self.env.flush_all()
            self.env.invalidate_all()
            return orders

        batch(1)
        self.env["sale.order"]._cron_invoice_subscriptions()  # warm caches
        # the job works in batch: about 20 queries per subscription on top of
        # a fixed cost (creates and posting are batched, no chatter message)
        batch(2)
        with self.assertQueryCount(130):
            self.env["sale.order"]._cron_invoice_subscriptions()
        batch(6)
        with self.assertQueryCount(230):
            self.env["sale.order"]._cron_invoice_subscriptions()


@tagged("post_install", "-at_install")
class TestSubscriptionConcurrency(SubscriptionCase):
    def _committed_subscription(self, name, months):
        """A confirmed subscription with ``months`` missed monthly periods,
        committed (the job's own transactions must see it); removed after
        the test. Returns (order id, customer id)."""
        start = self.today - relativedelta(months=months)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {"tracking_disable": True})
            partner = env["res.partner"].create({"name": f"{name} Prenumerant AB"})
            service = env["product.product"].create(
                {"name": f"{name} tjänst", "type": "service", "list_price": 10}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_type": "subscription",
                    "subscription_date_start": start,
                    "order_line": [
                        Command.create({"product_id": service.id, "product_uom_qty": 1})
                    ],
                }
            )
            order.action_confirm()
            ids = order.id, partner.id, service.id
        self.addCleanup(self._cleanup, *ids)
        return ids[:2]

    def _assert_committed_periods(self, order_id, partner_id, count):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            invoices = env["account.move"].search([("partner_id", "=", partner_id)])
            self.assertEqual(len(invoices), count)
            self.assertEqual(set(invoices.mapped("state")), {"posted"})
            order = env["sale.order"].browse(order_id)
            self.assertEqual(order.subscription_period_index, count)
            self.assertEqual(len(order.subscription_period_ids), count)

    def test_ot3_two_jobs_at_once_never_invoice_twice(self):
        registry = self.env.registry
        order_id, partner_id = self._committed_subscription("Parallell", 1)

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.env.uid, {})
        env2 = api.Environment(cr2, self.env.uid, {})
        env2["sale.order"].browse(order_id).read(["next_invoice_date"])
        first = env1["sale.order"]._cron_invoice_subscriptions()
        env1.flush_all()
        outcome = {}

        def second_job():
            outcome["job"] = env2["sale.order"]._cron_invoice_subscriptions()
            try:
                outcome["button"] = (
                    env2["sale.order"]
                    .browse(order_id)
                    .action_invoice_subscription_period()
                )
            except Exception as error:
                outcome["button_error"] = type(error).__name__

        thread = threading.Thread(target=second_job)
        thread.start()
        time.sleep(0.5)
        cr1.commit()
        thread.join(timeout=30)
        cr2.rollback()
        self.assertEqual(len(first), 1)
        self.assertEqual(outcome.get("job"), [], "the locked subscription is skipped")
        self.assertEqual(outcome.get("button_error"), "SerializationFailure")
        self._assert_committed_periods(order_id, partner_id, 1)

    def test_ot3_scheduled_job_commits_round_by_round(self):
        order_id, partner_id = self._committed_subscription("Rundvis", 3)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            env["sale.order"]._cron_invoice_subscriptions(commit=True)
        self._assert_committed_periods(order_id, partner_id, 3)

    def test_ot3_round_hit_by_a_concurrent_update_waits_for_the_next_run(self):
        order_id, partner_id = self._committed_subscription("Krock", 2)
        registry = self.env.registry
        with registry.cursor() as cr:
            cr.execute("SELECT 1")  # the job's snapshot starts here
            # the order is updated and committed after that snapshot: the
            # job's row lock fails to serialize
            with registry.cursor() as other:
                other.execute(
                    "UPDATE sale_order SET write_date = now() WHERE id = %s",
                    [order_id],
                )
            env = api.Environment(cr, self.env.uid, {})
            # the round is rolled back and left to the next run, reported as
            # remaining so that Odoo's cron runs again at once
            invoice_ids = env["sale.order"]._cron_invoice_subscriptions(commit=True)
            self.assertEqual(invoice_ids, [])
            today = fields.Date.context_today(env["sale.order"])
            due = env["sale.order"].search(
                env["sale.order"]._subscription_due_domain(today)
            )
            self.assertIn(order_id, due.ids)
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            invoice_ids = env["sale.order"]._cron_invoice_subscriptions(commit=True)
            self.assertEqual(len(invoice_ids), 2)
        self._assert_committed_periods(order_id, partner_id, 2)

    def _cleanup(self, order_id, partner_id, service_id):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            moves = env["account.move"].search([("partner_id", "=", partner_id)])
            moves.button_draft()
            moves.unlink()
            order = env["sale.order"].browse(order_id)
            order._action_cancel()
            order.unlink()
            env["product.product"].browse(service_id).unlink()
            env["res.partner"].browse(partner_id).unlink()
