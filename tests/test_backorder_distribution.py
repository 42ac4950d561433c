# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import tagged

from .backorder_common import BackorderCase


@tagged("post_install", "-at_install")
class TestBackorderDistribution(BackorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 10 bolts for 17 ordered. Reserved at confirmation, first come first
        # served: A holds 8, B (urgent) 2, C nothing.
        cls._set_on_hand(cls.item, 10.0)
        cls.order_a = cls._confirmed_order(
            [(cls.item, 8.0)], commitment_date=cls._days_ago(5)
        )
        cls.order_b = cls._confirmed_order(
            [(cls.item, 6.0)],
            partner_id=cls.customer_b.id,
            commitment_date=cls._days_ago(1),
            priority="1",
        )
        cls.order_c = cls._confirmed_order(
            [(cls.item, 3.0)], commitment_date=cls._days_ago(10)
        )
        cls.orders = cls.order_a | cls.order_b | cls.order_c

    def _reserved(self, order):
        moves = order.order_line.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        return sum(moves.mapped("quantity"))

    def assertReserved(self, expected):
        self.assertEqual({order: self._reserved(order) for order in expected}, expected)

    def _wizard(self, **context):
        context.setdefault("default_product_id", self.item.id)
        context.setdefault("default_warehouse_id", self.warehouse.id)
        return Form(self.env["sale.backorder.distribution"].with_context(**context))

    def _lines(self, wizard):
        return wizard.line_ids.sorted(lambda line: (line.sequence, line.id))

    # -- the allocation algorithm (pure) --------------------------------------
    def test_bo3_allocate_scarce_stock_to_the_highest_priority(self):
        allocate = self.env["sale.backorder.distribution"]._allocate_stock
        requests = [{"demand": 4.0}, {"demand": 3.0}, {"demand": 2.0}]
        self.assertEqual(allocate(5.0, requests), [4.0, 1.0, 0.0])
        self.assertEqual(allocate(0.0, requests), [0.0, 0.0, 0.0])
        # enough for everyone: each gets its demand, never more
        self.assertEqual(allocate(100.0, requests), [4.0, 3.0, 2.0])

    def test_bo3_allocate_keeps_the_quantities_set_by_hand(self):
        allocate = self.env["sale.backorder.distribution"]._allocate_stock
        requests = [
            {"demand": 6.0, "fixed": None},
            {"demand": 5.0, "fixed": 5.0},
            {"demand": 4.0, "fixed": None},
        ]
        self.assertEqual(allocate(10.0, requests), [5.0, 5.0, 0.0])
        requests[0]["fixed"] = 0.0
        self.assertEqual(allocate(10.0, requests), [0.0, 5.0, 4.0])

    def test_bo3_allocate_never_takes_picked_goods_away(self):
        allocate = self.env["sale.backorder.distribution"]._allocate_stock
        requests = [{"demand": 4.0}, {"demand": 3.0, "minimum": 2.0}]
        self.assertEqual(allocate(4.0, requests), [2.0, 2.0])

    def test_bo3_allocate_rounds_to_the_unit(self):
        allocate = self.env["sale.backorder.distribution"]._allocate_stock
        self.assertEqual(
            allocate(1.0, [{"demand": 0.3333}, {"demand": 1.0}], rounding=0.01),
            [0.33, 0.67],
        )

    # -- the wizard -----------------------------------------------------------
    def test_bo3_proposal_by_priority_then_requested_date(self):
        wizard = self._wizard().save()
        lines = self._lines(wizard)
        # B is urgent; C and A are normal: C was requested first
        self.assertEqual(lines.order_id, self.order_b | self.order_c | self.order_a)
        self.assertRecordValues(
            lines,
            [
                {"priority": "1", "qty_demand": 6.0, "qty_reserved": 2.0},
                {"priority": "0", "qty_demand": 3.0, "qty_reserved": 0.0},
                {"priority": "0", "qty_demand": 8.0, "qty_reserved": 8.0},
            ],
        )
        self.assertEqual(lines.mapped("qty_allocated"), [6.0, 3.0, 1.0])
        self.assertEqual(lines.mapped("days_late"), [1, 10, 5])
        self.assertRecordValues(
            wizard,
            [
                {
                    "qty_free": 0.0,
                    "qty_held": 10.0,
                    "qty_available": 10.0,
                    "qty_allocated": 10.0,
                    "qty_unallocated": 0.0,
                }
            ],
        )

    def test_bo3_apply_reserves_the_deliveries_in_priority_order(self):
        wizard = self._wizard().save()
        wizard.action_apply()
        self.assertReserved({self.order_b: 6.0, self.order_c: 3.0, self.order_a: 1.0})
        self.assertEqual(self.order_b.picking_ids.state, "assigned")
        self.assertEqual(self.order_c.picking_ids.state, "assigned")
        self.assertEqual(self.order_a.picking_ids.move_ids.state, "partially_available")
        self.assertEqual(wizard.state, "done")
        self.assertEqual(
            [(line.qty_reserved, line.qty_result) for line in self._lines(wizard)],
            [(2.0, 6.0), (0.0, 3.0), (8.0, 1.0)],
        )
        # the quants agree: everything reserved, nothing more
        quants = self.env["stock.quant"]._gather(self.item, self.stock_location)
        self.assertEqual(sum(quants.mapped("reserved_quantity")), 10.0)

    def test_bo3_free_stock_is_distributed_too(self):
        self._set_on_hand(self.item, 4.0)  # free: nobody holds it
        wizard = self._wizard().save()
        self.assertEqual(wizard.qty_free, 4.0)
        self.assertEqual(self._lines(wizard).mapped("qty_allocated"), [6.0, 3.0, 5.0])
        wizard.action_apply()
        self.assertReserved({self.order_b: 6.0, self.order_c: 3.0, self.order_a: 5.0})

    def test_bo3_user_reorders_and_sets_quantities(self):
        form = self._wizard()
        with form.line_ids.edit(2) as line:  # A first
            line.sequence = 1
        with form.line_ids.edit(1) as line:  # C gets 1 only, by hand
            line.qty_allocated = 1.0
        wizard = form.save()
        wizard.action_propose()
        lines = self._lines(wizard)
        self.assertEqual(lines.order_id, self.order_a | self.order_b | self.order_c)
        self.assertEqual(lines.mapped("qty_allocated"), [8.0, 1.0, 1.0])
        self.assertEqual(lines.mapped("is_manual"), [False, False, True])
        wizard.action_apply()
        self.assertReserved({self.order_a: 8.0, self.order_b: 1.0, self.order_c: 1.0})

    def test_bo3_reset_goes_back_to_the_priority_order(self):
        form = self._wizard()
        with form.line_ids.edit(2) as line:
            line.sequence = 1
            line.qty_allocated = 0.0
        wizard = form.save()
        wizard.action_reset()
        lines = self._lines(wizard)
        self.assertEqual(lines.order_id, self.order_b | self.order_c | self.order_a)
        self.assertEqual(lines.mapped("qty_allocated"), [6.0, 3.0, 1.0])

    def test_bo3_summary_of_who_got_what(self):
        wizard = self._wizard().save()
        wizard.action_apply()
        for order, before, after in (
            (self.order_b, 2, 6),
            (self.order_c, 0, 3),
            (self.order_a, 8, 1),
        ):
            note = order.message_ids[0]
            self.assertIn("Bolt", note.body)
            self.assertIn(f"from {before}.0 to {after}.0", note.body)
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        summary = self.item.product_tmpl_id.message_ids[0].body
        for order in self.orders:
            self.assertIn(order.name, summary)
        self.assertIn("Kund B AB", summary)
        # applying again is refused: the wizard shows the result
        with self.assertRaisesRegex(UserError, "distributed already"):
            wizard.action_apply()

    def test_bo3_over_allocation_is_refused_and_nothing_changes(self):
        form = self._wizard()
        with form.line_ids.edit(2) as line:  # A keeps its 8
            line.qty_allocated = 8.0
        wizard = form.save()
        self.assertEqual(wizard.qty_unallocated, -7.0)
        with self.assertRaisesRegex(UserError, "17.0 Units of Bolt are allocated"):
            wizard.action_apply()
        self.assertReserved({self.order_a: 8.0, self.order_b: 2.0, self.order_c: 0.0})
        self.assertEqual(wizard.state, "draft")

    def test_bo3_bad_quantities_are_refused_and_nothing_changes(self):
        wizard = self._wizard().save()
        line = self._lines(wizard)[0]
        for qty, message in ((-1.0, "cannot be negative"), (7.0, "at most 6.0")):
            with self.assertRaises(ValidationError) as error:
                line.qty_allocated = qty
            self.assertIn(message, str(error.exception))
            self.assertEqual(line.qty_allocated, 6.0)
        self.assertReserved({self.order_a: 8.0, self.order_b: 2.0, self.order_c: 0.0})

    def test_bo3_stock_gone_since_the_proposal_is_refused(self):
        self._set_on_hand(self.item, 4.0)
        wizard = self._wizard().save()
        # meanwhile another order takes the free stock
        other = self._confirmed_order([(self.item, 4.0)], partner_id=self.vendor.id)
        self.assertEqual(self._reserved(other), 4.0)
        with self.assertRaisesRegex(UserError, "only 10.0 Units are available"):
            wizard.action_apply()
        self.assertReserved({self.order_a: 8.0, self.order_b: 2.0, self.order_c: 0.0})

    def test_bo3_launched_from_the_product(self):
        form = Form(
            self.env["sale.backorder.distribution"].with_context(
                default_product_tmpl_id=self.item.product_tmpl_id.id
            )
        )
        self.assertEqual(form.product_id, self.item)
        self.assertEqual(len(form.line_ids), 3)
        self.assertEqual(form.save().warehouse_id, self.warehouse)

    def test_bo3_product_without_backorders_or_stock_tracking(self):
        wizard = self._wizard(default_product_id=self.item_b.id).save()
        self.assertFalse(wizard.line_ids)
        with self.assertRaisesRegex(UserError, "No backorder of Nut"):
            wizard.action_apply()
        consumable = self._create_item("Tape", is_storable=False)
        wizard = self._wizard(default_product_id=consumable.id).save()
        with self.assertRaisesRegex(UserError, "not tracked in stock"):
            wizard.action_apply()

    def test_bo3_partial_release_keeps_the_rest_reserved(self):
        form = self._wizard()
        with form.line_ids.edit(1) as line:  # C: nothing
            line.qty_allocated = 0.0
        wizard = form.save()
        wizard.action_propose()
        self.assertEqual(self._lines(wizard).mapped("qty_allocated"), [6.0, 0.0, 4.0])
        wizard.action_apply()
        self.assertReserved({self.order_b: 6.0, self.order_c: 0.0, self.order_a: 4.0})
        move_lines = self.order_a.order_line.move_ids.move_line_ids
        self.assertEqual(sum(move_lines.mapped("quantity")), 4.0)

    def test_bo3_order_priority_is_the_delivery_priority(self):
        self.assertEqual(self.order_b.picking_ids.priority, "1")
        self.assertEqual(self.order_a.picking_ids.priority, "0")
        self.order_a.priority = "1"
        self.assertEqual(self.order_a.picking_ids.priority, "1")

    def test_bo3_multi_step_delivery_reserves_the_picking(self):
        self.warehouse.delivery_steps = "pick_ship"
        item = self._create_item("Washer", on_hand=5.0)
        first = self._confirmed_order([(item, 5.0)])
        urgent = self._confirmed_order([(item, 3.0)], priority="1")
        wizard = self._wizard(default_product_id=item.id).save()
        lines = self._lines(wizard)
        self.assertEqual(lines.order_id, urgent | first)
        self.assertEqual(lines.mapped("qty_reserved"), [0.0, 5.0])
        wizard.action_apply()
        picks = (first | urgent).picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.pick_type_id
        )
        self.assertEqual(
            {pick.sale_id: pick.move_ids.quantity for pick in picks},
            {urgent: 3.0, first: 2.0},
        )
