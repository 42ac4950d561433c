# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The public API of the specification driven exactly as an integration
would: xmlrpc.client against the running test server, as a salesperson."""

import datetime
import xmlrpc.client

from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestXmlRpcContract(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sm_rpc_manager",
            password="sm_rpc_manager_pw",
            groups="sales_team.group_sale_manager,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "RPC widget",
                "type": "consu",
                "invoice_policy": "delivery",
                "list_price": 100.0,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "RPC Kund AB"})
        cls.cable = cls.env["product.product"].create(
            {
                "name": "RPC cable",
                "type": "consu",
                "invoice_policy": "delivery",
                "list_price": 5.0,
            }
        )
        cls.rule = cls.env["sale.suggestion.rule"].create(
            {
                "name": "RPC cable with every widget",
                "suggestion_type": "crosssell",
                "trigger_product_ids": [(6, 0, cls.product.ids)],
                "suggested_product_ids": [(6, 0, cls.cable.ids)],
                "script": "Needs a cable.",
            }
        )

    def setUp(self):
        super().setUp()
        self.uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "sm_rpc_manager", "sm_rpc_manager_pw", {}
        )
        self.assertTrue(self.uid)

    def call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.uid,
            "sm_rpc_manager_pw",
            model,
            method,
            list(args),
            kwargs,
        )

    def assertFault(self, fragment, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as error:
            self.call(model, method, *args, **kwargs)
        self.assertIn(fragment, error.exception.faultString)
        return error.exception

    def test_contract_agreement_to_proforma(self):
        today = datetime.date.today()
        agreement = self.call(
            "sale.agreement",
            "create",
            {
                "partner_id": self.customer.id,
                "date_start": today.isoformat(),
                "date_end": (today + datetime.timedelta(days=60)).isoformat(),
                "max_is_enforced": True,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "qty_committed": 10,
                            "price_unit": 70,
                        },
                    )
                ],
            },
        )
        [data] = self.call("sale.agreement", "read", [agreement], ["state", "name"])
        self.assertEqual(data["state"], "on_hold")
        self.assertTrue(
            self.call("sale.agreement", "action_set_effective", [agreement])
        )

        order = self.call(
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 4})
                ],
            },
        )
        [line] = self.call(
            "sale.order.line",
            "search_read",
            [("order_id", "=", order)],
            ["price_unit", "price_source", "agreement_id", "qty_deliver_remainder"],
        )
        self.assertEqual(line["price_unit"], 70.0)
        self.assertEqual(line["price_source"], "agreement")
        self.assertEqual(line["agreement_id"][0], agreement)

        # up-sell / cross-sell at order entry (XS-3)
        suggestions = self.call("sale.order", "get_sales_suggestions", [order])
        self.assertEqual(
            [
                (s["rule_id"], s["suggestion_type"], s["product_id"])
                for s in suggestions
            ],
            [(self.rule.id, "crosssell", self.cable.id)],
        )
        self.assertEqual(suggestions[0]["script"], "Needs a cable.")
        cable_line = self.call(
            "sale.order",
            "action_accept_sales_suggestion",
            [order],
            suggestions[0]["line_id"],
            self.rule.id,
            self.cable.id,
        )
        [cable] = self.call("sale.order.line", "read", [cable_line], ["product_id"])
        self.assertEqual(cable["product_id"][0], self.cable.id)

        self.assertTrue(self.call("sale.order", "action_confirm", [order]))
        [order_data] = self.call(
            "sale.order", "read", [order], ["state", "sales_status", "picking_ids"]
        )
        self.assertEqual(
            (order_data["state"], order_data["sales_status"]), ("sale", "open")
        )

        moves = self.call(
            "stock.move",
            "search_read",
            [("picking_id", "in", order_data["picking_ids"])],
            ["product_uom_qty"],
        )
        for move in moves:
            self.call(
                "stock.move",
                "write",
                [move["id"]],
                {"quantity": move["product_uom_qty"], "picked": True},
            )
        self.call("stock.picking", "button_validate", order_data["picking_ids"])
        [status] = self.call("sale.order", "read", [order], ["sales_status"])
        self.assertEqual(status["sales_status"], "delivered")

        # the pro-forma of the next invoice, downloaded as an integration would.
        # In test mode Odoo serves the report body instead of running
        # wkhtmltopdf (which could not fetch its assets from the test server
        # while the request holds it); the PDF itself is rendered by
        # test_invoicing.TestProforma.test_in4_pdf_rendered_with_wkhtmltopdf.
        self.authenticate("sm_rpc_manager", "sm_rpc_manager_pw")
        response = self.url_open(
            f"/report/pdf/sales_marketing.report_sale_order_proforma/{order}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(b"PRO-FORMA" in response.content)
        # the next invoice: the 4 delivered widgets at the agreement price
        # and the cable
        self.assertTrue(b"RPC widget" in response.content)
        self.assertTrue(b"280.00" in response.content)

        invoices = self.call(
            "stock.picking", "action_invoice_packing_slips", order_data["picking_ids"]
        )
        self.assertEqual(len(invoices), 1)
        [slip] = self.call(
            "stock.picking", "read", order_data["picking_ids"], ["invoice_state"]
        )
        self.assertEqual(slip["invoice_state"], "invoiced")
        [invoice] = self.call(
            "account.move", "read", invoices, ["amount_untaxed", "state", "move_type"]
        )
        self.assertEqual(
            (invoice["amount_untaxed"], invoice["state"], invoice["move_type"]),
            (285.0, "draft", "out_invoice"),
        )
        self.call("account.move", "action_post", invoices)
        [status] = self.call("sale.order", "read", [order], ["sales_status"])
        self.assertEqual(status["sales_status"], "invoiced")

    def test_contract_faults_write_nothing(self):
        count = self.call("sale.agreement", "search_count", [])
        fault = self.assertFault(
            "before the effective date",
            "sale.agreement",
            "create",
            {
                "partner_id": self.customer.id,
                "date_start": "2026-06-01",
                "date_end": "2026-05-01",
            },
        )
        self.assertIn("the expiration date", fault.faultString)
        self.assertEqual(self.call("sale.agreement", "search_count", []), count)

        journal = self.call(
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "order_type": "journal",
                "order_line": [(0, 0, {"product_id": self.product.id})],
            },
        )
        self.assertFault("is a journal", "sale.order", "action_confirm", [journal])
        [data] = self.call("sale.order", "read", [journal], ["state", "picking_ids"])
        self.assertEqual((data["state"], data["picking_ids"]), ("draft", []))

        orders = self.call("sale.order", "search_count", [])
        self.assertFault(
            "cannot be chosen by hand",
            "sale.order",
            "create",
            {"partner_id": self.customer.id, "order_type": "item_requirement"},
        )
        self.assertEqual(self.call("sale.order", "search_count", []), orders)

        order = self.call(
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            },
        )
        self.call("sale.order", "action_confirm", [order])
        [data] = self.call("sale.order", "read", [order], ["picking_ids"])
        invoices = self.call("account.move", "search_count", [])
        self.assertFault(
            "no packing slip left",
            "stock.picking",
            "action_invoice_packing_slips",
            data["picking_ids"],
        )
        self.assertEqual(self.call("account.move", "search_count", []), invoices)

    def test_contract_agreement_lines_versions_release_dialog(self):
        """AG-8..AG-12 over XML-RPC: mixed line commitments and policies,
        confirmation versions, the release dialog, the header agreement."""
        today = datetime.date.today()
        term = self.env.ref("account.account_payment_term_30days").id
        agreement = self.call(
            "sale.agreement",
            "create",
            {
                "partner_id": self.customer.id,
                "date_start": today.isoformat(),
                "payment_term_id": term,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "commitment_type": "product_quantity",
                            "product_id": self.product.id,
                            "qty_committed": 10,
                            "price_unit": 70,
                            "max_is_enforced": True,
                            "max_release_amount": 500,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "commitment_type": "value",
                            "amount_committed": 1000,
                            "discount": 10,
                            "price_fixed": True,
                        },
                    ),
                ],
            },
        )
        self.assertTrue(self.call("sale.agreement", "action_confirm", [agreement]))
        [data] = self.call(
            "sale.agreement", "read", [agreement], ["state", "version", "version_ids"]
        )
        self.assertEqual((data["state"], data["version"]), ("effective", 1))
        [version] = self.call(
            "sale.agreement.version",
            "read",
            data["version_ids"],
            ["version", "agreement_id", "document_name"],
        )
        self.assertEqual(version["agreement_id"][0], agreement)
        self.assertFault(
            "cannot be changed",
            "sale.agreement.version",
            "write",
            data["version_ids"],
            {"version": 7},
        )
        self.assertFault(
            "create",
            "sale.agreement.version",
            "create",
            {
                "agreement_id": agreement,
                "version": 9,
                "name": "x",
                "date": "2026-01-01",
            },
        )

        # the release dialog: created by the action, filled, then the quotation
        action = self.call("sale.agreement", "action_create_release_order", [agreement])
        self.assertEqual(action["res_model"], "sale.agreement.release")
        lines = self.call(
            "sale.agreement.release.line",
            "search_read",
            [("release_id", "=", action["res_id"])],
            ["agreement_line_id", "quantity"],
        )
        self.assertEqual([line["quantity"] for line in lines], [10.0, 0.0])
        self.call(
            "sale.agreement.release.line", "write", [lines[0]["id"]], {"quantity": 8}
        )
        self.call(
            "sale.agreement.release.line",
            "write",
            [lines[1]["id"]],
            {"product_id": self.cable.id, "quantity": 4},
        )
        order_action = self.call(
            "sale.agreement.release", "action_create", [action["res_id"]]
        )
        order = order_action["res_id"]
        [header] = self.call(
            "sale.order", "read", [order], ["agreement_id", "payment_term_id"]
        )
        self.assertEqual(header["agreement_id"][0], agreement)
        self.assertEqual(header["payment_term_id"][0], term)
        # 8 x 70 = 560 is above the maximum release amount 500: refused
        self.assertFault(
            "maximum release amount", "sale.order", "action_confirm", [order]
        )
        order_lines = self.call(
            "sale.order.line",
            "search_read",
            [("order_id", "=", order)],
            ["agreement_warning", "discount"],
        )
        self.assertIn("maximum release amount", order_lines[0]["agreement_warning"])
        self.call(
            "sale.order.line", "write", [order_lines[0]["id"]], {"product_uom_qty": 7}
        )
        self.assertTrue(self.call("sale.order", "action_confirm", [order]))
        # a price-fixed line whose discount is changed leaves the agreement
        self.call("sale.order.line", "write", [order_lines[1]["id"]], {"discount": 20})
        [cable] = self.call(
            "sale.order.line", "read", [order_lines[1]["id"]], ["agreement_line_id"]
        )
        self.assertFalse(cable["agreement_line_id"])
        [fulfilment] = self.call(
            "sale.agreement.line",
            "read",
            [lines[0]["agreement_line_id"][0]],
            ["qty_released", "qty_remaining", "commitment_type", "max_is_enforced"],
        )
        self.assertEqual(fulfilment["qty_released"], 7.0)
        self.assertEqual(fulfilment["qty_remaining"], 3.0)
