# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bad input sweep: random quantities, dates, prices, discounts and type changes
through the public methods; the invariants must hold after every step, and a
refused step must leave nothing written."""

from datetime import timedelta

from hypothesis import HealthCheck
from hypothesis import event
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from odoo import Command
from odoo import fields
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import float_compare

from .common import SalesMarketingCase


class StepNotApplicable(Exception):
    """The random step makes no sense in the order's current state."""


ORDER_TYPES = ["journal", "subscription", "sales", "returned", "item_requirement"]

quantities = st.floats(min_value=-5, max_value=30, allow_nan=False).map(
    lambda q: round(q, 2)
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("qty"), quantities),
        st.tuples(st.just("price"), st.floats(min_value=-50, max_value=500).map(round)),
        st.tuples(
            st.just("discount"), st.floats(min_value=-20, max_value=130).map(round)
        ),
        st.tuples(st.just("type"), st.sampled_from(ORDER_TYPES)),
        st.tuples(st.just("date"), st.integers(min_value=-400, max_value=400)),
        st.tuples(st.just("confirm"), st.none()),
        st.tuples(st.just("deliver"), quantities),
        st.tuples(st.just("return"), quantities),
        st.tuples(st.just("invoice"), st.booleans()),
        st.tuples(st.just("refund"), st.none()),
        st.tuples(st.just("cancel"), st.none()),
    ),
    min_size=1,
    max_size=8,
)


@tagged("post_install", "-at_install")
class TestInvariants(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["sale.order"])
        cls.agreement = cls.env["sale.agreement"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": cls.today - timedelta(days=100),
                "date_end": cls.today + timedelta(days=100),
                "max_is_enforced": True,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "qty_committed": 25,
                            "price_unit": 90,
                        }
                    )
                ],
            }
        )
        cls.agreement.action_set_effective()
        cls.precision = cls.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )

    # -- invariants -----------------------------------------------------------
    def _check_invariants(self, order):
        order.invalidate_recordset()
        for line in order.order_line:
            self.assertGreaterEqual(line.qty_deliver_remainder, 0.0)
            self.assertGreaterEqual(line.qty_invoice_remainder, 0.0)
            if line.state == "cancel":
                expected = "cancelled"
            elif float_compare(line.qty_deliver_remainder, 0, self.precision) > 0:
                expected = "open"
            elif float_compare(line.qty_invoice_remainder, 0, self.precision) > 0:
                expected = "delivered"
            else:
                expected = "invoiced"
            self.assertEqual(line.sales_status, expected)
        statuses = set(order.order_line.mapped("sales_status")) - {"cancelled"}
        if order.state == "cancel":
            self.assertEqual(order.sales_status, "cancelled")
        elif not statuses or "open" in statuses:
            self.assertEqual(order.sales_status, "open")
        elif "delivered" in statuses:
            self.assertEqual(order.sales_status, "delivered")
        else:
            self.assertEqual(order.sales_status, "invoiced")
        if order.order_type == "journal":
            self.assertIn(order.state, ("draft", "sent", "cancel"))
            self.assertFalse(order.picking_ids)
            self.assertFalse(order.invoice_ids)
        line = self.agreement.line_ids
        line.invalidate_recordset()
        self.assertLessEqual(line.qty_released, line.qty_committed)
        for agreement_line in order.order_line.agreement_line_id:
            self.assertEqual(agreement_line.agreement_id.state, "effective")

    def _snapshot(self, order):
        order.invalidate_recordset()
        return (
            order.read(["state", "order_type", "commitment_date", "rma_number"]),
            order.order_line.read(
                ["product_uom_qty", "price_unit", "discount", "qty_delivered"]
            ),
            len(order.picking_ids),
            len(order.invoice_ids),
        )

    # -- steps ----------------------------------------------------------------
    def _apply(self, order, action, value):
        line = order.order_line[:1]
        if action == "qty":
            line.product_uom_qty = value
        elif action == "price":
            line.price_unit = value
        elif action == "discount":
            line.discount = value
        elif action == "type":
            order.order_type = value
        elif action == "date":
            order.commitment_date = fields.Datetime.now() + timedelta(days=value)
        elif action == "confirm":
            order.action_confirm()
        elif action == "deliver":
            picking = order.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )[:1]
            if not picking:
                raise StepNotApplicable()
            for move in picking.move_ids:
                move.quantity = max(value, 0.0)
                move.picked = True
            picking._action_done()
        elif action == "return":
            done = order.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )[:1]
            if not done or value <= 0:
                raise StepNotApplicable()
            self._return(done, {self.product: min(value, done.move_ids.quantity)})
        elif action == "invoice":
            invoice = order._create_invoices()
            if value:
                invoice.action_post()
        elif action == "refund":
            posted = order.invoice_ids.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )[:1]
            if not posted:
                raise StepNotApplicable()
            posted._reverse_moves().action_post()
        elif action == "cancel":
            order._action_cancel()

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(
        order_type=st.sampled_from(["journal", "subscription", "sales", "returned"]),
        qty=quantities,
        prefix=st.sampled_from(
            [
                [],
                [("confirm", None)],
                [("confirm", None), ("deliver", 4.0)],
                [("confirm", None), ("deliver", 40.0), ("invoice", True)],
                [("type", "sales"), ("confirm", None), ("deliver", 2.5)],
            ]
        ),
        steps=steps,
    )
    def test_random_sequences_keep_invariants(self, order_type, qty, prefix, steps):
        steps = prefix + steps
        savepoint = self.env.cr.savepoint()
        try:
            try:
                with self.env.cr.savepoint():
                    order = self._create_order(
                        [(self.product, qty)], order_type=order_type
                    )
            except (UserError, ValidationError):
                return
            self._check_invariants(order)
            for action, value in steps:
                before = self._snapshot(order)
                try:
                    with self.env.cr.savepoint():
                        self._apply(order, action, value)
                    event(f"{action}: done")
                except (UserError, ValidationError, StepNotApplicable):
                    event(f"{action}: refused")
                    self.env.invalidate_all()
                    self.assertEqual(self._snapshot(order), before, (action, value))
                self._check_invariants(order)
        finally:
            savepoint.rollback()
            savepoint.close()
            self.env.invalidate_all()
