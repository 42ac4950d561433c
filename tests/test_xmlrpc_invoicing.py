# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Invoicing productivity (IN-5..IN-8) and order type settings (OT-7) over
XML-RPC, the way an integration writes: plain create/write and the public
methods."""

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged


def _create(vals):
    """Command.create as an integration sends it (XML-RPC has no enums)."""
    return [0, 0, vals]


@tagged("post_install", "-at_install")
class TestXmlRpcInvoicing(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.login = "sm_rpc_inv"
        new_test_user(
            cls.env,
            login=cls.login,
            password=f"{cls.login}_pw",
            groups="sales_team.group_sale_manager,stock.group_stock_user,"
            "account.group_account_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "RPC Faktura AB"})
        cls.product = cls.env["product.product"].create(
            {"name": "RPC Vara", "type": "consu", "list_price": 10.0}
        )
        cls.tax = cls.env["account.tax"].create(
            {"name": "RPC moms", "amount": 25.0, "type_tax_use": "sale"}
        )
        cls.income = cls.env["account.account"].search(
            [
                ("company_ids", "in", cls.env.company.id),
                ("account_type", "=", "income"),
            ],
            limit=1,
        )
        cls.income2 = cls.income.copy({"code": "301097", "name": "RPC intäkter"})

    def call(self, model, method, *args, **kwargs):
        password = f"{self.login}_pw"
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, self.login, password, {}
        )
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, password, model, method, list(args), kwargs
        )

    def assertFault(self, fragment, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as error:
            self.call(*args, **kwargs)
        self.assertIn(fragment, error.exception.faultString)

    def _delivered_orders(self, count=2):
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 2}
                        )
                    ],
                }
                for _i in range(count)
            ]
        )
        orders.action_confirm()
        for move in orders.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        orders.picking_ids._action_done()
        return orders

    def test_in5_summary_mode_over_rpc(self):
        orders = self._delivered_orders()
        self.call(
            "res.partner",
            "write",
            [self.customer.id],
            {"invoice_summary_mode": "order"},
        )
        self.assertFault(
            "not a summary update mode",
            "stock.picking",
            "action_invoice_packing_slips",
            orders.picking_ids.ids,
            summary_mode="weekly",
        )
        ids = self.call(
            "stock.picking",
            "action_invoice_packing_slips",
            orders.picking_ids.ids,
            summary_mode="automatic",
        )
        self.assertEqual(len(ids), 2)

    def test_in6_schedule_over_rpc(self):
        self._delivered_orders(1)
        self.call(
            "res.partner", "write", [self.customer.id], {"invoice_schedule": "weekly"}
        )
        self.assertFault(
            "Wrong value",
            "res.partner",
            "write",
            [self.customer.id],
            {"invoice_schedule": "daily"},
        )
        record = self.call(
            "res.partner",
            "read",
            [self.customer.id],
            ["invoice_schedule", "invoice_schedule_next_date"],
        )[0]
        self.assertEqual(record["invoice_schedule"], "weekly")
        self.assertTrue(record["invoice_schedule_next_date"])
        ids = self.call(
            "res.partner", "action_invoice_scheduled_slips", [self.customer.id]
        )
        invoice = self.env["account.move"].browse(ids)
        self.assertEqual(invoice.state, "posted")
        # the scheduled action itself is private
        self.assertFault(
            "Private methods", "res.partner", "_cron_invoice_scheduled_slips"
        )

    def test_ot7_setting_over_rpc(self):
        journal = self.env["account.journal"].create(
            {"name": "RPC journal", "code": "RPCJ", "type": "sale"}
        )
        purchase = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.env.company.id)],
            limit=1,
        )
        self.assertFault(
            "not a sales journal",
            "sale.order.type.setting",
            "create",
            {"order_type": "returned", "journal_id": purchase.id},
        )
        self.assertFalse(self.env["sale.order.type.setting"].search([]))
        self.call(
            "sale.order.type.setting",
            "create",
            {"order_type": "returned", "journal_id": journal.id},
        )
        order_id = self.call(
            "sale.order",
            "create",
            {"partner_id": self.customer.id, "order_type": "returned"},
        )
        self.assertEqual(self.env["sale.order"].browse(order_id).journal_id, journal)

    def test_in7_template_over_rpc(self):
        line = {
            "name": "RPC tjänst",
            "account_id": self.income.id,
            "amount": 100.0,
            "tax_ids": [[6, 0, self.tax.ids]],
            "distribution_type": "percent",
        }
        self.assertFault(
            "adds up to",
            "account.free.text.template",
            "create",
            {
                "name": "RPC fel",
                "partner_id": self.customer.id,
                "line_ids": [
                    _create(
                        dict(
                            line,
                            distribution_ids=[
                                _create({"account_id": self.income.id, "value": 60})
                            ],
                        )
                    )
                ],
            },
        )
        self.assertFalse(
            self.env["account.free.text.template"].search([("name", "=", "RPC fel")])
        )
        template_id = self.call(
            "account.free.text.template",
            "create",
            {
                "name": "RPC mall",
                "partner_id": self.customer.id,
                "line_ids": [
                    _create(
                        dict(
                            line,
                            distribution_ids=[
                                _create({"account_id": self.income.id, "value": 60}),
                                _create({"account_id": self.income2.id, "value": 40}),
                            ],
                        )
                    )
                ],
            },
        )
        action = self.call(
            "account.free.text.template", "action_create_invoice", [template_id]
        )
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("price_unit")), [40.0, 60.0]
        )

    def test_in8_profile_over_rpc(self):
        receivable = self.env["account.account"].create(
            {
                "name": "RPC kundfordringar",
                "code": "151097",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        self.assertFault(
            "choose the customer",
            "account.posting.profile",
            "create",
            {"name": "RPC", "account_id": receivable.id, "applies_to": "customer"},
        )
        profile_id = self.call(
            "account.posting.profile",
            "create",
            {
                "name": "RPC",
                "account_id": receivable.id,
                "applies_to": "customer",
                "partner_id": self.customer.id,
            },
        )
        move_id = self.call(
            "account.move",
            "create",
            {
                "move_type": "out_invoice",
                "is_free_text": True,
                "partner_id": self.customer.id,
            },
        )
        self.assertEqual(
            self.env["account.move"].browse(move_id).posting_profile_id.id, profile_id
        )
