# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .backorder_common import BackorderCase


@tagged("post_install", "-at_install")
class TestBackorderDates(BackorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            login="sm_bo5_other",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )
        cls.customer.email = "kund@example.com"

    def _purchase(self, qty, days):
        purchase = self._create_purchase([(self.item, qty)])
        purchase.order_line.date_planned = self._days_ago(-days)
        return purchase

    def _delivery(self, order):
        return order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))

    # -- BO-4 ------------------------------------------------------------------
    def test_bo4_requested_and_confirmed_dates(self):
        order = self._create_order([(self.item, 2.0)])
        order.order_line.customer_lead = 5
        line = order.order_line
        self.assertEqual(line.requested_date, line.confirmed_date)
        order.commitment_date = self._days_ago(-9)
        self.assertEqual(line.requested_date, self.today + timedelta(days=9))
        self.assertEqual(line.confirmed_date, self.today + timedelta(days=9))
        order.action_confirm()
        self.assertEqual(line.confirmed_date, self.today + timedelta(days=9))
        # a new delivery date on the confirmed order is a new promise
        order.commitment_date = self._days_ago(-12)
        self.assertEqual(line.confirmed_date, self.today + timedelta(days=12))
        # another order line keeps its own promise when the lead time changes
        line.confirmed_date = self.today + timedelta(days=20)
        line.customer_lead = 1
        self.assertEqual(line.confirmed_date, self.today + timedelta(days=20))
        copy = order.copy()
        self.assertEqual(copy.order_line.confirmed_date, copy.order_line.requested_date)

    def test_bo4_agreement_release_date_is_the_requested_date(self):
        order = self._create_order([(self.item, 1.0)])
        order.order_line.release_date_requested = self.today + timedelta(days=30)
        self.assertEqual(
            order.order_line.requested_date, self.today + timedelta(days=30)
        )
        order.action_confirm()
        self.assertEqual(
            order.order_line.confirmed_date, self.today + timedelta(days=30)
        )

    def test_bo4_days_late_and_cut_off_date(self):
        due = self._create_order([(self.item, 1.0)], commitment_date=self._days_ago(4))
        later = self._create_order(
            [(self.item_b, 1.0)], commitment_date=self._days_ago(-10)
        )
        (due | later).action_confirm()
        rows = self._backorders(due | later)
        self.assertEqual(
            {row.order_id: row.days_late for row in rows}, {due: 4, later: 0}
        )
        cut_off = self.today + timedelta(days=1)
        domain = [
            ("order_id", "in", (due | later).ids),
            ("confirmed_date", "<=", cut_off),
        ]
        self.assertEqual(self.env["sale.backorder.line"].search(domain).order_id, due)
        item = self._item_row(self.item)
        self.assertEqual(item.confirmed_date, self.today - timedelta(days=4))

    # -- BO-5 ------------------------------------------------------------------
    def test_bo5_reschedule_moves_the_delivery_and_logs_it(self):
        order = self._confirmed_order([(self.item, 3.0)])
        old = order.order_line.confirmed_date
        new = self.today + timedelta(days=14)
        rows = self._backorders(order)
        rows.action_reschedule(confirmed_date=new)
        self.assertEqual(order.order_line.confirmed_date, new)
        delivery = self._delivery(order)
        self.assertEqual(delivery.move_ids.date.date(), new)
        self.assertEqual(delivery.scheduled_date.date(), new)
        self.assertEqual(self._backorders(order).confirmed_date, new)
        body = order.message_ids[0].body
        self.assertIn("Confirmed dates rescheduled", body)
        self.assertIn(self.item.display_name, body)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
            )
        )
        self.assertNotEqual(old, new)

    def test_bo5_refused_locked_other_salesmans_and_no_date(self):
        order = self._confirmed_order(
            [(self.item, 3.0)], user_id=self.other_salesman.id
        )
        rows = self._backorders(order)
        new = self.today + timedelta(days=3)
        with self.assertRaises(AccessError):
            rows.sale_line_id.with_user(self.salesman)._reschedule_confirmed_dates(
                {rows.sale_line_id.with_user(self.salesman): new}
            )
        order.action_lock()
        with self.assertRaisesRegex(UserError, "is locked"):
            rows.action_reschedule(confirmed_date=new)
        order.action_unlock()
        with self.assertRaisesRegex(UserError, "a new confirmed date is needed"):
            order.order_line._reschedule_confirmed_dates({order.order_line: False})
        self.assertNotEqual(order.order_line.confirmed_date, new)

    def test_bo5_from_purchase_lines_in_serving_order(self):
        urgent = self._confirmed_order([(self.item, 5.0)], priority="1")
        normal = self._confirmed_order([(self.item, 5.0)])
        self._purchase(5.0, 20)
        self._purchase(5.0, 10)
        rows = self._backorders(urgent | normal)
        rows.action_reschedule(from_purchase=True)
        self.assertEqual(
            urgent.order_line.confirmed_date, self.today + timedelta(days=10)
        )
        self.assertEqual(
            normal.order_line.confirmed_date, self.today + timedelta(days=20)
        )

    def test_bo5_bo6_wizard_from_the_vendor_workbench_sends_one_notice(self):
        first = self._confirmed_order([(self.item, 2.0)])
        second = self._confirmed_order([(self.item, 3.0)])
        purchase = self._purchase(10.0, 25)
        rows = self._purchase_backorders(purchase)
        wizard = Form(
            self.env["sale.backorder.reschedule"].with_context(
                active_model="purchase.backorder.line", active_ids=rows.ids
            )
        )
        self.assertEqual(wizard.mode, "purchase")
        self.assertEqual(wizard.delayed_count, 2)
        self.assertTrue(wizard.send_delay_notice)
        with wizard.line_ids.edit(0) as row:
            self.assertEqual(row.new_date, self.today + timedelta(days=25))
            self.assertEqual(row.supply_reference, purchase.name)
        wizard.save().action_apply()
        for order in first | second:
            self.assertEqual(
                order.order_line.confirmed_date, self.today + timedelta(days=25)
            )
            self.assertIn("Delay notice sent", order.message_ids[0].body)
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing")
        self.assertEqual(mails.recipient_ids, self.customer)
        for order in first | second:
            self.assertIn(order.name, mails.body_html)

    def test_bo5_wizard_from_the_item_workbench_takes_every_line_of_the_item(self):
        first = self._confirmed_order([(self.item, 2.0)])
        second = self._confirmed_order([(self.item, 1.0)])
        other = self._confirmed_order([(self.item_b, 1.0)])
        new = self.today + timedelta(days=8)
        wizard = Form(
            self.env["sale.backorder.reschedule"].with_context(
                active_model="sale.backorder.item",
                active_ids=self._item_row(self.item).ids,
            )
        )
        self.assertEqual(wizard.mode, "date")
        wizard.new_date = new
        self.assertEqual(len(wizard.line_ids), 2)
        wizard.save().action_apply()
        self.assertEqual(
            (first | second).order_line.mapped("confirmed_date"), [new, new]
        )
        self.assertNotEqual(other.order_line.confirmed_date, new)

    def test_bo6_notice_in_the_customers_language_and_only_for_later_dates(self):
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"].search(
            [("name", "=", "sales_marketing")]
        )._update_translations(["sv_SE"])
        self.customer.lang = "sv_SE"
        order = self._confirmed_order(
            [(self.item, 2.0)], commitment_date=self._days_ago(-5)
        )
        rows = self._backorders(order)
        rows.action_reschedule(
            confirmed_date=self.today + timedelta(days=2), send_delay_notice=True
        )  # earlier: no notice
        domain = [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        self.assertFalse(self.env["mail.mail"].search(domain))
        self._backorders(order).action_reschedule(
            confirmed_date=self.today + timedelta(days=9), send_delay_notice=True
        )
        mail = self.env["mail.mail"].search(domain)
        self.assertEqual(len(mail), 1)
        self.assertIn("nya leveransdatum", mail.subject)
        self.assertIn(order.name, mail.body_html)
