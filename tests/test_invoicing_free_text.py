# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""IN-7 free text templates, recurrence, distribution; IN-8 posting profile
resolution."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_invoicing import InvoicingCase


class FreeTextCase(InvoicingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env, login="sm_in7_billing", groups="account.group_account_invoice"
        )
        cls.income2 = cls.income.copy({"code": "301099", "name": "Intäkter 2"})
        cls.income3 = cls.income.copy({"code": "301098", "name": "Intäkter 3"})
        cls.today = fields.Date.context_today(cls.env["account.move"])

    def _template(self, lines=None, **vals):
        lines = lines or [{}]
        return (
            self.env["account.free.text.template"]
            .with_user(self.billing)
            .create(
                {
                    "name": "Serviceavgift",
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Service",
                                "account_id": self.income.id,
                                "amount": 1000.0,
                                "tax_ids": [Command.set(self.tax.ids)],
                                **line,
                            }
                        )
                        for line in lines
                    ],
                    **vals,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestFreeTextTemplate(FreeTextCase):
    def test_in7_one_click_draft_invoice(self):
        template = self._template(
            [{}, {"name": "Resor", "amount": 200.0, "account_id": self.income2.id}]
        )
        action = template.action_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertRecordValues(
            invoice,
            [
                {
                    "state": "draft",
                    "is_free_text": True,
                    "partner_id": self.customer.id,
                    "free_text_template_id": template.id,
                    "amount_untaxed": 1200.0,
                    "amount_total": 1500.0,
                }
            ],
        )
        self.assertEqual(
            invoice.invoice_line_ids.account_id, self.income | self.income2
        )
        invoice.with_user(self.billing).action_post()
        self.assertEqual(template.invoice_count, 1)

    def test_in7_distribution_by_percent(self):
        template = self._template(
            [
                {
                    "amount": 1000.0,
                    "distribution_type": "percent",
                    "distribution_ids": [
                        Command.create({"account_id": a.id, "value": v, "sequence": s})
                        for s, (a, v) in enumerate(
                            [
                                (self.income, 33.33),
                                (self.income2, 33.33),
                                (self.income3, 33.34),
                            ]
                        )
                    ],
                }
            ]
        )
        invoice = template._create_invoices()
        invoice.action_post()
        product_items = invoice.line_ids.filtered(lambda i: i.display_type == "product")
        self.assertEqual(len(product_items), 3)
        self.assertEqual(
            {item.account_id: item.credit for item in product_items},
            {self.income: 333.3, self.income2: 333.3, self.income3: 333.4},
        )
        self.assertEqual(invoice.amount_untaxed, 1000.0)

    def test_in7_distribution_by_amount(self):
        template = self._template(
            [
                {
                    "amount": 900.0,
                    "distribution_type": "amount",
                    "distribution_ids": [
                        Command.create({"account_id": self.income.id, "value": 600.0}),
                        Command.create({"account_id": self.income2.id, "value": 300.0}),
                    ],
                }
            ]
        )
        invoice = template._create_invoices()
        invoice.action_post()
        self.assertEqual(
            sorted(
                invoice.line_ids.filtered(lambda i: i.display_type == "product").mapped(
                    "credit"
                )
            ),
            [300.0, 600.0],
        )

    def test_in7_distribution_must_add_up(self):
        Template = self.env["account.free.text.template"]
        with self.assertRaisesRegex(
            ValidationError, "adds up to 90.0 instead of 100.0"
        ):
            self._template(
                [
                    {
                        "distribution_type": "percent",
                        "distribution_ids": [
                            Command.create({"account_id": self.income.id, "value": 50}),
                            Command.create(
                                {"account_id": self.income2.id, "value": 40}
                            ),
                        ],
                    }
                ],
                name="Fel fördelning",
            )
        self.assertFalse(Template.search([("name", "=", "Fel fördelning")]))
        with self.assertRaisesRegex(ValidationError, "positive share"):
            self._template(
                [{"distribution_type": "amount", "distribution_ids": []}],
                name="Fel fördelning",
            )
        self.assertFalse(Template.search([("name", "=", "Fel fördelning")]))

    def test_in7_taxes_required(self):
        with self.assertRaisesRegex(ValidationError, "taxes are required"):
            self._template([{"tax_ids": []}], name="Utan moms")
        self.assertFalse(
            self.env["account.free.text.template"].search([("name", "=", "Utan moms")])
        )

    def test_in7_template_without_lines(self):
        template = self.env["account.free.text.template"].create(
            {"name": "Tom", "partner_id": self.customer.id}
        )
        count = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "has no lines"):
            template.action_create_invoice()
        self.assertEqual(self.env["account.move"].search_count([]), count)

    def test_in7_access(self):
        template = self._template()
        with self.assertRaises(AccessError):
            template.with_user(self.salesman).read(["name"])
        company_b = self.env["res.company"].create({"name": "Bolag B"})
        user_b = new_test_user(
            self.env,
            login="sm_in7_b",
            groups="account.group_account_invoice",
            company_id=company_b.id,
        )
        user_b.company_ids = company_b
        self.assertFalse(
            self.env["account.free.text.template"].with_user(user_b).search([])
        )
        self.assertFalse(
            self.env["account.free.text.template.line"].with_user(user_b).search([])
        )


@tagged("post_install", "-at_install")
class TestFreeTextRecurring(FreeTextCase):
    def _run_job(self):
        ids = self.env["sale.order"]._cron_invoice_subscriptions()
        return self.env["account.move"].browse(ids).filtered("free_text_template_id")

    def test_in7_recurring_on_the_subscription_job(self):
        start = self.today - relativedelta(months=2)
        template = self._template(
            is_recurring=True,
            recurrence_interval=1,
            recurrence_unit="month",
            date_start=start,
        )
        self.assertEqual(template.next_invoice_date, start)
        invoices = self._run_job()
        # catch-up: the periods started so far, each once, oldest first
        self.assertEqual(len(invoices), 3)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(
            sorted(invoices.mapped("free_text_period_start")),
            [start, start + relativedelta(months=1), start + relativedelta(months=2)],
        )
        self.assertEqual(template.period_index, 3)
        self.assertEqual(template.next_invoice_date, start + relativedelta(months=3))
        self.assertFalse(self._run_job(), "idempotent")

    def test_in7_recurring_end_date(self):
        start = self.today - timedelta(days=21)
        template = self._template(
            is_recurring=True,
            recurrence_unit="week",
            date_start=start,
            date_end=start + timedelta(days=8),
        )
        self.assertEqual(len(self._run_job()), 2)
        self.assertFalse(template.next_invoice_date)

    def test_in7_period_invoiced_once(self):
        template = self._template(
            is_recurring=True, recurrence_unit="month", date_start=self.today
        )
        invoice = template._create_invoices({template: (self.today, self.today)})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            template._create_invoices({template: (self.today, self.today)})
            self.env.flush_all()
        self.assertTrue(invoice.exists())

    def test_in7_failing_template_does_not_block_others(self):
        broken = self._template(
            is_recurring=True, recurrence_unit="month", date_start=self.today
        )
        good = self._template(
            is_recurring=True, recurrence_unit="month", date_start=self.today
        )
        self.income3.deprecated = False
        broken.line_ids.account_id = self.income3
        self.income3.deprecated = True
        invoices = self._run_job()
        self.assertEqual(invoices.free_text_template_id, good)
        self.assertIn("deprecated", broken.recurring_error)
        self.assertFalse(broken.invoice_ids)
        self.assertEqual(broken.period_index, 0)
        self.income3.deprecated = False
        broken.name = "Serviceavgift (rättad)"
        self.assertFalse(broken.recurring_error)
        self.assertEqual(self._run_job().free_text_template_id, broken)

    def test_in7_bad_recurrence_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs a first period"):
            self._template(is_recurring=True, recurrence_interval=0, name="Fel")
        with self.assertRaisesRegex(ValidationError, "last period is before"):
            self._template(
                is_recurring=True,
                date_start=self.today,
                date_end=self.today - timedelta(days=1),
                name="Fel",
            )
        self.assertFalse(
            self.env["account.free.text.template"].search([("name", "=", "Fel")])
        )


@tagged("post_install", "-at_install")
class TestPostingProfileResolution(FreeTextCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Profile = cls.env["account.posting.profile"]
        cls.category = cls.env["res.partner.category"].create({"name": "Export"})
        accounts = [
            cls.receivable.copy({"code": code, "name": name})
            for code, name in (
                ("151001", "Kund"),
                ("151002", "Kundgrupp"),
                ("151003", "Alla"),
                ("151004", "Standard"),
            )
        ]
        cls.p_default = Profile.create(
            {
                "name": "Standard",
                "account_id": accounts[3].id,
                "is_company_default": True,
            }
        )
        cls.p_all = Profile.create(
            {"name": "Alla", "account_id": accounts[2].id, "applies_to": "all"}
        )
        cls.p_category = Profile.create(
            {
                "name": "Kundgrupp",
                "account_id": accounts[1].id,
                "applies_to": "category",
                "partner_category_id": cls.category.id,
            }
        )
        cls.p_customer = Profile.create(
            {
                "name": "Kund",
                "account_id": accounts[0].id,
                "applies_to": "customer",
                "partner_id": cls.customer.id,
            }
        )

    def _resolve(self, partner):
        return self.env["account.posting.profile"]._resolve_for_partner(partner)

    def test_in8_customer_then_category_then_all_then_default(self):
        self.customer2.category_id = self.category
        self.customer.category_id = self.category
        contact = self.env["res.partner"].create(
            {"name": "Kontakt", "parent_id": self.customer.id}
        )
        self.assertEqual(self._resolve(self.customer), self.p_customer)
        self.assertEqual(self._resolve(contact), self.p_customer)
        self.assertEqual(self._resolve(self.customer2), self.p_category)
        third = self.env["res.partner"].create({"name": "Tredje AB"})
        self.assertEqual(self._resolve(third), self.p_all)
        self.p_all.active = False
        self.assertEqual(self._resolve(third), self.p_default)
        self.p_default.is_company_default = False
        self.assertFalse(self._resolve(third))
        # a profile chosen by hand is never proposed
        self.assertEqual(self.profile.applies_to, "manual")

    def test_in8_proposed_on_new_free_text_invoices_and_editable(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "is_free_text": True,
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Konsult",
                            "account_id": self.income.id,
                            "price_unit": 100.0,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        self.assertEqual(invoice.posting_profile_id, self.p_customer)
        receivable = invoice.line_ids.filtered(
            lambda i: i.display_type == "payment_term"
        )
        self.assertEqual(receivable.account_id, self.p_customer.account_id)
        invoice.posting_profile_id = self.profile
        self.assertEqual(receivable.account_id, self.receivable)
        # an explicit choice (or none) wins; other invoices get no proposal
        explicit = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "is_free_text": True,
                "partner_id": self.customer.id,
                "posting_profile_id": False,
            }
        )
        self.assertFalse(explicit.posting_profile_id)
        ordinary = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        self.assertFalse(ordinary.posting_profile_id)

    def test_in8_proposed_in_the_form(self):
        context = {"default_move_type": "out_invoice", "default_is_free_text": True}
        form = Form(
            self.env["account.move"].with_user(self.billing).with_context(**context),
            view="sales_marketing.account_move_view_form_free_text",
        )
        form.partner_id = self.customer2
        self.assertEqual(form.posting_profile_id, self.p_all)
        form.partner_id = self.customer
        self.assertEqual(form.posting_profile_id, self.p_customer)
        form.posting_profile_id = self.profile
        with form.invoice_line_ids.new() as line:
            line.name = "Serviceavtal"
            line.account_id = self.income
            line.price_unit = 400.0
        invoice = form.save()
        self.assertEqual(invoice.posting_profile_id, self.profile)

    def test_in8_template_invoice_takes_the_resolved_profile(self):
        invoice = self._template()._create_invoices()
        self.assertEqual(invoice.posting_profile_id, self.p_customer)

    def test_in8_bad_profiles_refused(self):
        Profile = self.env["account.posting.profile"]
        with self.assertRaisesRegex(ValidationError, "choose the customer"):
            Profile.create(
                {
                    "name": "Fel",
                    "account_id": self.receivable.id,
                    "applies_to": "customer",
                }
            )
        with self.assertRaisesRegex(ValidationError, "choose the category"):
            Profile.create(
                {
                    "name": "Fel",
                    "account_id": self.receivable.id,
                    "applies_to": "category",
                }
            )
        with self.assertRaisesRegex(ValidationError, "already has a default"):
            Profile.create(
                {
                    "name": "Fel",
                    "account_id": self.receivable.id,
                    "is_company_default": True,
                }
            )
        with self.assertRaisesRegex(ValidationError, "not a receivable"):
            Profile.create(
                {"name": "Fel", "account_id": self.income.id, "applies_to": "all"}
            )
        self.assertFalse(Profile.search([("name", "=", "Fel")]))

    def test_in8_billing_user_cannot_change_profiles(self):
        with self.assertRaises(AccessError):
            self.p_all.with_user(self.billing).write({"applies_to": "manual"})
