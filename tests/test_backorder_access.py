# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .backorder_common import BackorderCase


@tagged("post_install", "-at_install")
class TestBackorderAccess(BackorderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller_own = new_test_user(
            cls.env, login="bo_seller_own", groups="sales_team.group_sale_salesman"
        )
        cls.seller_all = new_test_user(
            cls.env,
            login="bo_seller_all",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.buyer = new_test_user(
            cls.env, login="bo_buyer", groups="purchase.group_purchase_user"
        )
        cls.storekeeper = new_test_user(
            cls.env, login="bo_storekeeper", groups="stock.group_stock_user"
        )
        cls._set_on_hand(cls.item, 2.0)
        cls.own_order = cls._confirmed_order(
            [(cls.item, 3.0)], user_id=cls.seller_own.id
        )
        cls.other_order = cls._confirmed_order(
            [(cls.item, 4.0)], user_id=cls.seller_all.id, priority="1"
        )
        cls.purchase = cls._create_purchase([(cls.item, 10.0)])

    def _search(self, user, model, companies=None):
        self.env[model].invalidate_model()
        Model = self.env[model].with_user(user)
        if companies:
            Model = Model.with_context(allowed_company_ids=companies.ids)
        return Model.search([("product_id", "=", self.item.id)])

    def test_bo_access_salesman_sees_the_backorders_of_own_orders(self):
        lines = self._search(self.seller_own, "sale.backorder.line")
        self.assertEqual(lines.order_id, self.own_order)
        groups = (
            self.env["sale.backorder.line"]
            .with_user(self.seller_own)
            ._read_group(
                [("product_id", "=", self.item.id)],
                groupby=["partner_id"],
                aggregates=["qty_backorder:sum"],
            )
        )
        self.assertEqual(groups, [(self.customer, 3.0)])
        # the item's figures are the whole demand: nobody's customers shown
        item = self._search(self.seller_own, "sale.backorder.item")
        self.assertEqual(item.qty_demand, 7.0)

    def test_bo_access_salesman_with_all_documents_sees_every_order(self):
        lines = self._search(self.seller_all, "sale.backorder.line")
        self.assertEqual(lines.order_id, self.own_order | self.other_order)

    def test_bo_access_purchase_user(self):
        lines = self._search(self.buyer, "purchase.backorder.line")
        self.assertRecordValues(
            lines,
            [
                {
                    "order_id": self.purchase.id,
                    "qty_backorder": 10.0,
                    "amount_backorder": 40.0,
                }
            ],
        )
        self.assertEqual(lines.action_open_order()["res_id"], self.purchase.id)
        item = self._search(self.buyer, "sale.backorder.item")
        self.assertRecordValues(
            item, [{"qty_demand": 7.0, "qty_incoming": 10.0, "qty_shortfall": 0.0}]
        )
        with self.assertRaises(AccessError):
            self._search(self.buyer, "sale.backorder.line")

    def test_bo_access_salesman_sees_vendor_backorders_without_purchase_details(self):
        lines = self._search(self.seller_own, "purchase.backorder.line")
        self.assertRecordValues(
            lines,
            [
                {
                    "order_reference": self.purchase.name,
                    "partner_id": self.vendor.id,
                    "qty_backorder": 10.0,
                }
            ],
        )
        for field in ("order_id", "purchase_line_id", "amount_backorder"):
            lines.invalidate_recordset()
            with self.assertRaises(AccessError):
                lines.read([field])

    def test_bo_access_distribution_needs_inventory_rights(self):
        with self.assertRaises(AccessError):
            self.env["sale.backorder.distribution"].with_user(self.seller_own).create(
                {"product_id": self.item.id, "warehouse_id": self.warehouse.id}
            )
        wizard = Form(
            self.env["sale.backorder.distribution"]
            .with_user(self.storekeeper)
            .with_context(default_product_id=self.item.id)
        ).save()
        self.assertEqual(wizard.line_ids.order_id, self.other_order | self.own_order)
        wizard.action_apply()
        self.assertEqual(self.other_order.order_line.move_ids.quantity, 2.0)
        self.assertEqual(self.own_order.order_line.move_ids.quantity, 0.0)

    def test_bo_access_salesman_storekeeper_distributes_among_own_orders(self):
        """Record rules still apply: a salesperson who only sees their own
        orders distributes free stock and their own reservations only."""
        self.seller_own.groups_id = [Command.link(self.ref("stock.group_stock_user"))]
        self._set_on_hand(self.item, 1.0)  # free
        wizard = Form(
            self.env["sale.backorder.distribution"]
            .with_user(self.seller_own)
            .with_context(default_product_id=self.item.id)
        ).save()
        self.assertEqual(wizard.line_ids.order_id, self.own_order)
        # 1 free + the 2 its own order holds; the other order's stock is not
        # offered
        self.assertEqual(wizard.qty_available, 3.0)

    def test_bo_access_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Filial AB"})
        self.env.user.company_ids = [Command.link(company_b.id)]
        order_b = (
            self.env["sale.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.item.id, "product_uom_qty": 5.0}
                        )
                    ],
                }
            )
        )
        order_b.action_confirm()
        purchase_b = (
            self.env["purchase.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "order_line": [
                        Command.create({"product_id": self.item.id, "product_qty": 2})
                    ],
                }
            )
        )
        purchase_b.button_confirm()
        user_a = new_test_user(
            self.env,
            login="bo_user_a",
            groups="sales_team.group_sale_salesman_all_leads,"
            "purchase.group_purchase_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        user_ab = new_test_user(
            self.env,
            login="bo_user_ab",
            groups="sales_team.group_sale_salesman_all_leads,"
            "purchase.group_purchase_user",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | company_b).ids)],
        )
        for model, field, expected_b in (
            ("sale.backorder.line", "order_id", order_b),
            ("sale.backorder.item", "company_id", company_b),
            ("purchase.backorder.line", "order_id", purchase_b),
        ):
            rows = self._search(user_a, model)
            self.assertNotIn(expected_b, rows.sudo()[field], model)
            rows = self._search(user_ab, model, self.company | company_b)
            self.assertIn(expected_b, rows.sudo()[field], model)
