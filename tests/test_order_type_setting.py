# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""OT-7: order type settings per company."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestOrderTypeSetting(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="sm_ot7_manager", groups="sales_team.group_sale_manager"
        )
        cls.sequence = cls.env["ir.sequence"].create(
            {
                "name": "Subscriptions",
                "prefix": "SUB/",
                "padding": 4,
                "company_id": cls.company.id,
            }
        )
        cls.journal = cls.env["account.journal"].create(
            {"name": "Abonnemang", "code": "ABON", "type": "sale"}
        )
        cls.term = cls.env["account.payment.term"].create(
            {
                "name": "10 dagar",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 10}
                    )
                ],
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Abonnemangspris", "currency_id": cls.company.currency_id.id}
        )
        cls.warehouse2 = cls.env["stock.warehouse"].create(
            {"name": "Lager Syd", "code": "SYD", "company_id": cls.company.id}
        )
        cls.setting = (
            cls.env["sale.order.type.setting"]
            .with_user(cls.manager)
            .create(
                {
                    "order_type": "subscription",
                    "sequence_id": cls.sequence.id,
                    "journal_id": cls.journal.id,
                    "warehouse_id": cls.warehouse2.id,
                    "payment_term_id": cls.term.id,
                    "pricelist_id": cls.pricelist.id,
                }
            )
        )

    def test_ot7_applied_on_creation(self):
        order = self._create_order(order_type="subscription")
        self.assertTrue(order.name.startswith("SUB/"))
        self.assertRecordValues(
            order,
            [
                {
                    "journal_id": self.journal.id,
                    "warehouse_id": self.warehouse2.id,
                    "payment_term_id": self.term.id,
                    "pricelist_id": self.pricelist.id,
                }
            ],
        )
        other = self._create_order()
        self.assertFalse(other.name.startswith("SUB/"))
        self.assertNotEqual(other.journal_id, self.journal)
        self.assertNotEqual(other.warehouse_id, self.warehouse2)

    def test_ot7_applied_in_the_form_after_the_customer(self):
        self.customer.property_payment_term_id = self.env.ref(
            "account.account_payment_term_30days"
        )
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.order_type = "subscription"
        form.partner_id = self.customer
        self.assertEqual(form.payment_term_id, self.term)
        self.assertEqual(form.warehouse_id, self.warehouse2)
        self.assertEqual(form.pricelist_id, self.pricelist)
        with form.order_line.new() as line:
            line.product_id = self.service
        order = form.save()
        self.assertTrue(order.name.startswith("SUB/"))
        self.assertEqual(order.journal_id, self.journal)

    def test_ot7_type_change_of_a_draft(self):
        order = self._create_order()
        order.order_type = "subscription"
        self.assertEqual(order.journal_id, self.journal)
        self.assertEqual(order.payment_term_id, self.term)
        self.assertEqual(order.warehouse_id, self.warehouse2)
        # the number given at creation is kept
        self.assertFalse(order.name.startswith("SUB/"))

    def test_ot7_confirmed_orders_keep_their_values(self):
        order = self._create_order([(self.service, 1.0)], order_type="subscription")
        order.action_confirm()
        self.setting.payment_term_id = False
        order.write({"order_type": "sales"})
        self.assertEqual(order.payment_term_id, self.term)
        self.assertEqual(order.journal_id, self.journal)

    def test_ot7_explicit_values_win(self):
        order = self._create_order(
            order_type="subscription", warehouse_id=self.warehouse.id
        )
        self.assertEqual(order.warehouse_id, self.warehouse)
        self.assertEqual(order.journal_id, self.journal)

    def test_ot7_invoice_in_the_types_journal(self):
        order = self._create_order([(self.service, 1.0)], order_type="subscription")
        order.action_confirm()
        invoice_ids = order.action_invoice_subscription_period()
        invoice = self.env["account.move"].browse(invoice_ids)
        self.assertEqual(invoice.journal_id, self.journal)
        self.assertEqual(invoice.invoice_payment_term_id, self.term)

    def test_ot7_per_company(self):
        company_b = self.env["res.company"].create({"name": "Bolag B"})
        order = self._create_order(order_type="subscription", company_id=company_b.id)
        self.assertFalse(order.name.startswith("SUB/"))
        self.assertNotEqual(order.journal_id, self.journal)

    def test_ot7_one_setting_per_type_and_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["sale.order.type.setting"].create({"order_type": "subscription"})

    def test_ot7_journal_must_be_a_sales_journal(self):
        purchase = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.company.id)], limit=1
        )
        with self.assertRaisesRegex(ValidationError, "not a sales journal"):
            self.env["sale.order.type.setting"].create(
                {"order_type": "sales", "journal_id": purchase.id}
            )
        self.assertFalse(
            self.env["sale.order.type.setting"].search([("order_type", "=", "sales")])
        )

    def test_ot7_subscription_warehouse_delivers_directly(self):
        self.warehouse2.delivery_steps = "pick_pack_ship"
        with self.assertRaisesRegex(ValidationError, "delivers in several steps"):
            self.setting.warehouse_id = self.warehouse2
        self.warehouse2.delivery_steps = "ship_only"

    def test_ot7_access(self):
        Setting = self.env["sale.order.type.setting"]
        self.assertEqual(Setting.with_user(self.salesman).search([]), self.setting)
        with self.assertRaises(AccessError):
            Setting.with_user(self.salesman).create({"order_type": "journal"})
        with self.assertRaises(AccessError):
            self.setting.with_user(self.salesman).write({"journal_id": False})
        user_b = new_test_user(
            self.env,
            login="sm_ot7_b",
            groups="sales_team.group_sale_manager",
            company_id=self.env["res.company"].create({"name": "Bolag C"}).id,
        )
        user_b.company_ids = user_b.company_id
        self.assertFalse(Setting.with_user(user_b).search([]))

    def test_ot7_no_extra_queries_on_creation(self):
        """The settings are read once per registry (cached): an order that
        takes journal, terms and pricelist from its type's setting costs at
        most the reading of that setting more than one given them by hand."""
        Order = self.env["sale.order"]
        given = {
            "journal_id": self.journal.id,
            "payment_term_id": self.term.id,
            "pricelist_id": self.pricelist.id,
        }

        def count(vals):
            Order.create(vals)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Order.create(vals)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        vals = {"partner_id": self.customer.id, "order_type": "sales"}
        by_hand = count(dict(vals, **given))
        self.env["sale.order.type.setting"].create(dict(given, order_type="sales"))
        by_setting = count(vals)
        self.assertLessEqual(by_setting, by_hand + 3, (by_hand, by_setting))

    def test_ot7_the_five_types_stay_fixed(self):
        order = self._create_order(order_type="journal")
        self.env["sale.order.type.setting"].create(
            {"order_type": "journal", "journal_id": self.journal.id}
        )
        with self.assertRaisesRegex(UserError, "cannot be confirmed"):
            order.action_confirm()
