# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rules that must hold on every write path, driven over XML-RPC the way
an integration writes records: plain create/write/unlink, no buttons."""

import datetime

from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .xmlrpc_common import XmlRpcCallMixin


@tagged("post_install", "-at_install")
class TestXmlRpcWritePaths(XmlRpcCallMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            login: new_test_user(
                cls.env, login=login, password=f"{login}_pw", groups=groups
            )
            for login, groups in {
                "sm_wp_manager": "sales_team.group_sale_manager,"
                "stock.group_stock_user,account.group_account_manager",
                "sm_wp_stock": "stock.group_stock_manager",
                "sm_wp_project": "project.group_project_user",
            }.items()
        }
        cls.customer = cls.env["res.partner"].create({"name": "Skrivväg AB"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Write path widget",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "order",
                "list_price": 10.0,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Skrivvägar", "code": "WPW"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 500
        )

    def _order(self, qty, **vals):
        return self.call(
            "sm_wp_manager",
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                ],
                **vals,
            },
        )

    def test_ot3_warehouse_write_over_xmlrpc(self):
        order_id = self._order(1, order_type="subscription")
        self.call("sm_wp_manager", "sale.order", "action_confirm", [order_id])
        self.assertFault(
            "running subscriptions",
            "sm_wp_stock",
            "stock.warehouse",
            "write",
            [self.warehouse.id],
            {"delivery_steps": "pick_ship"},
        )
        self.assertEqual(self.warehouse.delivery_steps, "ship_only")

    def test_ot4_returned_order_credits_received_over_xmlrpc(self):
        returned_id = self._order(3, order_type="returned")
        self.call("sm_wp_manager", "sale.order", "action_confirm", [returned_id])
        line = self.env["sale.order"].browse(returned_id).order_line
        [values] = self.call(
            "sm_wp_manager", "sale.order.line", "read", line.ids, ["qty_to_invoice"]
        )
        self.assertEqual(values["qty_to_invoice"], 0.0)
        receipt = line.order_id.picking_ids
        line.disposition_id = self.env.ref("sales_marketing.return_disposition_credit")
        receipt.move_ids.write({"quantity": 1, "picked": True})
        receipt.with_context(cancel_backorder=False)._action_done()
        [values] = self.call(
            "sm_wp_manager", "sale.order.line", "read", line.ids, ["qty_to_invoice"]
        )
        self.assertEqual(values["qty_to_invoice"], 1.0)

    def test_ot5_task_unlink_and_move_over_xmlrpc(self):
        projects = self.env["project.project"].create(
            [
                {"name": "Projekt A", "partner_id": self.customer.id},
                {"name": "Projekt B", "partner_id": self.customer.id},
            ]
        )
        task_ids = [
            self.call(
                "sm_wp_project",
                "project.task",
                "create",
                {
                    "name": name,
                    "project_id": projects[0].id,
                    "material_ids": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                    ],
                },
            )
            for name, qty in (("Riv", 7), ("Bygg", 6))
        ]
        tasks = self.env["project.task"].browse(task_ids)
        deleted_line, moved_line = tasks.material_ids.sale_line_id
        self.call("sm_wp_project", "project.task", "unlink", [task_ids[0]])
        self.assertEqual(deleted_line.product_uom_qty, 0)
        self.call(
            "sm_wp_project",
            "project.task",
            "write",
            [task_ids[1]],
            {"project_id": projects[1].id},
        )
        self.assertEqual(moved_line.product_uom_qty, 0)
        new_line = tasks[1].material_ids.sale_line_id
        self.assertEqual(new_line.order_id.project_id, projects[1])
        self.assertEqual(new_line.qty_deliver_remainder, 6)

    def test_ag6_enforced_maximum_over_xmlrpc(self):
        today = datetime.date.today()
        agreement_id = self.call(
            "sm_wp_manager",
            "sale.agreement",
            "create",
            {
                "partner_id": self.customer.id,
                "date_start": str(today - datetime.timedelta(days=1)),
                "max_is_enforced": True,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "qty_committed": 100,
                            "price_unit": 8,
                        },
                    )
                ],
            },
        )
        self.call(
            "sm_wp_manager", "sale.agreement", "action_set_effective", [agreement_id]
        )
        order_ids = [self._order(10), self._order(90)]
        self.call("sm_wp_manager", "sale.order", "action_confirm", order_ids)
        line = self.env["sale.order"].browse(order_ids[1]).order_line
        self.assertFault(
            "commitment is 100",
            "sm_wp_manager",
            "sale.order.line",
            "write",
            line.ids,
            {"product_uom_qty": 95},
        )
        self.assertEqual(line.product_uom_qty, 90)
        agreement = self.env["sale.agreement"].browse(agreement_id)
        self.assertEqual(agreement.line_ids.qty_released, 100)

    def test_ag8_ag10_agreement_lines_and_header_over_xmlrpc(self):
        """Per-line rules and the header agreement hold on plain writes."""
        today = datetime.date.today()
        other = self.env["res.partner"].create({"name": "Annan väg AB"})
        agreement_id = self.call(
            "sm_wp_manager",
            "sale.agreement",
            "create",
            {
                "partner_id": self.customer.id,
                "date_start": str(today - datetime.timedelta(days=1)),
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "commitment_type": "product_value",
                            "product_id": self.product.id,
                            "amount_committed": 100,
                            "price_unit": 8,
                            "max_is_enforced": True,
                            "min_release_amount": 20,
                        },
                    )
                ],
            },
        )
        self.call("sm_wp_manager", "sale.agreement", "action_confirm", [agreement_id])
        agreement = self.env["sale.agreement"].browse(agreement_id)
        # a line written on its own keeps to its type
        self.assertFault(
            "needs a product",
            "sm_wp_manager",
            "sale.agreement.line",
            "write",
            agreement.line_ids.ids,
            {"product_id": False},
        )
        self.assertEqual(agreement.line_ids.product_id, self.product)
        # the header agreement of another customer is refused
        count = self.env["sale.order"].search_count([])
        self.assertFault(
            "not an agreement of customer",
            "sm_wp_manager",
            "sale.order",
            "create",
            {"partner_id": other.id, "agreement_id": agreement_id},
        )
        self.assertEqual(self.env["sale.order"].search_count([]), count)
        # below the minimum release amount of an enforced line: refused at
        # confirmation (2 x 8 = 16 < 20), nothing confirmed
        order_id = self._order(2, agreement_id=agreement_id)
        self.assertFault(
            "below the minimum release amount",
            "sm_wp_manager",
            "sale.order",
            "action_confirm",
            [order_id],
        )
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "draft")
        # versions are immutable over XML-RPC too
        self.assertFault(
            "not allowed to delete",
            "sm_wp_manager",
            "sale.agreement.version",
            "unlink",
            agreement.version_ids.ids,
        )
        self.assertEqual(len(agreement.version_ids), 1)

    def test_in3_posting_profile_over_xmlrpc(self):
        income = self.env["account.account"].search(
            [("account_type", "=", "income")], limit=1
        )
        self.assertFault(
            "is not a receivable account",
            "sm_wp_manager",
            "account.posting.profile",
            "create",
            {"name": "Fel konto", "account_id": income.id},
        )
        self.assertFalse(
            self.env["account.posting.profile"].search([("name", "=", "Fel konto")])
        )
