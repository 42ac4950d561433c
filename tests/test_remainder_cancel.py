# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
import time
from datetime import timedelta

import psycopg2

from odoo import Command
from odoo import api
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .backorder_common import BackorderCase


@tagged("post_install", "-at_install")
class TestRemainderCancel(BackorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sm_rs5_manager",
            groups="sales_team.group_sale_manager,stock.group_stock_user",
        )
        cls.other_salesman = new_test_user(
            cls.env,
            login="sm_rs5_other",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )

    def _pending_moves(self, line):
        return line.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))

    def _half_delivered(self, product=None, **vals):
        product = product or self.product
        order = self._confirmed_order([(product, 10.0)], **vals)
        self._deliver(order, {product: 6.0})
        return order, order.order_line

    def test_rs5_cancel_part_then_all_of_the_remainder(self):
        order, line = self._half_delivered()
        self.assertEqual(self._pending_moves(line).product_uom_qty, 4.0)

        line.action_cancel_remainder(qty=3.0, reason="Kunden behöver inte fler")
        self.assertRecordValues(
            line,
            [
                {
                    "qty_cancelled": 3.0,
                    "cancel_reason": "Kunden behöver inte fler",
                    "qty_deliver_remainder": 1.0,
                    "qty_invoice_remainder": 7.0,
                    "sales_status": "open",
                }
            ],
        )
        self.assertEqual(self._pending_moves(line).product_uom_qty, 1.0)
        self.assertEqual(self._backorders(order).qty_backorder, 1.0)
        self.assertIn("Kunden behöver inte fler", order.message_ids[0].body)

        line.action_cancel_remainder()  # the rest: 1
        self.assertEqual(line.qty_cancelled, 4.0)
        self.assertFalse(self._pending_moves(line))
        self.assertEqual(line.sales_status, "delivered")
        self.assertEqual(order.sales_status, "delivered")
        self.assertFalse(self._backorders(order))
        self._invoice(order)
        self.assertEqual(order.sales_status, "invoiced")
        self.assertEqual(order.order_line.qty_invoiced, 6.0)

    def test_rs5_cancel_every_open_line_of_an_order(self):
        order = self._confirmed_order([(self.product, 5.0), (self.product_b, 2.0)])
        order.action_cancel_remainders(reason="Ordern återkallad")
        self.assertEqual(order.order_line.mapped("qty_cancelled"), [5.0, 2.0])
        self.assertEqual(set(order.order_line.mapped("sales_status")), {"cancelled"})
        self.assertEqual(order.sales_status, "cancelled")
        self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual(order.invoice_status, "no")
        with self.assertRaisesRegex(UserError, "no remainder to cancel"):
            order.action_cancel_remainders()

    def test_rs5_ordered_policy_does_not_invoice_the_cancelled_quantity(self):
        order, line = self._half_delivered(self.product_b)  # invoiced on ordered
        self.assertEqual(line.qty_to_invoice, 10.0)
        line.action_cancel_remainder(reason="Slut hos leverantören")
        self.assertEqual(line.qty_to_invoice, 6.0)
        self.assertEqual(line.untaxed_amount_to_invoice, 300.0)
        invoice = self._invoice(order)
        self.assertEqual(invoice.invoice_line_ids.quantity, 6.0)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(order.sales_status, "invoiced")

    def test_rs5_refused_beyond_the_remainder_and_not_positive(self):
        _order, line = self._half_delivered()
        with self.assertRaisesRegex(UserError, "more than the deliver remainder"):
            line.action_cancel_remainder(qty=5.0, reason="x")
        with self.assertRaisesRegex(UserError, "must be positive"):
            line.action_cancel_remainder(qty=0.0, reason="x")
        with self.assertRaisesRegex(UserError, "must be positive"):
            line.action_cancel_remainder(qty=-1.0, reason="x")
        self.assertEqual(line.qty_cancelled, 0.0)
        self.assertEqual(self._pending_moves(line).product_uom_qty, 4.0)

    def test_rs5_refused_on_journals_quotations_subscriptions_locked_orders(self):
        journal = self._create_order([(self.product, 2.0)], order_type="journal")
        with self.assertRaisesRegex(UserError, "is a journal"):
            journal.order_line.action_cancel_remainder()
        quotation = self._create_order([(self.product, 2.0)])
        with self.assertRaisesRegex(UserError, "not a confirmed order"):
            quotation.order_line.action_cancel_remainder()
        order, line = self._half_delivered()
        order.action_lock()
        with self.assertRaisesRegex(UserError, "is locked"):
            line.action_cancel_remainder(qty=1.0)
        self.assertEqual(line.qty_cancelled, 0.0)
        self.assertEqual(self._pending_moves(line).product_uom_qty, 4.0)

    def test_rs5_reopen_procures_the_cancelled_quantity_again(self):
        order, line = self._half_delivered()
        line.action_cancel_remainder(reason="Fel")
        self.assertFalse(self._pending_moves(line))
        line.action_reopen_remainder()
        self.assertRecordValues(
            line,
            [
                {
                    "qty_cancelled": 0.0,
                    "cancel_reason": False,
                    "qty_deliver_remainder": 4.0,
                    "sales_status": "open",
                }
            ],
        )
        self.assertEqual(self._pending_moves(line).product_uom_qty, 4.0)
        with self.assertRaisesRegex(UserError, "no remainder is cancelled"):
            line.action_reopen_remainder()
        line.action_cancel_remainder(qty=2.0, reason="Fel")
        order.action_lock()
        with self.assertRaisesRegex(UserError, "unlock it to re-open"):
            line.action_reopen_remainder()
        self.assertEqual(line.qty_cancelled, 2.0)

    def test_rs5_more_ordered_later_procures_only_the_difference(self):
        _order, line = self._half_delivered()
        line.action_cancel_remainder(reason="Fel")
        line.product_uom_qty = 11.0
        self.assertEqual(self._pending_moves(line).product_uom_qty, 1.0)
        self.assertEqual(line.qty_deliver_remainder, 1.0)

    def test_rs6_lower_ordered_quantity_takes_the_cancelled_part_first(self):
        """As Odoo's own test_reduce_qty_ordered_no_backorder: 3 ordered, 2
        delivered without backorder, then the order lowered to 2."""
        order = self._confirmed_order([(self.product_b, 3.0)])
        self._deliver(order, {self.product_b: 2.0}, backorder=False)
        line = order.order_line
        self.assertEqual(line.qty_cancelled, 1.0)
        line.product_uom_qty = 2.0
        self.assertEqual(len(order.picking_ids), 1)
        self.assertRecordValues(
            line,
            [
                {
                    "qty_cancelled": 0.0,
                    "cancel_reason": False,
                    "qty_to_invoice": 2.0,
                    "qty_invoice_remainder": 2.0,
                    "sales_status": "delivered",
                }
            ],
        )

    def test_rs5_access_salesman_own_orders_manager_all(self):
        mine = self._confirmed_order([(self.product, 3.0)], user_id=self.salesman.id)
        theirs = self._confirmed_order(
            [(self.product, 3.0)], user_id=self.other_salesman.id
        )
        mine.order_line.with_user(self.salesman).action_cancel_remainder(
            qty=1.0, reason="Egen order"
        )
        self.assertEqual(mine.order_line.qty_cancelled, 1.0)
        with self.assertRaises(AccessError):
            theirs.order_line.with_user(self.salesman).action_cancel_remainder(
                qty=1.0, reason="Annans order"
            )
        self.assertEqual(theirs.order_line.qty_cancelled, 0.0)
        theirs.order_line.with_user(self.manager).action_cancel_remainder(
            qty=1.0, reason="Chefen"
        )
        self.assertEqual(theirs.order_line.qty_cancelled, 1.0)
        # the cancellation fields are not written by hand
        self.assertTrue(mine.order_line._fields["qty_cancelled"].readonly)

    def test_rs5_wizard_from_the_order_and_the_workbench(self):
        order, line = self._half_delivered()
        action = order.action_open_cancel_remainder_wizard()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = "Kunden avbeställde"
        with wizard.line_ids.edit(0) as row:
            self.assertEqual(row.qty_deliver_remainder, 4.0)
            row.qty_to_cancel = 2.0
        wizard.save().action_confirm()
        self.assertEqual(line.qty_cancelled, 2.0)
        self.assertEqual(line.cancel_reason, "Kunden avbeställde")

        rows = self._backorders(order)
        wizard = Form(
            self.env["sale.remainder.cancel"].with_context(
                active_model="sale.backorder.line", active_ids=rows.ids
            )
        )
        wizard.reason = "Resten"
        wizard.save().action_confirm()
        self.assertEqual(line.qty_cancelled, 4.0)
        self.assertFalse(self._backorders(order))

    def test_rs5_agreement_fulfilment_counts_what_is_not_cancelled(self):
        agreement = self.env["sale.agreement"].create(
            {
                "partner_id": self.customer.id,
                "date_start": self.today - timedelta(days=1),
                "date_end": self.today + timedelta(days=300),
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "qty_committed": 100.0,
                            "price_unit": 90.0,
                        }
                    )
                ],
            }
        )
        agreement.action_set_effective()
        order = self._confirmed_order([(self.product, 10.0)])
        agreement_line = agreement.line_ids
        self.assertEqual(order.order_line.agreement_line_id, agreement_line)
        self.assertEqual(agreement_line.qty_released, 10.0)
        self._deliver(order, {self.product: 6.0})
        order.order_line.action_cancel_remainder(reason="Avrop minskat")
        self.assertEqual(agreement_line.qty_released, 6.0)
        self.assertEqual(agreement_line.qty_remaining, 94.0)

    def test_rs6_no_backorder_cancels_the_remainder(self):
        order = self._confirmed_order([(self.product, 10.0)])
        picking = self._deliver(order, {self.product: 6.0}, backorder=False)
        line = order.order_line
        self.assertRecordValues(
            line,
            [
                {
                    "qty_cancelled": 4.0,
                    "cancel_reason": "no backorder",
                    "cancel_picking_id": picking.id,
                    "qty_deliver_remainder": 0.0,
                    "sales_status": "delivered",
                }
            ],
        )
        self.assertEqual(order.sales_status, "delivered")
        self.assertFalse(self._backorders(order))
        self.assertIn(picking.name, order.message_ids[0].body)
        self._invoice(order)
        self.assertEqual(order.sales_status, "invoiced")

    def test_rs6_no_backorder_keeps_what_another_delivery_still_covers(self):
        order = self._confirmed_order([(self.product, 10.0)])
        self._deliver(order, {self.product: 3.0})  # backorder of 7
        backorder = order.picking_ids.filtered(lambda p: p.state != "done")
        self.assertEqual(backorder.move_ids.product_uom_qty, 7.0)
        self._deliver(order, {self.product: 2.0}, backorder=False)
        self.assertEqual(order.order_line.qty_cancelled, 5.0)
        self.assertEqual(order.order_line.sales_status, "delivered")

    def test_rs5_rs6_multi_step_delivery(self):
        self.warehouse.delivery_steps = "pick_ship"
        order = self._confirmed_order([(self.product, 10.0)])
        line = order.order_line

        def pending():
            moves = order.picking_ids.move_ids
            return moves.filtered(lambda m: m.state not in ("done", "cancel"))

        pick = pending().picking_id
        self.assertEqual(pick.picking_type_id, self.warehouse.pick_type_id)
        line.action_cancel_remainder(qty=2.0, reason="Minskat")
        self.assertEqual(pending().product_uom_qty, 8.0)
        # the pick short by 3 without backorder: 3 more cancelled, 5 shipped
        pending().write({"quantity": 5.0, "picked": True})
        pick.with_context(cancel_backorder=True)._action_done()
        self.assertEqual(line.qty_cancelled, 5.0)
        self.assertEqual(line.cancel_picking_id, pick)
        ship = pending()
        self.assertEqual(ship.picking_id.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(ship.product_uom_qty, 5.0)
        ship.write({"quantity": 5.0, "picked": True})
        ship.picking_id._action_done()
        self.assertEqual(line.qty_delivered, 5.0)
        self.assertEqual(line.sales_status, "delivered")

    def test_rs5_cancel_remainders_costs_a_fixed_number_of_queries(self):
        """The same queries for 110 lines as for 200 (Odoo writes rows in
        batches of 100: 10 lines take one UPDATE less); the first order only
        warms the caches."""
        counts = []
        for size in (10, 110, 200):
            order = self._confirmed_order([(self.item_b, 1.0)] * size)
            order.order_line.flush_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            order.action_cancel_remainders(reason="Massavbokning")
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(order.sales_status, "cancelled")
            self.assertEqual(order.picking_ids.state, "cancel")
        self.assertEqual(counts[1], counts[2], f"queries for 10, 110, 200: {counts}")
        self.assertLessEqual(counts[2], 45)


@tagged("post_install", "-at_install")
class TestRemainderCancelConcurrency(BackorderCase):
    """RS-5 with two users at once: both cancel the whole remainder of the
    same line (two real transactions); the second waits, is retried on fresh
    data and refused, so the line is never cancelled twice."""

    def test_rs5_two_users_cancel_the_same_remainder_once(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            partner = env["res.partner"].create({"name": "Samtidig Rest AB"})
            service = env["product.product"].create(
                {"name": "Samtidig tjänst", "type": "service", "list_price": 10}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": service.id, "product_uom_qty": 4})
                    ],
                }
            )
            order.action_confirm()
            ids = {"partner": partner.id, "product": service.id, "order": order.id}
            line_id = order.order_line.id
        self.addCleanup(self._cleanup, ids)

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.env.uid, {})
        env2 = api.Environment(cr2, self.env.uid, {})
        # both take their snapshot while the remainder is 4
        env1["sale.order.line"].browse(line_id).read(["qty_deliver_remainder"])
        env2["sale.order.line"].browse(line_id).read(["qty_deliver_remainder"])
        env1["sale.order.line"].browse(line_id).action_cancel_remainder(reason="En")
        env1.flush_all()

        outcome = {}

        def cancel_second():
            line = env2["sale.order.line"].browse(line_id)
            try:
                line.action_cancel_remainder(qty=4.0, reason="Två")
                env2.flush_all()
                outcome["first_try"] = "cancelled"
            except psycopg2.errors.SerializationFailure:
                # what Odoo's request retry does: start again on fresh data
                cr2.rollback()
                env2.invalidate_all()
                try:
                    line.action_cancel_remainder(qty=4.0, reason="Två")
                    outcome["retry"] = "cancelled"
                except UserError as error:
                    cr2.rollback()
                    outcome["retry"] = str(error)

        thread = threading.Thread(target=cancel_second)
        thread.start()
        time.sleep(0.5)
        self.assertTrue(thread.is_alive(), "the second cancel waits for the lock")
        cr1.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("first_try", outcome)
        self.assertIn("more than the deliver remainder", outcome["retry"])
        cr2.rollback()
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            line = env["sale.order.line"].browse(line_id)
            self.assertEqual(line.qty_cancelled, 4.0)
            self.assertEqual(line.cancel_reason, "En")

    def _cleanup(self, ids):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            order = env["sale.order"].browse(ids["order"])
            order._action_cancel()
            order.unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
