# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sales agreements as Dynamics 365 has them (AG-8..AG-13) and the agreement
side of returns (RT-8)."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import tagged

from .test_agreement import AgreementCase


@tagged("post_install", "-at_install")
class TestAgreementLines(AgreementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt = cls.env["product.product"].create(
            {
                "name": "Bolt",
                "type": "consu",
                "categ_id": cls.sub_categ.id,
                "list_price": 5.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.paint = cls.env["product.product"].create(
            {
                "name": "Paint",
                "type": "consu",
                "list_price": 20.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )

    def _mixed_agreement(self, **vals):
        return self._agreement(
            [
                {
                    "commitment_type": "product_quantity",
                    "product_id": self.product.id,
                    "qty_committed": 10,
                    "price_unit": 80,
                    "max_is_enforced": True,
                },
                {
                    "commitment_type": "product_value",
                    "product_id": self.product_b.id,
                    "amount_committed": 300,
                    "price_unit": 40,
                },
                {
                    "commitment_type": "category_value",
                    "categ_id": self.categ.id,
                    "amount_committed": 500,
                    "discount": 10,
                },
                {
                    "commitment_type": "value",
                    "amount_committed": 1000,
                    "discount": 5,
                },
            ],
            **vals,
        )

    # -- AG-8 --------------------------------------------------------------
    def test_ag8_mixed_commitments_on_one_agreement(self):
        agreement = self._mixed_agreement()
        qty_line, value_line, categ_line, any_line = agreement.line_ids
        self.assertEqual(
            agreement.line_ids.mapped("commitment_type"),
            ["product_quantity", "product_value", "category_value", "value"],
        )
        self.assertEqual(agreement.amount_committed, 800 + 300 + 500 + 1000)
        order = self._create_order(
            [(self.product, 4), (self.product_b, 5), (self.screw, 10), (self.paint, 2)]
        )
        self.assertEqual(
            order.order_line.agreement_line_id,
            qty_line | value_line | categ_line | any_line,
        )
        self.assertEqual(order.order_line.mapped("discount"), [0.0, 0.0, 10.0, 5.0])
        order.action_confirm()
        self.assertEqual(qty_line.qty_released, 4)
        self.assertEqual(qty_line.qty_remaining, 6)
        self.assertEqual(value_line.amount_released, 200)
        self.assertAlmostEqual(categ_line.amount_released, 18.0)
        self.assertAlmostEqual(any_line.amount_released, 38.0)
        self.assertAlmostEqual(any_line.amount_remaining, 962.0)
        self.assertAlmostEqual(agreement.amount_released, 320 + 200 + 18 + 38)

    def test_ag8_any_product_value_line_comes_last(self):
        agreement = self._mixed_agreement()
        qty_line, __, categ_line, any_line = agreement.line_ids
        order = self._create_order([(self.product, 1), (self.bolt, 1), (self.paint, 1)])
        # a product line before a category line before the line for every product
        self.assertEqual(
            [line.agreement_line_id for line in order.order_line],
            [qty_line, categ_line, any_line],
        )
        self.assertEqual(order.order_line[2].price_unit, 20.0)
        self.assertEqual(order.order_line[2].price_source, "agreement")
        self.assertEqual(any_line.display_name, f"{agreement.name} - All products")

    def test_ag8_line_defaults_from_header(self):
        agreement = self._agreement(
            [
                {"amount_committed": 100},
                {"product_id": self.product.id, "max_is_enforced": False},
            ],
            commitment_type="value",
            max_is_enforced=True,
            state="on_hold",
        )
        self.assertEqual(agreement.line_ids.mapped("commitment_type"), ["value"] * 2)
        self.assertEqual(agreement.line_ids.mapped("max_is_enforced"), [True, False])
        with Form(agreement) as form:
            with form.line_ids.new() as line:
                line.categ_id = self.categ
                self.assertEqual(line.commitment_type, "value")
                self.assertTrue(line.max_is_enforced)

    def test_ag8_max_enforced_per_line(self):
        agreement = self._mixed_agreement()
        order = self._create_order([(self.product_b, 20)])  # 800 of 300, not enforced
        order.action_confirm()
        self.assertEqual(agreement.line_ids[1].amount_released, 800)
        over = self._create_order([(self.product, 11)])
        with self.assertRaisesRegex(UserError, "whose maximum is enforced"):
            over.action_confirm()
        self.assertEqual(over.state, "draft")
        self.assertEqual(agreement.line_ids[0].qty_released, 0)

    def test_ag8_bad_lines_refused_nothing_written(self):
        count = self.env["sale.agreement"].search_count([])
        bad = [
            (
                {"commitment_type": "product_quantity", "qty_committed": 1},
                "needs a product",
            ),
            ({"commitment_type": "category_value", "amount_committed": 1}, "category"),
            (
                {
                    "product_id": self.product.id,
                    "min_release_amount": 50,
                    "max_release_amount": 10,
                },
                "minimum release amount",
            ),
            ({"product_id": self.product.id, "max_release_amount": -1}, "negative"),
            ({"commitment_type": "value"}, None),
        ]
        for vals, message in bad[:-1]:
            with self.assertRaisesRegex(ValidationError, message):
                self._agreement([vals], state="on_hold")
        self.assertEqual(self.env["sale.agreement"].search_count([]), count)
        # two lines for every product are one too many
        with self.assertRaisesRegex(ValidationError, "two lines for All products"):
            self._agreement(
                [{"commitment_type": "value"}, {"commitment_type": "value"}],
                state="on_hold",
            )
        # a line changed on its own is held to the same rules
        agreement = self._mixed_agreement()
        with self.assertRaisesRegex(ValidationError, "needs a product"):
            agreement.line_ids[3].commitment_type = "product_value"
        self.assertEqual(agreement.line_ids[3].commitment_type, "value")

    # -- AG-9 --------------------------------------------------------------
    def test_ag9_price_fixed_unlinks_in_the_form(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "price_unit": 80, "price_fixed": True}]
        )
        order = self._create_order([(self.product, 1)])
        self.assertEqual(order.order_line.agreement_id, agreement)
        with Form(order) as form:
            with form.order_line.edit(0) as line:
                line.price_unit = 70
                self.assertFalse(line.agreement_line_id)
        self.assertFalse(order.order_line.agreement_line_id)
        self.assertEqual(order.order_line.price_unit, 70)
        self.assertEqual(order.order_line.price_source, "manual")

    def test_ag9_price_fixed_unlinks_on_every_write_path(self):
        agreement = self._agreement(
            [
                {"product_id": self.product.id, "price_unit": 80, "price_fixed": True},
                {"product_id": self.product_b.id, "price_unit": 40, "discount": 5},
            ]
        )
        order = self._create_order([(self.product, 1), (self.product_b, 1)])
        fixed, free = order.order_line
        order.order_line.write({"discount": 15})
        self.assertFalse(fixed.agreement_line_id)
        self.assertEqual(fixed.discount, 15)
        self.assertIn("no longer linked", order.message_ids[0].body)
        # without the policy the link stays (the discount is the user's)
        self.assertEqual(free.agreement_line_id, agreement.line_ids[1])
        self.assertEqual(free.discount, 15)
        # the agreement's own price keeps the link
        fixed.agreement_line_id = agreement.line_ids[0]
        fixed.write({"price_unit": fixed.price_unit, "discount": 0})
        self.assertEqual(fixed.agreement_line_id, agreement.line_ids[0])

    def test_ag9_release_amounts_warn_at_entry_and_refuse_when_enforced(self):
        agreement = self._agreement(
            [
                {
                    "product_id": self.product.id,
                    "qty_committed": 100,
                    "price_unit": 50,
                    "min_release_amount": 100,
                    "max_release_amount": 500,
                    "max_is_enforced": True,
                },
                {
                    "product_id": self.product_b.id,
                    "price_unit": 10,
                    "min_release_amount": 100,
                },
            ]
        )
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.customer
            with form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 1
                self.assertIn(
                    "below the minimum release amount", line.agreement_warning
                )
                line.product_uom_qty = 4
                self.assertFalse(line.agreement_warning)
                line.product_uom_qty = 11
                self.assertIn(
                    "above the maximum release amount", line.agreement_warning
                )
        order = form.record
        with self.assertRaisesRegex(UserError, "above the maximum release amount"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(agreement.line_ids[0].qty_released)
        # not enforced: a warning, not a refusal
        small = self._create_order([(self.product_b, 1)])
        self.assertIn("below the minimum", small.order_line.agreement_warning)
        small.action_confirm()
        self.assertEqual(small.state, "sale")
        # a confirmed line raised beyond the maximum release: refused, nothing written
        order.order_line.product_uom_qty = 6
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "above the maximum release amount"):
            order.order_line.product_uom_qty = 12
        self.assertEqual(order.order_line.product_uom_qty, 6)

    def test_ag9_enforced_maximum_flagged_at_entry(self):
        agreement = self._agreement(
            [
                {
                    "product_id": self.product.id,
                    "qty_committed": 10,
                    "price_unit": 80,
                    "max_is_enforced": True,
                }
            ]
        )
        self._create_order([(self.product, 7)]).action_confirm()
        with Form(self.env["sale.order"]) as form:
            form.partner_id = self.customer
            with form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 3
                self.assertFalse(line.agreement_warning)
                line.product_uom_qty = 4
                self.assertIn("whose maximum is enforced", line.agreement_warning)
                self.assertIn(agreement.line_ids.display_name, line.agreement_warning)

    def test_ag9_checks_queries_independent_of_lines(self):
        """The enforced maximum and release amounts at confirmation, and the
        warnings at entry, take as many queries for 10 as for 40 lines."""
        products = self.env["product.product"].create(
            [{"name": f"M{i}", "list_price": 5.0} for i in range(40)]
        )
        self._agreement(
            [
                {
                    "commitment_type": "product_quantity" if i % 2 else "product_value",
                    "product_id": p.id,
                    "qty_committed": 100,
                    "amount_committed": 1000,
                    "price_unit": 4,
                    "max_is_enforced": True,
                    "min_release_amount": 1,
                    "max_release_amount": 500,
                }
                for i, p in enumerate(products)
            ]
        )

        def queries(count):
            order = self._create_order([(p, 1) for p in products[:count]])
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            order.order_line.mapped("agreement_warning")
            warnings = self.env.cr.sql_log_count - start
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            order.order_line._check_agreement_max_enforced()
            return warnings, self.env.cr.sql_log_count - start

        for _warmup in range(2):
            small, large = queries(10), queries(40)
        self.assertEqual(small, large)

    # -- AG-10 -------------------------------------------------------------
    def _terms(self):
        delivery = self.env["res.partner"].create(
            {"name": "Lager Norr", "parent_id": self.customer.id, "type": "delivery"}
        )
        plan = self.env["account.analytic.plan"].create({"name": "Avtal"})
        account = self.env["account.analytic.account"].create(
            {"name": "Ramavtal", "plan_id": plan.id}
        )
        return {
            "payment_term_id": self.env.ref("account.account_payment_term_30days").id,
            "incoterm_id": self.env.ref("account.incoterm_FCA").id,
            "partner_shipping_id": delivery.id,
            "pricelist_id": self.env["product.pricelist"]
            .create({"name": "Avtalspris", "currency_id": self.company.currency_id.id})
            .id,
            "user_id": self.salesman.id,
            "analytic_distribution": {str(account.id): 100},
        }

    def test_ag10_release_orders_take_the_agreement_terms(self):
        terms = self._terms()
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 80}],
            **terms,
        )
        order = self._create_release_order(agreement)
        self.assertEqual(order.agreement_id, agreement)
        self.assertRecordValues(
            order,
            [
                {
                    "payment_term_id": terms["payment_term_id"],
                    "incoterm": terms["incoterm_id"],
                    "partner_shipping_id": terms["partner_shipping_id"],
                    "pricelist_id": terms["pricelist_id"],
                    "user_id": terms["user_id"],
                }
            ],
        )
        self.assertEqual(
            order.order_line.analytic_distribution, terms["analytic_distribution"]
        )
        # an order created with the agreement on its header (e.g. over XML-RPC)
        other = self.env["sale.order"].create(
            {
                "agreement_id": agreement.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertEqual(other.partner_id, self.customer)
        self.assertEqual(other.payment_term_id.id, terms["payment_term_id"])
        self.assertEqual(other.order_line.agreement_id, agreement)

    def test_ag10_header_agreement_restricts_matching(self):
        general = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}]
        )
        framework = self._agreement(
            [{"commitment_type": "value", "amount_committed": 1000, "discount": 3}],
            commitment_type="value",
        )
        order = self._create_order([(self.product, 1)])
        self.assertEqual(order.order_line.agreement_id, general)
        order.agreement_id = framework
        self.assertEqual(order.order_line.agreement_id, framework)
        self.assertEqual(order.order_line.discount, 3)
        with self.assertRaisesRegex(ValidationError, "of another agreement"):
            order.order_line.agreement_line_id = general.line_ids
        self.assertEqual(order.order_line.agreement_id, framework)

    def test_ag10_bad_header_agreement_refused(self):
        other_customer = self.env["res.partner"].create({"name": "Annan Kund AB"})
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10}]
        )
        on_hold = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10}], state="on_hold"
        )
        count = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(ValidationError, "not an agreement of customer"):
            self.env["sale.order"].create(
                {"partner_id": other_customer.id, "agreement_id": agreement.id}
            )
        with self.assertRaisesRegex(ValidationError, "only effective agreements"):
            self.env["sale.order"].create({"agreement_id": on_hold.id})
        self.assertEqual(self.env["sale.order"].search_count([]), count)

    # -- AG-11 -------------------------------------------------------------
    def test_ag11_release_dialog_quantities_amounts_and_dates(self):
        agreement = self._mixed_agreement()
        qty_line, value_line, categ_line, any_line = agreement.line_ids
        later = self.today + timedelta(days=20)
        order = self._create_release_order(
            agreement,
            {
                qty_line: {"quantity": 3, "date_requested": later},
                value_line: {"amount": 120},  # 3 at 40
                categ_line: {"product_id": self.bolt.id, "quantity": 10},
                any_line: {"product_id": self.paint.id, "amount": 38},  # 2 at 19
            },
        )
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 3,
                    "agreement_line_id": qty_line.id,
                    "release_date_requested": later,
                },
                {
                    "product_id": self.product_b.id,
                    "product_uom_qty": 3,
                    "agreement_line_id": value_line.id,
                    "release_date_requested": self.today,
                },
                {
                    "product_id": self.bolt.id,
                    "product_uom_qty": 10,
                    "agreement_line_id": categ_line.id,
                    "release_date_requested": self.today,
                },
                {
                    "product_id": self.paint.id,
                    "product_uom_qty": 2,
                    "agreement_line_id": any_line.id,
                    "release_date_requested": self.today,
                },
            ],
        )
        self.assertEqual(order.commitment_date.date(), self.today)
        order.action_confirm()
        move = order.order_line[0].move_ids
        self.assertEqual(move.date_deadline.date(), later)

    def test_ag11_release_dialog_bad_input_writes_nothing(self):
        agreement = self._mixed_agreement()
        qty_line, __, categ_line, __ = agreement.line_ids
        count = self.env["sale.order"].search_count([])
        cases = [
            ({qty_line: {"quantity": -1}}, "cannot be negative"),
            ({categ_line: {"quantity": 2}}, "choose the product"),
            (
                {qty_line: {"date_requested": self.today + timedelta(days=400)}},
                "outside the validity",
            ),
        ]
        for lines, message in cases:
            with self.assertRaisesRegex(UserError, message):
                self._create_release_order(agreement, lines)
        self.assertEqual(self.env["sale.order"].search_count([]), count)
        nothing = {line: {"quantity": 0, "amount": 0} for line in agreement.line_ids}
        with self.assertRaisesRegex(UserError, "at least one line"):
            self._create_release_order(agreement, nothing)
        self.assertEqual(self.env["sale.order"].search_count([]), count)

    # -- AG-12 -------------------------------------------------------------
    def test_ag12_confirm_stores_immutable_versions(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 80}],
            state="on_hold",
        )
        self.assertEqual(
            agreement.classification_id,
            self.env.ref("sales_marketing.sale_agreement_classification_standard"),
        )
        self.assertFalse(agreement.version_ids)
        agreement.with_user(self.manager).action_confirm()
        self.assertEqual(agreement.state, "effective")
        v1 = agreement.version_ids
        self.assertRecordValues(v1, [{"version": 1, "user_id": self.manager.id}])
        self.assertTrue(v1.document)
        self.assertIn(agreement.name.replace("/", "_"), v1.document_name)
        self.assertEqual(v1.change_summary, "First version.")
        agreement.line_ids.price_unit = 75
        agreement.payment_term_id = self.env.ref("account.account_payment_term_30days")
        agreement.action_confirm()
        v2 = agreement.version_ids.filtered(lambda v: v.version == 2)
        self.assertEqual(agreement.version, 2)
        self.assertEqual(v1.snapshot["lines"]["Widget"]["Unit Price"], "80.0")
        self.assertEqual(v2.snapshot["lines"]["Widget"]["Unit Price"], "75.0")
        changes = v1._get_changes(v2)
        self.assertIn(
            {"what": "Widget: Unit Price", "old": "80.0", "new": "75.0"}, changes
        )
        self.assertIn("Payment Terms", [change["what"] for change in changes])
        self.assertIn("75.0", v2.change_summary)
        # any version can be re-printed: the document as it was printed
        self.assertIn(f"/{v1.id}/document/", v1.action_print()["url"])
        # compare two versions
        action = (v1 | v2).action_compare()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertIn("80.0", wizard.change_summary)
        with self.assertRaisesRegex(UserError, "two versions"):
            v1.action_compare()

    def test_ag12_versions_cannot_be_changed_or_forged(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 80}]
        )
        version = agreement.version_ids
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            version.write({"version": 5})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            version.unlink()
        self.assertEqual(version.version, 1)
        for user in (self.salesman, self.manager):
            with self.assertRaises(AccessError):
                self.env["sale.agreement.version"].with_user(user).create(
                    {
                        "agreement_id": agreement.id,
                        "version": 9,
                        "name": "forged",
                        "date": "2026-01-01",
                    }
                )
            self.assertTrue(version.with_user(user).read(["version"]))
        self.assertEqual(len(agreement.version_ids), 1)

    def test_ag12_classification(self):
        framework = self.env.ref(
            "sales_marketing.sale_agreement_classification_framework"
        )
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10}],
            classification_id=framework.id,
        )
        self.assertEqual(agreement.classification_id, framework)
        with self.assertRaises(AccessError):
            self.env["sale.agreement.classification"].with_user(self.salesman).create(
                {"name": "Egen"}
            )
        self.assertEqual(
            self.env["sale.agreement.classification"]
            .with_user(self.salesman)
            .search_count([("name", "=", "Egen")]),
            0,
        )

    # -- AG-13 -------------------------------------------------------------
    def test_ag13_drill_down_and_printed_documents(self):
        agreement = self._mixed_agreement(note="<p>Leverans fritt lager.</p>")
        order = self._create_order([(self.product, 4), (self.paint, 2)])
        order.action_confirm()
        invoice = self._invoice(order)
        qty_line = agreement.line_ids[0]
        action = qty_line.action_view_order_lines()
        self.assertEqual(
            self.env["sale.order.line"].search(action["domain"]), order.order_line[0]
        )
        action = qty_line.action_view_invoice_lines()
        self.assertEqual(
            self.env["account.move.line"].search(action["domain"]),
            invoice.invoice_line_ids.filtered(
                lambda line: line.product_id == self.product
            ),
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_marketing.report_sale_agreement", agreement.ids)[
                0
            ]
            .decode()
        )
        for text in (
            agreement.name,
            "Kund AB",
            "All products",
            "Maximum enforced",
            "Leverans fritt lager",
        ):
            self.assertIn(text, html)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "sales_marketing.report_sale_agreement_fulfilment", agreement.ids
            )[0]
            .decode()
        )
        self.assertIn("Fulfilment Statement", html)
        self.assertIn(order.name, html)


@tagged("post_install", "-at_install")
class TestAgreementReturns(AgreementCase):
    def _return(self, order, qty, credit=True):
        action = order.action_create_return()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        with wizard.line_ids.edit(0) as line:
            line.quantity = qty
        returned = self.env["sale.order"].browse(
            wizard.save().action_create_return()["res_id"]
        )
        # the Credit disposition (back to stock, credited), as chosen at arrival
        returned.order_line.disposition_id = self.env.ref(
            "sales_marketing.return_disposition_credit"
        )
        returned.action_confirm()
        receipt = returned.picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        receipt._action_done()
        if credit:
            returned._create_invoices().action_post()
        return returned

    def test_rt8_returns_lower_agreement_fulfilment(self):
        agreement = self._agreement(
            [
                {
                    "product_id": self.product.id,
                    "qty_committed": 10,
                    "price_unit": 80,
                    "max_is_enforced": True,
                }
            ]
        )
        line = agreement.line_ids
        order = self._create_order([(self.product, 10)])
        order.action_confirm()
        self._deliver(order)
        self._invoice(order)
        self.assertRecordValues(
            line,
            [
                {
                    "qty_released": 10,
                    "qty_delivered": 10,
                    "qty_invoiced": 10,
                    "qty_remaining": 0,
                }
            ],
        )
        # received back, not yet credited: only the delivered quantity drops
        self._return(order, 3, credit=False)
        line.invalidate_recordset()
        self.assertRecordValues(
            line,
            [
                {
                    "qty_released": 10,
                    "qty_delivered": 7,
                    "qty_invoiced": 10,
                    "amount_delivered": 560,
                }
            ],
        )
        # credited: invoiced and released drop, the maximum allows a new release
        self._return(order, 1)
        line.invalidate_recordset()
        self.assertRecordValues(
            line,
            [
                {
                    "qty_released": 9,
                    "qty_delivered": 6,
                    "qty_invoiced": 9,
                    "qty_remaining": 1,
                }
            ],
        )
        again = self._create_order([(self.product, 1)])
        again.action_confirm()
        self.assertEqual(again.state, "sale")
        over = self._create_order([(self.product, 1)])
        with self.assertRaisesRegex(UserError, "whose maximum is enforced"):
            over.action_confirm()
        # the fulfilment statement lists the return
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "sales_marketing.report_sale_agreement_fulfilment", agreement.ids
            )[0]
            .decode()
        )
        self.assertIn("(return)", html)
