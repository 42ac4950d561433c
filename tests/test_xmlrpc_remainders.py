# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""RS-5 and BO-5 for integrations: cancel remainders and reschedule over
XML-RPC as a salesperson and a manager, and the fields no integration may
write directly."""

import datetime

from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .xmlrpc_common import XmlRpcCallMixin


@tagged("post_install", "-at_install")
class TestXmlRpcRemainders(XmlRpcCallMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, groups in {
            "sm_rr_salesman": "sales_team.group_sale_salesman,stock.group_stock_user",
            "sm_rr_other": "sales_team.group_sale_salesman,stock.group_stock_user",
            "sm_rr_manager": "sales_team.group_sale_manager,stock.group_stock_user",
        }.items():
            new_test_user(cls.env, login=login, password=f"{login}_pw", groups=groups)
        cls.customer = cls.env["res.partner"].create({"name": "RPC Rest AB"})
        cls.product = cls.env["product.product"].create(
            {"name": "RPC Rest Bolt", "type": "consu", "is_storable": True}
        )

    def _confirmed_order(self, login, qty=10.0):
        order_id = self.call(
            login,
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                ],
            },
        )
        self.call(login, "sale.order", "action_confirm", [order_id])
        [order] = self.call(login, "sale.order", "read", [order_id], ["order_line"])
        return order_id, order["order_line"][0]

    def _scheduled_day(self, order_id):
        """The scheduled day of the order's delivery, as an integration reads
        it."""
        [order] = self.call(
            "sm_rr_manager", "sale.order", "read", [order_id], ["picking_ids"]
        )
        [picking] = self.call(
            "sm_rr_manager",
            "stock.picking",
            "read",
            order["picking_ids"],
            ["scheduled_date"],
        )
        return picking["scheduled_date"][:10]

    def _line(self, login, line_id, fields):
        return self.call(login, "sale.order.line", "read", [line_id], fields)[0]

    def test_rs5_cancel_and_reopen_over_xmlrpc(self):
        order_id, line_id = self._confirmed_order("sm_rr_salesman")
        self.assertTrue(
            self.call(
                "sm_rr_salesman",
                "sale.order.line",
                "action_cancel_remainder",
                [line_id],
                qty=3.0,
                reason="Integration",
            )
        )
        line = self._line(
            "sm_rr_salesman",
            line_id,
            ["qty_cancelled", "cancel_reason", "qty_deliver_remainder", "sales_status"],
        )
        self.assertEqual(line["qty_cancelled"], 3.0)
        self.assertEqual(line["cancel_reason"], "Integration")
        self.assertEqual(line["qty_deliver_remainder"], 7.0)
        self.assertFault(
            "more than the deliver remainder",
            "sm_rr_salesman",
            "sale.order.line",
            "action_cancel_remainder",
            [line_id],
            qty=8.0,
        )
        self.assertFault(
            "not written directly",
            "sm_rr_manager",
            "sale.order.line",
            "write",
            [line_id],
            {"qty_cancelled": 0.0},
        )
        self.assertEqual(
            self._line("sm_rr_manager", line_id, ["qty_cancelled"])["qty_cancelled"],
            3.0,
        )
        self.call(
            "sm_rr_manager", "sale.order.line", "action_reopen_remainder", [line_id]
        )
        self.assertEqual(
            self._line("sm_rr_manager", line_id, ["qty_cancelled"])["qty_cancelled"],
            0.0,
        )
        self.call(
            "sm_rr_salesman",
            "sale.order",
            "action_cancel_remainders",
            [order_id],
            reason="Allt",
        )
        [order] = self.call(
            "sm_rr_salesman", "sale.order", "read", [order_id], ["sales_status"]
        )
        self.assertEqual(order["sales_status"], "cancelled")

    def test_rs5_salesman_cannot_cancel_anothers_order(self):
        _order_id, line_id = self._confirmed_order("sm_rr_other")
        self.assertFault(
            "",
            "sm_rr_salesman",
            "sale.order.line",
            "action_cancel_remainder",
            [line_id],
            reason="Inte min",
        )
        self.assertEqual(
            self._line("sm_rr_other", line_id, ["qty_cancelled"])["qty_cancelled"], 0.0
        )

    def test_bo5_reschedule_and_direct_write_move_the_delivery(self):
        order_id, line_id = self._confirmed_order("sm_rr_salesman", qty=2.0)
        rows = self.call(
            "sm_rr_salesman",
            "sale.backorder.line",
            "search",
            [("sale_line_id", "=", line_id)],
        )
        new = (datetime.date.today() + datetime.timedelta(days=21)).isoformat()
        self.call(
            "sm_rr_salesman",
            "sale.backorder.line",
            "action_reschedule",
            rows,
            confirmed_date=new,
        )
        self.assertEqual(
            self._line("sm_rr_salesman", line_id, ["confirmed_date"])["confirmed_date"],
            new,
        )
        self.assertEqual(self._scheduled_day(order_id), new)
        # a direct write (an import, an integration) moves the delivery too
        other = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        self.call(
            "sm_rr_salesman",
            "sale.order.line",
            "write",
            [line_id],
            {"confirmed_date": other},
        )
        self.assertEqual(self._scheduled_day(order_id), other)
