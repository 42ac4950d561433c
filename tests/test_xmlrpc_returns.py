# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returns (RT) over XML-RPC: the flow an integration drives, and the rules
that hold on plain create/write."""

from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .xmlrpc_common import XmlRpcCallMixin


@tagged("post_install", "-at_install")
class TestXmlRpcReturns(XmlRpcCallMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, groups in {
            "sm_rx_manager": "sales_team.group_sale_manager,stock.group_stock_user,"
            "account.group_account_invoice",
            "sm_rx_salesman": "sales_team.group_sale_salesman,stock.group_stock_user",
        }.items():
            new_test_user(cls.env, login=login, password=f"{login}_pw", groups=groups)
        cls.customer = cls.env["res.partner"].create({"name": "Retur RPC AB"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "RPC Widget",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 20.0,
            }
        )
        cls.ref_id = {
            name: cls.env.ref(f"sales_marketing.return_disposition_{name}").id
            for name in ("credit", "credit_only", "scrap")
        }

    def _line(self, qty, **vals):
        return (0, 0, {"product_id": self.product.id, "product_uom_qty": qty, **vals})

    def test_rt_returned_order_flow_over_xmlrpc(self):
        user = "sm_rx_manager"
        returned_id = self.call(
            user,
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "order_type": "returned",
                "order_line": [
                    self._line(2, disposition_id=self.ref_id["credit_only"]),
                    self._line(3),
                ],
            },
        )
        [order] = self.call(
            user, "sale.order", "read", [returned_id], ["rma_number", "return_deadline"]
        )
        self.assertTrue(order["rma_number"].startswith("RMA/"))
        self.assertTrue(order["return_deadline"])
        self.call(user, "sale.order", "action_confirm", [returned_id])
        receipt_ids = self.call(
            user, "stock.picking", "search", [("sale_id", "=", returned_id)]
        )
        self.assertEqual(len(receipt_ids), 1)
        moves = self.call(
            user,
            "stock.move",
            "search_read",
            [("picking_id", "in", receipt_ids)],
            ["product_uom_qty", "sale_line_id"],
        )
        # the credit-only line expects nothing back
        self.assertEqual([m["product_uom_qty"] for m in moves], [3.0])
        # validation asks for the missing disposition
        action = self.call(user, "stock.picking", "button_validate", receipt_ids)
        self.assertEqual(action["res_model"], "sale.return.arrival")
        self.call(
            user,
            "sale.order.line",
            "write",
            [moves[0]["sale_line_id"][0]],
            {"disposition_id": self.ref_id["scrap"]},
        )
        self.assertIs(
            self.call(user, "stock.picking", "button_validate", receipt_ids), True
        )
        lines = self.call(
            user,
            "sale.order.line",
            "search_read",
            [("order_id", "=", returned_id)],
            ["qty_delivered", "qty_to_invoice", "disposition_action"],
        )
        self.assertEqual(
            [
                (v["qty_delivered"], v["qty_to_invoice"], v["disposition_action"])
                for v in lines
            ],
            [(2.0, 2.0, "credit_only"), (3.0, 3.0, "scrap")],
        )
        scraps = self.call(
            user, "stock.scrap", "search_count", [("picking_id", "in", receipt_ids)]
        )
        self.assertEqual(scraps, 1)
        # replacement: once
        action = self.call(
            user, "sale.order", "action_create_replacement_order", [returned_id]
        )
        [replacement] = self.call(
            user, "sale.order", "read", [action["res_id"]], ["replaced_order_id"]
        )
        self.assertEqual(replacement["replaced_order_id"][0], returned_id)
        self.assertFault(
            "already replaced",
            user,
            "sale.order",
            "action_create_replacement_order",
            [returned_id],
        )

    def test_rt_rules_on_plain_writes_over_xmlrpc(self):
        sales_id = self.call(
            "sm_rx_manager",
            "sale.order",
            "create",
            {"partner_id": self.customer.id, "order_line": [self._line(1)]},
        )
        line_ids = self.call(
            "sm_rx_manager", "sale.order.line", "search", [("order_id", "=", sales_id)]
        )
        self.assertFault(
            "is not a returned order",
            "sm_rx_manager",
            "sale.order.line",
            "write",
            line_ids,
            {"disposition_id": self.ref_id["credit"]},
        )
        returned_id = self.call(
            "sm_rx_salesman",
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "order_type": "returned",
                "order_line": [self._line(1)],
            },
        )
        self.assertFault(
            "only a sales manager",
            "sm_rx_salesman",
            "sale.order",
            "action_accept_late_return",
            [returned_id],
        )
        self.assertFault(
            "not allowed",
            "sm_rx_salesman",
            "sale.return.disposition",
            "create",
            {"code": "RPC", "name": "RPC"},
        )
        self.assertFault(
            "between 0 and 100",
            "sm_rx_manager",
            "sale.return.disposition",
            "create",
            {
                "code": "RPC",
                "name": "RPC",
                "restocking_charge_type": "percent",
                "restocking_charge": 101,
            },
        )
        self.assertFalse(
            self.env["sale.return.disposition"].search([("code", "=", "RPC")])
        )
