# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import SalesMarketingCase

REMAINDER_FIELDS = ("qty_deliver_remainder", "qty_invoice_remainder", "sales_status")


@tagged("post_install", "-at_install")
class TestRemainderStatus(SalesMarketingCase):
    def assertLine(self, line, deliver, invoice, status):
        self.assertRecordValues(
            line,
            [
                {
                    "qty_deliver_remainder": deliver,
                    "qty_invoice_remainder": invoice,
                    "sales_status": status,
                }
            ],
        )

    def test_rs1_quotation_remainders(self):
        order = self._create_order([(self.product, 10.0)])
        self.assertLine(order.order_line, 10.0, 10.0, "open")
        self.assertEqual(order.sales_status, "open")

    def test_rs1_rs3_partial_delivery_partial_invoice_stays_open(self):
        order = self._create_order([(self.product, 10.0)])
        order.action_confirm()
        self._deliver(order, {self.product: 4.0})
        self.assertLine(order.order_line, 6.0, 10.0, "open")
        self._invoice(order)
        self.assertLine(order.order_line, 6.0, 6.0, "open")
        self.assertEqual(order.sales_status, "open")
        self.assertEqual(order.amount_deliver_remainder, 600.0)
        self.assertEqual(order.amount_invoice_remainder, 600.0)

    def test_rs3_full_delivery_and_invoice_is_invoiced(self):
        order = self._create_order([(self.product, 10.0), (self.product_b, 2.0)])
        order.action_confirm()
        self._deliver(order)
        self.assertEqual(order.sales_status, "delivered")
        self.assertEqual(set(order.order_line.mapped("sales_status")), {"delivered"})
        self._invoice(order)
        self.assertEqual(order.sales_status, "invoiced")
        for line in order.order_line:
            self.assertLine(line, 0.0, 0.0, "invoiced")

    def test_rs3_partial_invoice_leaves_order_open_for_more(self):
        order = self._create_order([(self.product, 10.0)])
        order.action_confirm()
        self._deliver(order, {self.product: 5.0})
        self._invoice(order)
        self._deliver(order)  # the backorder: the 5 others
        self.assertEqual(order.sales_status, "delivered")
        self._invoice(order)
        self.assertEqual(order.sales_status, "invoiced")
        self.assertEqual(len(order.invoice_ids), 2)

    def test_rs3_posting_updates_remainders(self):
        order = self._create_order([(self.product, 3.0)])
        order.action_confirm()
        self._deliver(order)
        invoice = self._invoice(order, post=False)
        self.assertLine(order.order_line, 0.0, 3.0, "delivered")
        invoice.action_post()
        self.assertLine(order.order_line, 0.0, 0.0, "invoiced")
        invoice.button_draft()
        self.assertLine(order.order_line, 0.0, 3.0, "delivered")

    def test_rs1_return_brings_order_back_to_open(self):
        order = self._create_order([(self.product, 10.0)])
        order.action_confirm()
        picking = self._deliver(order)
        self._invoice(order)
        self.assertEqual(order.sales_status, "invoiced")
        self._return(picking, {self.product: 3.0})
        self.assertLine(order.order_line, 3.0, 0.0, "open")
        self.assertEqual(order.sales_status, "open")

    def test_rs1_credit_note_raises_invoice_remainder(self):
        order = self._create_order([(self.product, 10.0)])
        order.action_confirm()
        self._deliver(order)
        invoice = self._invoice(order)
        self._refund(invoice)
        self.assertLine(order.order_line, 0.0, 10.0, "delivered")
        self.assertEqual(order.sales_status, "delivered")

    def test_rs1_over_delivery_never_negative(self):
        order = self._create_order([(self.product, 5.0)])
        order.action_confirm()
        self._deliver(order, {self.product: 8.0})
        self.assertLine(order.order_line, 0.0, 5.0, "delivered")
        self._invoice(order)  # invoices the 8 delivered
        self.assertLine(order.order_line, 0.0, 0.0, "invoiced")

    def test_rs1_units_of_measure(self):
        # ordered in dozens, delivered and invoiced in units on the moves
        order = self._create_order([(self.product, 2.0, self.uom_dozen)])
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.product_uom, self.uom_unit)
        self.assertEqual(move.product_uom_qty, 24.0)
        self._deliver(order, {self.product: 18.0})
        self.assertLine(order.order_line, 0.5, 2.0, "open")
        self._invoice(order)
        self.assertLine(order.order_line, 0.5, 0.5, "open")

    def test_rs1_service_delivered_by_invoice(self):
        order = self._create_order([(self.service, 2.0)])
        order.action_confirm()
        self.assertLine(order.order_line, 2.0, 2.0, "open")
        self._invoice(order)
        self.assertLine(order.order_line, 0.0, 0.0, "invoiced")
        self.assertEqual(order.sales_status, "invoiced")

    def test_rs2_cancelled(self):
        order = self._create_order([(self.product, 1.0)])
        order.action_confirm()
        order._action_cancel()
        self.assertLine(order.order_line, 0.0, 0.0, "cancelled")
        self.assertEqual(order.sales_status, "cancelled")

    def test_rs3_sections_and_down_payments_ignored(self):
        order = self._create_order([(self.product, 1.0)])
        order.order_line = [
            (0, 0, {"display_type": "line_section", "name": "Hardware"}),
            (0, 0, {"display_type": "line_note", "name": "Handle with care"}),
        ]
        for line in order.order_line.filtered("display_type"):
            self.assertFalse(line.sales_status)
        order.action_confirm()
        self._deliver(order)
        self._invoice(order)
        self.assertEqual(order.sales_status, "invoiced")

    def test_rs4_stored_searchable_groupable(self):
        for name in REMAINDER_FIELDS:
            self.assertTrue(self.env["sale.order.line"]._fields[name].store)
        self.assertTrue(self.env["sale.order"]._fields["sales_status"].store)
        done = self._create_order([(self.product, 1.0)])
        done.action_confirm()
        self._deliver(done)
        open_order = self._create_order([(self.product, 1.0)])
        orders = done | open_order
        self.assertEqual(
            self.env["sale.order"].search(
                [("id", "in", orders.ids), ("sales_status", "=", "delivered")]
            ),
            done,
        )
        groups = dict(
            self.env["sale.order"]._read_group(
                [("id", "in", orders.ids)], ["sales_status"], ["__count"]
            )
        )
        self.assertEqual(groups, {"delivered": 1, "open": 1})
        lines = self.env["sale.order.line"].search(
            [("order_id", "in", orders.ids), ("qty_deliver_remainder", ">", 0)]
        )
        self.assertEqual(lines, open_order.order_line)

    def test_rs4_recomputed_only_for_touched_lines(self):
        order = self._create_order([(self.product, 5.0), (self.product_b, 5.0)])
        order.action_confirm()
        self.env.flush_all()
        line_a, line_b = order.order_line
        line_a.product_uom_qty = 6.0
        field = self.env["sale.order.line"]._fields["qty_deliver_remainder"]
        to_compute = self.env.transaction.tocompute.get(field, set())
        self.assertIn(line_a.id, to_compute)
        self.assertNotIn(line_b.id, to_compute)
        self.assertEqual(line_a.qty_deliver_remainder, 6.0)

    def _status_logic_queries(self, line_count):
        products = self.env["product.product"].create(
            [
                {"name": f"P{i}", "type": "consu", "invoice_policy": "order"}
                for i in range(line_count)
            ]
        )
        order = self._create_order([(p, 1.0) for p in products])
        order.action_confirm()
        self._invoice(order)
        self.env.flush_all()
        self.env.invalidate_all()
        lines = order.order_line
        for name in REMAINDER_FIELDS:
            self.env.add_to_compute(lines._fields[name], lines)
        for name in (
            "sales_status",
            "amount_deliver_remainder",
            "amount_invoice_remainder",
        ):
            self.env.add_to_compute(order._fields[name], order)
        start = self.env.cr.sql_log_count
        self.env.flush_all()
        count = self.env.cr.sql_log_count - start
        self.assertEqual(order.sales_status, "open")
        return count

    def test_rs4_status_logic_query_count_independent_of_lines(self):
        """Recomputing the status logic of 50 lines costs what 5 lines cost."""
        few = self._status_logic_queries(5)
        many = self._status_logic_queries(50)
        self.assertEqual(few, many)
        self.assertLessEqual(many, 12)
