# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import xmlrpc.client
from contextlib import contextmanager

from odoo import Command
from odoo.tests import Form
from odoo.tests import TransactionCase
from odoo.tests import new_test_user


class SalesMarketingCase(TransactionCase):
    """Shared data and helpers: a stocked product, a service, a customer and the
    one-step warehouse of the main company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.salesman = new_test_user(
            cls.env,
            login="sm_salesman",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Kund AB", "email": "kund@example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Widget",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_b = cls.env["product.product"].create(
            {
                "name": "Gadget",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "order",
                "list_price": 50.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Installation",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 80.0,
                "taxes_id": [Command.clear()],
            }
        )
        for product in cls.product | cls.product_b:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.stock_location, 1000.0
            )

    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """Like Odoo's assertRaises (unlike unittest's assertRaisesRegex): roll
        back what the failing call wrote, as a request would, so that a test can
        assert that nothing was written."""
        if args or kwargs:
            return super().assertRaisesRegex(
                expected_exception, expected_regex, *args, **kwargs
            )
        return self._assert_raises_regex_rollback(expected_exception, expected_regex)

    @contextmanager
    def _assert_raises_regex_rollback(self, expected_exception, expected_regex):
        with self.assertRaises(expected_exception) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)

    # -- helpers --------------------------------------------------------------
    @classmethod
    def _create_order(cls, lines=None, **vals):
        """lines: [(product, qty)] or [(product, qty, uom)]"""
        lines = lines if lines is not None else [(cls.product, 10.0)]
        order_lines = []
        for line in lines:
            product, qty = line[0], line[1]
            line_vals = {"product_id": product.id, "product_uom_qty": qty}
            if len(line) > 2:
                line_vals["product_uom"] = line[2].id
            order_lines.append(Command.create(line_vals))
        return cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "order_line": order_lines, **vals}
        )

    def _deliver(self, order, quantities=None, backorder=True):
        """Validate the open delivery of ``order``; ``quantities`` maps
        product -> quantity to deliver (default: everything)."""
        picking = order.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "outgoing"
            )
        )
        self.assertEqual(len(picking), 1, "one open delivery expected")
        for move in picking.move_ids:
            qty = (quantities or {}).get(move.product_id, move.product_uom_qty)
            move.quantity = qty
            move.picked = True
        picking.with_context(cancel_backorder=not backorder)._action_done()
        return picking

    def _return(self, picking, quantities):
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = quantities.get(line.product_id, 0.0)
        return_picking = wizard._create_return()
        for move in return_picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        return_picking._action_done()
        return return_picking

    def _invoice(self, order, post=True, final=False):
        invoice = order._create_invoices(final=final)
        if post:
            invoice.action_post()
        return invoice

    def _refund(self, invoice, post=True):
        refund = invoice._reverse_moves()
        if post:
            refund.action_post()
        return refund


class XmlRpcCallMixin:
    """For HttpCase suites driving the server over XML-RPC as users whose
    password is ``<login>_pw``."""

    def call(self, login, model, method, *args, **kwargs):
        password = f"{login}_pw"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, password, model, method, list(args), kwargs
        )

    def assertFault(self, fragment, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as error:
            self.call(*args, **kwargs)
        self.assertIn(fragment, error.exception.faultString)
