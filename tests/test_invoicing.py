# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util
import io
import re
import subprocess
import tempfile
import threading
from collections import namedtuple
from datetime import timedelta

from PyPDF2 import PdfReader

from odoo import Command
from odoo import api
from odoo import fields
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase

CommittedOrder = namedtuple("CommittedOrder", "partner_id order_id picking_id")


class InvoicingCase(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer2 = cls.env["res.partner"].create({"name": "Annan Kund AB"})
        cls.tax = cls.env["account.tax"].create(
            {"name": "Moms 25%", "amount": 25.0, "type_tax_use": "sale"}
        )
        cls.income = cls.env["account.account"].search(
            [
                ("company_ids", "in", cls.company.id),
                ("account_type", "=", "income"),
            ],
            limit=1,
        )
        cls.receivable = cls.env["account.account"].create(
            {
                "name": "Kundfordringar export",
                "code": "151099",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.profile = cls.env["account.posting.profile"].create(
            {"name": "Export", "account_id": cls.receivable.id}
        )

    def _confirmed(self, lines, partner=None, **vals):
        order = self._create_order(
            lines, partner_id=(partner or self.customer).id, **vals
        )
        order.action_confirm()
        return order

    def _committed_delivered_order(self, name, **partner_vals):
        """A delivered order of a new customer, committed so that other
        cursors see it (concurrency tests); removed again after the test.
        Returns CommittedOrder ids."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {"tracking_disable": True})
            partner = env["res.partner"].create({"name": f"{name} AB", **partner_vals})
            product = env["product.product"].create(
                {"name": name, "type": "consu", "list_price": 10}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.action_confirm()
            for move in order.picking_ids.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            order.picking_ids._action_done()
            ids = CommittedOrder(partner.id, order.id, order.picking_ids.id)
        self.addCleanup(self._cleanup_committed_order, ids)
        return ids

    def _cleanup_committed_order(self, ids):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            order = env["sale.order"].browse(ids.order_id)
            order.picking_ids.move_ids.invoice_line_id = False
            invoices = env["account.move"].search([("partner_id", "=", ids.partner_id)])
            invoices.filtered(lambda m: m.state == "posted").button_draft()
            invoices.with_context(force_delete=True).unlink()
            env["res.partner"].browse(ids.partner_id).invoice_schedule = "none"

    def _slips(self, *orders):
        return self.env["stock.picking"].search(
            [("sale_id", "in", [o.id for o in orders]), ("state", "=", "done")]
        )


@tagged("post_install", "-at_install")
class TestPackingSlipInvoicing(InvoicingCase):
    def test_in2_one_invoice_per_customer_address_currency(self):
        order_a = self._confirmed([(self.product, 2.0)])
        order_b = self._confirmed([(self.product_b, 3.0)])
        order_c = self._confirmed([(self.product, 1.0)], partner=self.customer2)
        delivery_address = self.env["res.partner"].create(
            {"name": "Faktura", "type": "invoice", "parent_id": self.customer.id}
        )
        order_d = self._confirmed(
            [(self.product, 5.0)], partner_invoice_id=delivery_address.id
        )
        for order in (order_a, order_b, order_c, order_d):
            self._deliver(order)
        invoices = self._slips(
            order_a, order_b, order_c, order_d
        )._invoice_packing_slips()
        self.assertEqual(len(invoices), 3)
        by_partner = {inv.partner_id: inv for inv in invoices}
        self.assertEqual(
            by_partner[self.customer].invoice_line_ids.sale_line_ids.order_id,
            order_a | order_b,
        )
        self.assertEqual(by_partner[self.customer].amount_untaxed, 350.0)
        self.assertEqual(by_partner[self.customer2].amount_untaxed, 100.0)
        self.assertEqual(by_partner[delivery_address].amount_untaxed, 500.0)
        self.assertEqual(set(invoices.mapped("state")), {"draft"})

    def test_in2_currency_splits_invoices(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id}
        )
        order_usd = self._confirmed([(self.product, 1.0)])
        order_eur = self._confirmed([(self.product, 1.0)], pricelist_id=pricelist.id)
        self._deliver(order_usd)
        self._deliver(order_eur)
        invoices = self._slips(order_usd, order_eur)._invoice_packing_slips()
        self.assertEqual(len(invoices), 2)
        self.assertEqual(set(invoices.currency_id), {eur, self.company.currency_id})

    def test_in2_exact_quantities_of_partial_slips(self):
        order = self._confirmed([(self.product, 10.0), (self.product_b, 4.0)])
        first = self._deliver(order, {self.product: 3.0, self.product_b: 4.0})
        second = self._deliver(order, {self.product: 5.0})
        invoice = first._invoice_packing_slips()
        self.assertRecordValues(
            invoice.invoice_line_ids.sorted("quantity"),
            [
                {"product_id": self.product.id, "quantity": 3.0},
                {"product_id": self.product_b.id, "quantity": 4.0},
            ],
        )
        self.assertEqual(first.invoice_state, "invoiced")
        self.assertEqual(second.invoice_state, "to_invoice")
        self.assertEqual(first.move_ids.invoice_line_id.move_id, invoice)
        self.assertEqual(first.slip_invoice_ids, invoice)
        self.assertEqual(invoice.packing_slip_ids, first)
        invoice.action_post()
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        self.assertEqual(
            (line.qty_deliver_remainder, line.qty_invoice_remainder), (2.0, 7.0)
        )
        invoice2 = second._invoice_packing_slips()
        self.assertEqual(invoice2.invoice_line_ids.quantity, 5.0)
        invoice2.action_post()
        self.assertEqual(line.qty_invoice_remainder, 2.0)
        self.assertEqual(order.sales_status, "open")

    def test_in2_returns_on_slips_deducted(self):
        order = self._confirmed([(self.product, 10.0)])
        delivery = self._deliver(order)
        returned = self._return(delivery, {self.product: 3.0})
        self.assertEqual(returned.invoice_state, "to_invoice")
        invoice = (delivery | returned)._invoice_packing_slips()
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.invoice_line_ids.quantity, 7.0)
        self.assertEqual(
            (delivery | returned).mapped("invoice_state"), ["invoiced"] * 2
        )

    def test_in2_return_after_invoicing_gives_credit_note(self):
        order = self._confirmed([(self.product, 10.0)])
        delivery = self._deliver(order)
        delivery._invoice_packing_slips().action_post()
        returned = self._return(delivery, {self.product: 4.0})
        credit = returned._invoice_packing_slips()
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.invoice_line_ids.quantity, 4.0)
        credit.action_post()
        self.assertEqual(order.order_line.qty_invoice_remainder, 4.0)
        self.assertEqual(order.order_line.qty_deliver_remainder, 4.0)

    def test_in2_slip_never_invoiced_twice(self):
        order = self._confirmed([(self.product, 2.0)])
        delivery = self._deliver(order)
        delivery._invoice_packing_slips()
        count = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "no packing slip left"):
            delivery._invoice_packing_slips()
        self.assertEqual(self.env["account.move"].search_count([]), count)

    def test_in2_order_invoiced_from_the_order(self):
        order = self._confirmed([(self.product, 2.0)])
        delivery = self._deliver(order)
        self._invoice(order)
        self.assertEqual(delivery.invoice_state, "invoiced")
        with self.assertRaisesRegex(UserError, "no packing slip left"):
            delivery._invoice_packing_slips()

    def test_in2_up_to_date_and_all_slips(self):
        order = self._confirmed([(self.product, 1.0)])
        order2 = self._confirmed([(self.product_b, 1.0)])
        old = self._deliver(order)
        new = self._deliver(order2)
        old.date_done = fields.Datetime.now() - timedelta(days=10)
        Picking = self.env["stock.picking"]
        invoice = Picking._invoice_packing_slips(
            date_to=fields.Date.today() - timedelta(days=5)
        )
        self.assertIn(old, invoice.packing_slip_ids)
        self.assertNotIn(new, invoice.packing_slip_ids)
        self.assertEqual(new.invoice_state, "to_invoice")

    def test_in2_wizard_for_chosen_customers(self):
        order = self._confirmed([(self.product, 2.0)])
        other = self._confirmed([(self.product, 2.0)], partner=self.customer2)
        self._deliver(order)
        self._deliver(other)
        wizard = Form(self.env["stock.invoice.packing.slips"])
        wizard.partner_ids.add(self.customer)
        wizard = wizard.save()
        self.assertEqual(wizard.picking_ids, self._slips(order))
        action = wizard.action_create_invoices()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(self._slips(other).invoice_state, "to_invoice")

    def test_in2_public_method_returns_invoice_ids(self):
        order = self._confirmed([(self.product, 2.0)])
        delivery = self._deliver(order)
        ids = delivery.action_invoice_packing_slips()
        self.assertIsInstance(ids, list)
        self.assertEqual(
            self.env["account.move"].browse(ids).invoice_line_ids.quantity, 2.0
        )

    def test_in2_salesman_invoices_slips(self):
        order = self._confirmed([(self.product, 2.0)], user_id=self.salesman.id)
        delivery = self._deliver(order)
        invoice = delivery.with_user(self.salesman)._invoice_packing_slips()
        self.assertEqual(invoice.invoice_line_ids.quantity, 2.0)
        self.assertEqual(delivery.invoice_state, "invoiced")


@tagged("post_install", "-at_install")
class TestPackingSlipConcurrency(InvoicingCase):
    def test_in2_two_users_at_once_never_invoice_twice(self):
        registry = self.env.registry
        ids = self._committed_delivered_order("Samtidig")
        picking_id = ids.picking_id

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.env.uid, {})
        env2 = api.Environment(cr2, self.env.uid, {})
        env1["stock.picking"].browse(picking_id).read(["invoice_state"])
        env2["stock.picking"].browse(picking_id).read(["invoice_state"])
        env1["stock.picking"].browse(picking_id)._invoice_packing_slips()
        env1.flush_all()
        outcome = {}

        def second_user():
            try:
                env2["stock.picking"].browse(picking_id)._invoice_packing_slips()
                outcome["first_try"] = "invoiced"
            except UserError as error:
                outcome["first_try"] = str(error)
            finally:
                cr2.rollback()

        thread = threading.Thread(target=second_user)
        thread.start()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive(), "the second run does not wait")
        # the slip being invoiced by the first user is left to it
        self.assertIn("no packing slip left", outcome["first_try"])
        cr1.commit()
        # and once committed, a new attempt finds nothing left either
        env2.invalidate_all()
        with self.assertRaisesRegex(UserError, "no packing slip left"):
            env2["stock.picking"].browse(picking_id)._invoice_packing_slips()
        cr2.rollback()
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            invoices = env["account.move"].search([("partner_id", "=", ids.partner_id)])
            self.assertEqual(len(invoices), 1)


@tagged("post_install", "-at_install")
class TestFreeTextInvoice(InvoicingCase):
    def _free_text(self, lines, **vals):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "is_free_text": True,
                "partner_id": self.customer.id,
                "invoice_line_ids": [Command.create(line) for line in lines],
                **vals,
            }
        )

    def _line(self, **vals):
        return {
            "name": "Konsulttimmar november",
            "account_id": self.income.id,
            "price_unit": 1000.0,
            "tax_ids": [Command.set(self.tax.ids)],
            **vals,
        }

    def test_in3_posted_journal_items_with_posting_profile(self):
        invoice = self._free_text(
            [self._line(), self._line(name="Resor", price_unit=200.0)],
            posting_profile_id=self.profile.id,
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        items = invoice.line_ids
        product_items = items.filtered(lambda i: i.display_type == "product")
        self.assertEqual(product_items.account_id, self.income)
        self.assertEqual(sorted(product_items.mapped("credit")), [200.0, 1000.0])
        tax_items = items.filtered(lambda i: i.display_type == "tax")
        self.assertEqual(tax_items.tax_line_id, self.tax)
        self.assertEqual(tax_items.credit, 300.0)
        receivable = items.filtered(lambda i: i.display_type == "payment_term")
        self.assertEqual(receivable.account_id, self.receivable)
        self.assertEqual(sum(receivable.mapped("debit")), 1500.0)

    def test_in3_default_is_the_partner_receivable(self):
        invoice = self._free_text([self._line()])
        invoice.action_post()
        receivable = invoice.line_ids.filtered(
            lambda i: i.display_type == "payment_term"
        )
        self.assertEqual(
            receivable.account_id, self.customer.property_account_receivable_id
        )

    def test_in3_changing_profile_moves_the_receivable(self):
        invoice = self._free_text([self._line()])
        invoice.posting_profile_id = self.profile
        receivable = invoice.line_ids.filtered(
            lambda i: i.display_type == "payment_term"
        )
        self.assertEqual(receivable.account_id, self.receivable)
        invoice.posting_profile_id = False
        self.assertEqual(
            receivable.account_id, self.customer.property_account_receivable_id
        )

    def test_in3_products_refused(self):
        count = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(ValidationError, "free text lines have no product"):
            self._free_text([self._line(product_id=self.product.id)])
        self.assertEqual(self.env["account.move"].search_count([]), count)

    def test_in3_taxes_required(self):
        invoice = self._free_text([self._line(tax_ids=[Command.clear()])])
        with self.assertRaisesRegex(UserError, "taxes are required"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_in3_form_as_billing_user(self):
        billing = new_test_user(
            self.env, login="sm_billing", groups="account.group_account_invoice"
        )
        context = {"default_move_type": "out_invoice", "default_is_free_text": True}
        move_form = Form(
            self.env["account.move"].with_user(billing).with_context(**context),
            view="sales_marketing.account_move_view_form_free_text",
        )
        move_form.partner_id = self.customer
        move_form.posting_profile_id = self.profile
        with move_form.invoice_line_ids.new() as line:
            line.name = "Serviceavtal"
            line.account_id = self.income
            line.price_unit = 400.0
            line.tax_ids.clear()
            line.tax_ids.add(self.tax)
        invoice = move_form.save()
        self.assertTrue(invoice.is_free_text)
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 500.0)

    def test_in3_only_customer_documents(self):
        with self.assertRaisesRegex(
            ValidationError, "free text invoices and posting profiles are for customer"
        ):
            self.env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.customer.id,
                    "is_free_text": True,
                }
            )

    def test_in3_posting_profile_account_is_receivable(self):
        Profile = self.env["account.posting.profile"]
        with self.assertRaisesRegex(
            ValidationError, "Posting profile Intäkter: .* is not a receivable"
        ):
            Profile.create({"name": "Intäkter", "account_id": self.income.id})
        self.assertFalse(Profile.search([("name", "=", "Intäkter")]))
        # over XML-RPC an integration writes the field directly: refused too
        with self.assertRaisesRegex(ValidationError, "Export: .* is not a receivable"):
            self.profile.write({"account_id": self.income.id})
        self.assertEqual(self.profile.account_id, self.receivable)
        # and the account of a profile keeps its receivable type
        with self.assertRaisesRegex(
            ValidationError, "summary account of posting profile Export"
        ):
            self.receivable.account_type = "income"
        self.assertEqual(self.receivable.account_type, "asset_receivable")
        self.profile.active = False
        with self.assertRaisesRegex(ValidationError, "posting profile Export"):
            self.receivable.write({"account_type": "asset_current"})
        # an account no profile uses changes freely
        spare = self.receivable.copy({"code": "151098"})
        spare.account_type = "asset_current"
        self.assertEqual(spare.account_type, "asset_current")


@tagged("post_install", "-at_install")
class TestProforma(InvoicingCase):
    """IN-4 through Odoo's own entry points: the sales order's pro-forma is
    sale.action_report_pro_forma_invoice (and Send PRO-FORMA Invoice), the draft
    invoice's is Odoo's invoice document in pro-forma mode."""

    SALE_PROFORMA = "sale.action_report_pro_forma_invoice"
    MOVE_PROFORMA = "sales_marketing.account_move_report_proforma"

    def _html(self, report, records, lang=None):
        report_action = self.env.ref(report)
        html, __ = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_html(report_action.report_name, records.ids)
        )
        return html.decode()

    def _print_menu_proformas(self, model, user):
        reports = (
            self.env["ir.actions.actions"]
            .with_user(user)
            .get_bindings(model)
            .get("report", [])
        )
        return [
            report["id"]
            for report in reports
            if re.search(r"pro.?forma", report["name"], re.IGNORECASE)
        ]

    def _proforma_rows(self, order):
        return [
            (row.line.product_id.name or row.line.name, row.quantity)
            for row in order._get_proforma_invoice_values()["lines"]
        ]

    def test_in4_sale_order_proforma_is_the_next_invoice(self):
        order = self._confirmed([(self.product, 10.0), (self.product_b, 2.0)])
        self._deliver(order, {self.product: 4.0, self.product_b: 0.0})
        moves_before = self.env["account.move"].search_count([])
        html = self._html(self.SALE_PROFORMA, order)
        self.assertIn("PRO-FORMA", html)
        self.assertIn("This is not an invoice", html)
        # product: 4 delivered (delivery policy); product_b: ordered (order policy)
        self.assertIn("4.00", html)
        self.assertNotIn("10.00", html)
        values = order._get_proforma_invoice_values()
        self.assertEqual(
            [(line.product_id, qty) for line, qty, __ in values["lines"]],
            [(self.product, 4.0), (self.product_b, 2.0)],
        )
        self.assertEqual([row.subtotal for row in values["lines"]], [400.0, 100.0])
        self.assertEqual(values["tax_totals"]["base_amount_currency"], 500.0)
        self.assertIn("500.00", html)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertFalse(order.invoice_ids)
        # Odoo's quotation document sent as a pro-forma (proforma in the
        # context) shows the same next invoice
        quotation_report = self.env["ir.actions.report"].with_context(proforma=True)
        html, __ = quotation_report._render_qweb_html(
            "sale.report_saleorder", order.ids
        )
        self.assertIn("PRO-FORMA INVOICE", html.decode())
        self.assertIn("500.00", html.decode())

    def test_in4_quotation_proforma_has_every_line(self):
        order = self._create_order([(self.product, 3.0)])
        values = order._get_proforma_invoice_values()
        self.assertEqual([qty for __, qty, __ in values["lines"]], [3.0])
        self.assertEqual(values["tax_totals"]["base_amount_currency"], 300.0)
        # the quotation document itself is not a pro-forma
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "sale.report_saleorder", order.ids
        )
        self.assertNotIn("PRO-FORMA", html.decode())

    def test_in4_proforma_sections_and_nothing_to_invoice(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"display_type": "line_section", "name": "Hardware"}
                    ),
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 10}
                    ),
                    Command.create(
                        {"display_type": "line_section", "name": "Services"}
                    ),
                    Command.create(
                        {"product_id": self.service.id, "product_uom_qty": 1}
                    ),
                ],
            }
        )
        order.action_confirm()
        # a section comes with its invoiceable lines only
        self.assertEqual(
            self._proforma_rows(order), [("Services", 0.0), ("Installation", 1.0)]
        )
        self._deliver(order, {self.product: 3.0})
        self.assertEqual(
            self._proforma_rows(order),
            [
                ("Hardware", 0.0),
                ("Widget", 3.0),
                ("Services", 0.0),
                ("Installation", 1.0),
            ],
        )
        html = self._html(self.SALE_PROFORMA, order)
        self.assertIn("Hardware", html)
        # the Hardware subtotal is the 3 delivered, not the 10 ordered
        self.assertIn("300.00", html)
        self.assertNotIn("1,000.00", html)
        self.assertIn("380.00", html)
        self._invoice(order)
        self.assertEqual(order._get_proforma_invoice_values()["lines"], [])
        self.assertIn("Nothing to invoice yet.", self._html(self.SALE_PROFORMA, order))

    def test_in4_one_proforma_in_the_print_menu(self):
        self.assertTrue(self.salesman.has_group("sale.group_proforma_sales"))
        [action_id] = self._print_menu_proformas("sale.order", self.salesman)
        self.assertEqual(action_id, self.env.ref(self.SALE_PROFORMA).id)
        billing = new_test_user(
            self.env,
            login="sm_proforma_billing",
            groups="account.group_account_invoice",
        )
        [action_id] = self._print_menu_proformas("account.move", billing)
        self.assertEqual(action_id, self.env.ref(self.MOVE_PROFORMA).id)

    def test_in4_draft_invoice_proforma_consumes_no_number(self):
        order = self._confirmed([(self.product_b, 2.0)])
        invoice = order._create_invoices()
        name_before = invoice.name
        html = self._html(self.MOVE_PROFORMA, invoice)
        self.assertIn("PRO-FORMA INVOICE", html)
        self.assertIn("This is not an invoice", html)
        self.assertIn("100.00", html)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.name, name_before)
        self.assertFalse(invoice.name and invoice.name != "/")
        # Odoo's own print of the draft stays a draft invoice
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "account.report_invoice", invoice.ids
        )
        self.assertNotIn("PRO-FORMA", html.decode())
        invoice.action_post()
        with self.assertRaisesRegex(UserError, "printed from a draft customer invoice"):
            self._html(self.MOVE_PROFORMA, invoice)

    def test_in4_draft_credit_note_proforma(self):
        order = self._confirmed([(self.product_b, 2.0)])
        credit_note = self._invoice(order)._reverse_moves()
        html = self._html(self.MOVE_PROFORMA, credit_note)
        self.assertIn("PRO-FORMA CREDIT NOTE", html)
        self.assertEqual(credit_note.state, "draft")

    def test_in4_free_text_invoice_proforma(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "is_free_text": True,
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Utbildning",
                            "account_id": self.income.id,
                            "price_unit": 800.0,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        html = self._html(self.MOVE_PROFORMA, invoice)
        self.assertIn("Utbildning", html)
        self.assertIn("1,000.00", html)

    def test_in4_proforma_in_swedish(self):
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"].search(
            [("name", "in", ("sale", "sales_marketing"))]
        )._update_translations(["sv_SE"])
        self.customer.lang = "sv_SE"
        order = self._confirmed([(self.product_b, 1.0)])
        html = self._html(self.SALE_PROFORMA, order)
        self.assertIn("PROFORMAFAKTURA", html)
        self.assertIn("Beskrivning", html)
        self.assertIn("Detta är ingen faktura", html)
        html = self._html(self.MOVE_PROFORMA, order._create_invoices())
        self.assertIn("PROFORMAFAKTURA", html)
        self.assertIn("Detta är ingen faktura", html)
        html_en = self._html(
            self.SALE_PROFORMA,
            self._confirmed([(self.product_b, 1.0)], partner=self.customer2),
        )
        self.assertIn("PRO-FORMA INVOICE", html_en)

    def test_in4_pdf_rendered_with_wkhtmltopdf(self):
        order = self._confirmed([(self.product_b, 2.0)])
        invoice = order._create_invoices()
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for xmlid, records in (
            (self.SALE_PROFORMA, order),
            (self.MOVE_PROFORMA, invoice),
        ):
            pdf, kind = report._render_qweb_pdf(xmlid, records.ids)
            self.assertEqual(kind, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"))
            self.assertGreater(len(PdfReader(io.BytesIO(pdf)).pages), 0)
            with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
                tmp.write(pdf)
                tmp.flush()
                info = subprocess.run(
                    ["pdfinfo", tmp.name], capture_output=True, text=True, check=True
                ).stdout
            self.assertRegex(info, r"Pages:\s+[1-9]")

    def test_in4_proforma_emailed_from_the_order(self):
        order = self._confirmed([(self.product_b, 2.0)], user_id=self.salesman.id)
        # the Send PRO-FORMA Invoice button, as a salesperson
        action = (
            order.with_user(self.salesman)
            .with_context(proforma=True, validate_analytic=True)
            .action_quotation_send()
        )
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.salesman)
            .with_context(**action["context"])
        ).save()
        self.assertIn("Pro-forma", composer.subject)
        composer.action_send_mail()
        message = order.message_ids[0]
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn("PRO-FORMA", message.attachment_ids.name)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.invoice_ids)
        # without the context it is Odoo's order confirmation again
        action = order.action_quotation_send()
        self.assertEqual(
            action["context"]["default_template_id"],
            self.env.ref("sale.mail_template_sale_confirmation").id,
        )

    def test_in4_proforma_emailed_from_a_draft_invoice(self):
        order = self._confirmed([(self.product_b, 2.0)])
        invoice = order._create_invoices()
        action = invoice.action_proforma_send()
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        ).save()
        self.assertIn("Pro-forma", composer.subject)
        composer.action_send_mail()
        message = invoice.message_ids[0]
        self.assertEqual(message.subject, composer.subject)
        self.assertIn("PRO-FORMA", message.attachment_ids.name)
        # the attachment is not read back as an invoice to import
        self.assertEqual(len(invoice.message_ids.filtered("subject")), 1)
        self.assertNotIn(
            "not updated from the attachment", str(invoice.message_ids.mapped("body"))
        )
        self.assertEqual(invoice.state, "draft")
        invoice.action_post()
        with self.assertRaisesRegex(UserError, "printed from a draft customer invoice"):
            invoice.action_proforma_send()

    def test_in4_upgrade_to_odoos_proforma(self):
        """migrations/18.0.2.0.0: a database of release 18.0.1.0.0 had our own
        order pro-forma, attached by the e-mail template, and not Odoo's
        setting: after the upgrade Odoo's pro-forma is on and attached."""
        group_user = self.env.ref("base.group_user")
        proforma_group = self.env.ref("sale.group_proforma_sales")
        odoos = self.env.ref(self.SALE_PROFORMA)
        template = self.env.ref("sales_marketing.mail_template_sale_order_proforma")
        # our report action of the release (its xml id is kept for the API)
        ours = self.env.ref("sales_marketing.sale_order_report_proforma")
        template.report_template_ids = [Command.set(ours.ids)]
        group_user.implied_ids = [Command.unlink(proforma_group.id)]
        seller = new_test_user(
            self.env, login="sm_release_seller", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(seller.has_group("sale.group_proforma_sales"))

        path = f"{get_module_path('sales_marketing')}/migrations/18.0.2.0.0/"
        spec = importlib.util.spec_from_file_location(
            "post_proforma_is_odoos", path + "post-10-proforma-is-odoos.py"
        )
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()

        self.assertIn(proforma_group, group_user.implied_ids)
        self.assertTrue(seller.has_group("sale.group_proforma_sales"))
        self.assertEqual(template.report_template_ids, odoos)
        # run again (or on a template no longer attaching ours): nothing changes
        template.report_template_ids = [Command.clear()]
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.assertFalse(template.report_template_ids)
