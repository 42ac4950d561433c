# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .backorder_common import BackorderCase


@tagged("post_install", "-at_install")
class TestBackorders(BackorderCase):
    # -- BO-1: what counts as a backorder -------------------------------------
    def test_bo1_confirmed_open_line_is_a_backorder(self):
        order = self._confirmed_order([(self.item, 10.0)], priority="1")
        self.assertRecordValues(
            self._backorders(order),
            [
                {
                    "sale_line_id": order.order_line.id,
                    "order_id": order.id,
                    "order_type": "sales",
                    "priority": "1",
                    "partner_id": self.customer.id,
                    "user_id": order.user_id.id,
                    "company_id": self.company.id,
                    "warehouse_id": self.warehouse.id,
                    "product_id": self.item.id,
                    "product_tmpl_id": self.item.product_tmpl_id.id,
                    "categ_id": self.item.categ_id.id,
                    "product_uom_qty": 10.0,
                    "qty_delivered": 0.0,
                    "qty_backorder": 10.0,
                    "product_qty_backorder": 10.0,
                    "amount_backorder": 100.0,
                }
            ],
        )

    def test_bo1_customer_is_the_commercial_entity(self):
        contact = self.env["res.partner"].create(
            {"name": "Anna Andersson", "parent_id": self.customer.id}
        )
        order = self._confirmed_order([(self.item, 1.0)], partner_id=contact.id)
        self.assertEqual(self._backorders(order).partner_id, self.customer)

    def test_bo1_quotations_and_journals_are_never_backorders(self):
        quotation = self._create_order([(self.item, 5.0)])
        journal = self._create_order([(self.item, 5.0)], order_type="journal")
        self.assertFalse(self._backorders(quotation | journal))
        # a released journal becomes a backorder once confirmed
        journal.order_type = "sales"
        journal.action_confirm()
        self.assertEqual(self._backorders(journal).qty_backorder, 5.0)

    def test_bo1_returned_orders_are_never_backorders(self):
        order = self._confirmed_order([(self.item, 3.0)], order_type="returned")
        self.assertFalse(self._backorders(order))

    def test_bo1_subscription_and_item_requirement_orders_are_backorders(self):
        subscription = self._confirmed_order(
            [(self.item, 2.0)], order_type="subscription"
        )
        requirement = (
            self.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_type": "item_requirement",
                    "order_line": [
                        Command.create(
                            {"product_id": self.item.id, "product_uom_qty": 3}
                        )
                    ],
                }
            )
        )
        requirement.action_confirm()
        lines = self._backorders(subscription | requirement)
        self.assertEqual(
            sorted(lines.mapped("order_type")), ["item_requirement", "subscription"]
        )

    def test_bo1_partially_delivered_line_keeps_the_remaining_quantity(self):
        self._set_on_hand(self.item, 100.0)
        order = self._confirmed_order([(self.item, 10.0)])
        self._deliver(order, {self.item: 4.0})
        self.assertRecordValues(
            self._backorders(order),
            [
                {
                    "product_uom_qty": 10.0,
                    "qty_delivered": 4.0,
                    "qty_backorder": 6.0,
                    "product_qty_backorder": 6.0,
                    "amount_backorder": 60.0,
                    "qty_reserved": 6.0,
                }
            ],
        )

    def test_bo1_fully_delivered_and_cancelled_lines_are_not(self):
        self._set_on_hand(self.item, 100.0)
        delivered = self._confirmed_order([(self.item, 10.0)])
        self._deliver(delivered)
        cancelled = self._confirmed_order([(self.item, 10.0)])
        cancelled._action_cancel()
        self.assertFalse(self._backorders(delivered | cancelled))

    def test_bo1_services_are_not_backorders(self):
        order = self._confirmed_order([(self.item, 1.0), (self.service, 2.0)])
        self.assertEqual(self._backorders(order).product_id, self.item)

    def test_bo1_backorder_in_the_line_unit_and_the_product_unit(self):
        order = self._confirmed_order([(self.item, 2.0, self.uom_dozen)])
        self.assertRecordValues(
            self._backorders(order),
            [
                {
                    "product_uom_id": self.uom_dozen.id,
                    "uom_id": self.uom_unit.id,
                    "qty_backorder": 2.0,
                    "product_qty_backorder": 24.0,
                }
            ],
        )

    def test_bo1_requested_date_is_the_delivery_date(self):
        order = self._create_order([(self.item, 1.0)])
        order.commitment_date = self._days_ago(3)
        order.action_confirm()
        line = self._backorders(order)
        self.assertEqual(line.requested_date, self.today - timedelta(days=3))
        self.assertEqual(line.confirmed_date, self.today - timedelta(days=3))
        self.assertEqual(line.days_late, 3)

    def test_bo1_bo4_requested_date_is_order_date_plus_lead_time(self):
        order = self._create_order([(self.item, 1.0)])
        order.order_line.customer_lead = 7
        order.action_confirm()
        self.assertEqual(
            order.order_line.confirmed_date, self.today + timedelta(days=7)
        )
        order.date_order = self._days_ago(10)
        line = self._backorders(order)
        self.assertEqual(line.requested_date, self.today - timedelta(days=3))
        # BO-4: days late count from what we confirmed, not from the request
        self.assertEqual(line.confirmed_date, self.today + timedelta(days=7))
        self.assertEqual(line.days_late, 0)
        order.order_line.confirmed_date = self.today - timedelta(days=3)
        line = self._backorders(order)
        self.assertEqual(line.days_late, 3)
        # not late yet: no negative days
        order.order_line.customer_lead = 30
        line = self._backorders(order)
        self.assertEqual(line.requested_date, self.today + timedelta(days=20))
        self.assertEqual(line.confirmed_date, self.today - timedelta(days=3))
        order.order_line.confirmed_date = self.today + timedelta(days=20)
        line = self._backorders(order)
        self.assertEqual(line.days_late, 0)

    def test_bo1_purchase_line_partly_received_keeps_the_remaining_quantity(self):
        purchase = self._create_purchase([(self.item, 10.0)])
        self._receive(purchase, {self.item: 4.0})
        self.assertRecordValues(
            self._purchase_backorders(purchase),
            [
                {
                    "order_reference": purchase.name,
                    "order_id": purchase.id,
                    "partner_id": self.vendor.id,
                    "warehouse_id": self.warehouse.id,
                    "product_id": self.item.id,
                    "product_qty": 10.0,
                    "qty_received": 4.0,
                    "qty_backorder": 6.0,
                    "product_qty_backorder": 6.0,
                    "amount_backorder": 24.0,
                }
            ],
        )

    def test_bo1_purchase_lines_received_or_given_up_are_not(self):
        rfq = self._create_purchase([(self.item, 10.0)], confirm=False)
        received = self._create_purchase([(self.item, 10.0)])
        self._receive(received, {})
        given_up = self._create_purchase([(self.item, 10.0)])
        # received in part without backorder: the vendor owes nothing more
        self._receive(given_up, {self.item: 4.0}, backorder=False)
        self.assertEqual(given_up.order_line.qty_received, 4.0)
        self.assertFalse(self._purchase_backorders(rfq | received | given_up))

    def test_bo1_purchase_days_late(self):
        purchase = self._create_purchase([(self.item, 5.0), (self.item_b, 5.0)])
        purchase.order_line[0].date_planned = self._days_ago(4)
        purchase.order_line[1].date_planned = self._days_ago(-4)
        lines = self._purchase_backorders(purchase)
        self.assertEqual(
            {line.product_id: (line.date_planned, line.days_late) for line in lines},
            {
                self.item: (self.today - timedelta(days=4), 4),
                self.item_b: (self.today + timedelta(days=4), 0),
            },
        )

    # -- BO-2: the workbenches ------------------------------------------------
    def test_bo2_by_item_demand_on_hand_incoming_shortfall(self):
        self._set_on_hand(self.item, 5.0)
        self._confirmed_order([(self.item, 8.0)])
        self._confirmed_order([(self.item, 1.0, self.uom_dozen)])
        self._create_purchase([(self.item, 6.0)])
        self._create_purchase([(self.item, 100.0)], confirm=False)  # an RFQ
        self.assertRecordValues(
            self._item_row(self.item),
            [
                {
                    "company_id": self.company.id,
                    "uom_id": self.uom_unit.id,
                    "order_count": 2,
                    "line_count": 2,
                    "qty_demand": 20.0,
                    "qty_on_hand": 5.0,
                    "qty_reserved": 5.0,
                    "qty_free": 0.0,
                    "qty_incoming": 6.0,
                    "qty_shortfall": 9.0,
                    "amount_backorder": 200.0,
                }
            ],
        )
        # covered by stock: no shortfall, never negative
        self._set_on_hand(self.item, 50.0)
        self.assertRecordValues(
            self._item_row(self.item),
            [{"qty_on_hand": 55.0, "qty_free": 50.0, "qty_shortfall": 0.0}],
        )

    def test_bo2_by_item_oldest_requested_date_and_days_late(self):
        late = self._confirmed_order([(self.item, 1.0)])
        late.commitment_date = self._days_ago(6)
        soon = self._confirmed_order([(self.item, 1.0)])
        soon.commitment_date = self._days_ago(-2)
        self.assertRecordValues(
            self._item_row(self.item),
            [{"requested_date": self.today - timedelta(days=6), "days_late": 6}],
        )

    def test_bo2_by_item_is_per_warehouse(self):
        other = self.env["stock.warehouse"].create(
            {"name": "Göteborg", "code": "GBG", "company_id": self.company.id}
        )
        self._set_on_hand(self.item, 3.0, other.lot_stock_id)
        self._set_on_hand(self.item, 1.0)
        self._confirmed_order([(self.item, 4.0)])
        self._confirmed_order([(self.item, 7.0)], warehouse_id=other.id)
        self.assertRecordValues(
            self._item_row(self.item),
            [{"qty_demand": 4.0, "qty_on_hand": 1.0, "qty_shortfall": 3.0}],
        )
        self.assertRecordValues(
            self._item_row(self.item, other),
            [{"qty_demand": 7.0, "qty_on_hand": 3.0, "qty_shortfall": 4.0}],
        )

    def test_bo2_by_item_incoming_counts_transfers_from_other_warehouses(self):
        other = self.env["stock.warehouse"].create(
            {"name": "Malmö", "code": "MMO", "company_id": self.company.id}
        )
        self._confirmed_order([(self.item, 4.0)])
        transfer = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": other.lot_stock_id.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.item.name,
                            "product_id": self.item.id,
                            "product_uom_qty": 3.0,
                            "location_id": other.lot_stock_id.id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        transfer.action_confirm()
        self.assertRecordValues(
            self._item_row(self.item),
            [{"qty_incoming": 3.0, "qty_shortfall": 1.0}],
        )

    def test_bo2_filters_late_this_week_and_my_orders(self):
        """The domains of the search filters Late, Requested This Week and My
        Orders."""
        late = self._confirmed_order([(self.item, 1.0)], user_id=self.env.uid)
        late.commitment_date = self._days_ago(10)
        today = self._confirmed_order([(self.item, 1.0)], user_id=self.salesman.id)
        today.commitment_date = self._days_ago(0)
        later = self._confirmed_order([(self.item_b, 1.0)], user_id=self.salesman.id)
        later.commitment_date = self._days_ago(-60)
        orders = late | today | later

        def search(domain):
            return (
                self.env["sale.backorder.line"]
                .search([("order_id", "in", orders.ids), *domain])
                .order_id
            )

        self.assertEqual(search([("days_late", ">", 0)]), late)
        self.assertEqual(search([("user_id", "=", self.env.uid)]), late)
        monday = self.today - timedelta(days=self.today.weekday())
        self.assertEqual(
            search(
                [
                    ("requested_date", ">=", monday),
                    ("requested_date", "<", monday + timedelta(days=7)),
                ]
            ),
            today,
        )
        # My Orders on the items: the items the salesperson's orders wait for
        self.assertEqual(
            self.env["sale.backorder.item"]
            .search(
                [
                    ("product_id", "in", (self.item | self.item_b).ids),
                    ("user_id", "=", self.salesman.id),
                ]
            )
            .product_id,
            self.item | self.item_b,
        )
        self.assertEqual(
            self.env["sale.backorder.item"]
            .search(
                [
                    ("product_id", "in", (self.item | self.item_b).ids),
                    ("user_id", "=", self.env.uid),
                ]
            )
            .product_id,
            self.item,
        )

    def test_bo2_workbenches_group_by_item_customer_and_vendor(self):
        self._confirmed_order([(self.item, 3.0), (self.item_b, 2.0)])
        self._confirmed_order([(self.item, 4.0)], partner_id=self.customer_b.id)
        vendor_b = self.env["res.partner"].create({"name": "Leverantör B"})
        self._create_purchase([(self.item, 10.0)])
        self._create_purchase([(self.item, 5.0), (self.item_b, 1.0)], vendor=vendor_b)
        products = (self.item | self.item_b).ids
        by_customer = self.env["sale.backorder.line"]._read_group(
            [("product_id", "in", products)],
            groupby=["partner_id"],
            aggregates=["product_qty_backorder:sum", "amount_backorder:sum"],
        )
        self.assertEqual(
            {partner: (qty, amount) for partner, qty, amount in by_customer},
            {self.customer: (5.0, 50.0), self.customer_b: (4.0, 40.0)},
        )
        by_vendor = self.env["purchase.backorder.line"]._read_group(
            [("product_id", "in", products)],
            groupby=["partner_id"],
            aggregates=["product_qty_backorder:sum"],
        )
        self.assertEqual(dict(by_vendor), {self.vendor: 10.0, vendor_b: 6.0})
        by_item = self.env["sale.backorder.item"]._read_group(
            [("product_id", "in", products)],
            groupby=["product_id"],
            aggregates=["qty_demand:sum", "qty_incoming:sum", "qty_shortfall:sum"],
        )
        self.assertEqual(
            {product: rest for product, *rest in by_item},
            {self.item: [7.0, 15.0, 0.0], self.item_b: [2.0, 1.0, 1.0]},
        )

    def test_bo2_workbenches_export(self):
        order = self._confirmed_order([(self.item, 3.0)])
        self._create_purchase([(self.item, 10.0)])
        lines = self._backorders(order)
        rows = lines.export_data(["order_id/name", "partner_id/name", "qty_backorder"])
        self.assertEqual(rows["datas"], [[order.name, "Kund AB", 3.0]])
        item_rows = self._item_row(self.item).export_data(
            ["product_id/name", "qty_demand", "qty_incoming", "qty_shortfall"]
        )
        self.assertEqual(item_rows["datas"], [["Bolt", 3.0, 10.0, 0.0]])
        vendor_rows = (
            self.env["purchase.backorder.line"]
            .search([("product_id", "=", self.item.id)])
            .export_data(["partner_id/name", "qty_backorder", "days_late"])
        )
        self.assertEqual(vendor_rows["datas"], [["Leverantör AB", 10.0, 0]])

    def test_bo2_open_the_documents(self):
        order = self._confirmed_order([(self.item, 3.0)])
        purchase = self._create_purchase([(self.item, 10.0)])
        action = self._backorders(order).action_open_order()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("sale.order", order.id)
        )
        action = self._purchase_backorders(purchase).action_open_order()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("purchase.order", purchase.id)
        )
        row = self._item_row(self.item)
        action = row.action_open_lines()
        self.assertEqual(
            self.env["sale.backorder.line"].search(action["domain"]).order_id, order
        )
        action = row.action_distribute_stock()
        self.assertEqual(action["res_model"], "sale.backorder.distribution")
        self.assertEqual(action["context"]["default_product_id"], self.item.id)
        self.assertEqual(action["context"]["default_warehouse_id"], self.warehouse.id)
        self.assertTrue(row.action_open_forecast())

    def test_bo2_product_smart_button(self):
        self._confirmed_order([(self.item, 3.0)])
        self._confirmed_order([(self.item, 2.0)], partner_id=self.customer_b.id)
        template = self.item.product_tmpl_id
        self.assertEqual(template.sale_backorder_qty, 5.0)
        action = template.action_view_sale_backorders()
        lines = self.env["sale.backorder.line"].search(action["domain"])
        self.assertEqual(sum(lines.mapped("qty_backorder")), 5.0)

    def test_bo2_partial_indexes_serve_the_workbenches(self):
        """EXPLAIN proves PostgreSQL can answer each workbench with the
        partial indexes: their predicates are implied by the views' WHERE
        clauses (sequential scans are disabled so that the tiny test tables do
        not hide it)."""
        self._confirmed_order([(self.item, 3.0)])
        self._create_purchase([(self.item, 10.0)])
        self.env.flush_all()
        cr = self.env.cr
        # statistics as on a live database (a fresh test database has none)
        cr.execute("ANALYZE sale_order_line, purchase_order_line, stock_move")
        cr.execute("SET LOCAL enable_seqscan = off")
        # on tiny tables an id-ordered merge join through the primary key is
        # as cheap as anything: take that alternative away too
        cr.execute("SET LOCAL enable_mergejoin = off")
        for model, index in (
            ("sale.backorder.line", "sale_order_line_backorder_index"),
            ("purchase.backorder.line", "purchase_order_line_backorder_index"),
            ("sale.backorder.item", "sale_order_line_backorder_index"),
        ):
            query = self.env[model]._search([("product_id", "=", self.item.id)])
            cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(row[0] for row in cr.fetchall())
            self.assertIn(index, plan, f"{model} does not use {index}:\n{plan}")

    def test_bo2_grouped_reads_cost_a_fixed_number_of_queries(self):
        for qty in (1.0, 2.0, 3.0):
            self._confirmed_order([(self.item, qty), (self.item_b, qty)])
            self._create_purchase([(self.item, qty)])
        self.env.flush_all()
        for model, groupby in (
            ("sale.backorder.line", "partner_id"),
            ("purchase.backorder.line", "partner_id"),
            ("sale.backorder.item", "product_id"),
        ):
            Model = self.env[model]
            Model.read_group([], ["__count"], [groupby])  # warm the caches
            with self.assertQueryCount(1):
                Model.read_group([], ["__count"], [groupby])
