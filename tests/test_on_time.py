# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo.tests import tagged

from .backorder_common import BackorderCase


@tagged("post_install", "-at_install")
class TestOnTimeDelivery(BackorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_on_hand(cls.item, 100.0)

    def _report(self, orders):
        report = self.env["sale.on.time.report"]
        report.invalidate_model()
        return report.search([("order_id", "in", orders.ids)])

    def test_bo7_on_time_and_late_lines(self):
        on_time = self._confirmed_order(
            [(self.item, 2.0)], commitment_date=self._days_ago(-3)
        )
        late = self._confirmed_order(
            [(self.item, 2.0)], commitment_date=self._days_ago(4)
        )
        self.assertFalse(self._report(on_time | late))  # nothing delivered yet
        self._deliver(on_time)
        self._deliver(late)
        self.assertEqual(on_time.order_line.date_delivered, self.today)
        self.assertEqual(late.order_line.delivery_days_late, 4)
        rows = {row.order_id: row for row in self._report(on_time | late)}
        self.assertEqual(rows[on_time].on_time_rate, 100.0)
        self.assertEqual(rows[on_time].days_late, 0.0)
        self.assertEqual(rows[late].on_time_rate, 0.0)
        self.assertEqual(rows[late].days_late, 4.0)
        [group] = self.env["sale.on.time.report"]._read_group(
            [("order_id", "in", (on_time | late).ids)],
            ["partner_id"],
            ["on_time_rate:avg", "days_late:avg", "late_count:sum", "__count"],
        )
        self.assertEqual(group[1:], (50.0, 2.0, 1, 2))

    def test_bo7_partly_delivered_counts_once_complete(self):
        order = self._confirmed_order(
            [(self.item, 5.0)], commitment_date=self._days_ago(-1)
        )
        self._deliver(order, {self.item: 2.0})
        self.assertFalse(order.order_line.date_delivered)
        self.assertFalse(self._report(order))
        # the rest is cancelled: the line is complete, delivered on time
        order.order_line.action_cancel_remainder(reason="Resten behövs inte")
        self.assertEqual(order.order_line.date_delivered, self.today)
        self.assertEqual(self._report(order).on_time_rate, 100.0)
        # a rescheduled confirmed date counts: moved before the delivery, late
        order.order_line.confirmed_date = self.today - timedelta(days=2)
        self.assertEqual(self._report(order).days_late, 2.0)

    def test_bo7_salesman_sees_own_orders(self):
        mine = self._confirmed_order([(self.item, 1.0)], user_id=self.salesman.id)
        other = self._confirmed_order([(self.item, 1.0)], user_id=self.env.uid)
        self._deliver(mine)
        self._deliver(other)
        self.env["sale.on.time.report"].invalidate_model()
        seen = (
            self.env["sale.on.time.report"]
            .with_user(self.salesman)
            .search([("order_id", "in", (mine | other).ids)])
        )
        self.assertEqual(seen.order_id, mine)
