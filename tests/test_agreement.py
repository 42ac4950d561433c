# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
import time
from datetime import date
from datetime import timedelta

import psycopg2.errors

from odoo import Command
from odoo import api
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


class AgreementCase(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="sm_sales_manager", groups="sales_team.group_sale_manager"
        )
        cls.today = fields.Date.context_today(cls.env["sale.order"])
        cls.categ = cls.env["product.category"].create({"name": "Fasteners"})
        cls.sub_categ = cls.env["product.category"].create(
            {"name": "Screws", "parent_id": cls.categ.id}
        )
        cls.screw = cls.env["product.product"].create(
            {
                "name": "Screw",
                "type": "consu",
                "categ_id": cls.sub_categ.id,
                "list_price": 2.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Bygg AB", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Anna Andersson", "parent_id": cls.company_partner.id}
        )

    @classmethod
    def _agreement(cls, lines, partner=None, state="effective", **vals):
        agreement = cls.env["sale.agreement"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "date_start": cls.today - timedelta(days=30),
                "date_end": cls.today + timedelta(days=335),
                "line_ids": [Command.create(line) for line in lines],
                **vals,
            }
        )
        if state == "effective":
            agreement.action_set_effective()
        return agreement

    def _create_release_order(self, agreement, lines=None):
        """AG-11: through the release dialog; ``lines``: {agreement line:
        values} changed in the dialog."""
        action = agreement.action_create_release_order()
        self.assertEqual(action["res_model"], "sale.agreement.release")
        release = agreement.env["sale.agreement.release"].browse(action["res_id"])
        for release_line in release.line_ids:
            if lines and release_line.agreement_line_id in lines:
                release_line.write(lines[release_line.agreement_line_id])
        order_action = release.action_create()
        return agreement.env["sale.order"].browse(order_action["res_id"])


@tagged("post_install", "-at_install")
class TestAgreementRules(AgreementCase):
    # -- AG-1 --------------------------------------------------------------
    def test_ag1_header_and_lines(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 100, "price_unit": 80}],
            state="on_hold",
        )
        self.assertRegex(agreement.name, r"^AGR/\d{4}/\d{4}$")
        self.assertEqual(agreement.currency_id, self.company.currency_id)
        self.assertEqual(agreement.commitment_type, "product_quantity")
        self.assertEqual(agreement.line_ids.product_uom_id, self.product.uom_id)
        self.assertEqual(agreement.line_ids.amount_committed, 8000.0)
        self.assertEqual(agreement.amount_committed, 8000.0)

    def test_ag1_end_before_start_refused(self):
        count = self.env["sale.agreement"].search_count([])
        with self.assertRaisesRegex(ValidationError, "before the effective date"):
            self._agreement(
                [{"product_id": self.product.id, "qty_committed": 1}],
                date_start=self.today,
                date_end=self.today - timedelta(days=1),
            )
        self.assertEqual(self.env["sale.agreement"].search_count([]), count)

    def test_ag1_negative_commitments_refused(self):
        bad_lines = [
            {"product_id": self.product.id, "qty_committed": -1},
            {"product_id": self.product.id, "price_unit": -5},
            {"product_id": self.product.id, "discount": 120},
        ]
        for line in bad_lines:
            with self.assertRaises(ValidationError):
                self._agreement([line], state="on_hold")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._agreement(
                [{"categ_id": self.categ.id}],
                commitment_type="value",
                amount_committed_header=-100,
                state="on_hold",
            )
        self.assertFalse(
            self.env["sale.agreement"].search([("partner_id", "=", self.customer.id)])
        )

    def test_ag1_duplicate_product_lines_refused(self):
        with self.assertRaisesRegex(ValidationError, "two lines for Widget"):
            self._agreement(
                [
                    {"product_id": self.product.id, "qty_committed": 1},
                    {"product_id": self.product.id, "qty_committed": 2},
                ],
                state="on_hold",
            )
        self.assertFalse(
            self.env["sale.agreement"].search([("partner_id", "=", self.customer.id)])
        )

    def test_ag1_line_kind_matches_commitment_type(self):
        with self.assertRaisesRegex(ValidationError, "needs a product"):
            self._agreement([{"categ_id": self.categ.id}], state="on_hold")
        with self.assertRaisesRegex(ValidationError, "needs a product category"):
            self._agreement(
                [{"product_id": self.product.id, "amount_committed": 10}],
                commitment_type="category_value",
                state="on_hold",
            )

    # -- AG-2 --------------------------------------------------------------
    def test_ag2_on_hold_by_default_and_not_orderable(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}],
            state="on_hold",
        )
        self.assertEqual(agreement.state, "on_hold")
        order = self._create_order([(self.product, 1.0)])
        self.assertFalse(order.order_line.agreement_line_id)
        self.assertEqual(order.order_line.price_unit, 100.0)
        with self.assertRaisesRegex(
            ValidationError,
            "(?i)on hold: only effective agreements can be ordered from",
        ):
            order.order_line.agreement_line_id = agreement.line_ids
        with self.assertRaisesRegex(UserError, "no lines"):
            self._agreement([], state="on_hold").action_set_effective()

    def test_ag2_expired_derived_from_date(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}],
            date_start=self.today - timedelta(days=60),
            date_end=self.today - timedelta(days=1),
        )
        self.assertTrue(agreement.is_expired)
        self.assertEqual(agreement.state, "effective")
        self.assertIn(
            agreement, self.env["sale.agreement"].search([("is_expired", "=", True)])
        )
        self.assertNotIn(
            agreement, self.env["sale.agreement"].search([("is_expired", "=", False)])
        )
        order = self._create_order([(self.product, 1.0)])
        self.assertFalse(order.order_line.agreement_line_id)

    def test_ag2_hold_after_quotation_blocks_confirmation(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}]
        )
        order = self._create_order([(self.product, 1.0)])
        self.assertEqual(order.order_line.agreement_line_id, agreement.line_ids)
        agreement.action_hold()
        with self.assertRaisesRegex(
            ValidationError, "only effective agreements can be ordered"
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    # -- AG-3 --------------------------------------------------------------
    def test_ag3_requested_ship_date_outside_validity(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}]
        )
        order = self._create_order([(self.product, 1.0)])
        self.assertEqual(order.order_line.agreement_id, agreement)
        late = fields.Datetime.to_datetime(agreement.date_end) + timedelta(days=10)
        with self.assertRaisesRegex(
            ValidationError, "outside the validity of agreement"
        ):
            order.commitment_date = late
        order.invalidate_recordset()
        self.assertFalse(order.commitment_date)
        inside = fields.Datetime.to_datetime(agreement.date_end) - timedelta(days=1)
        order.commitment_date = inside
        self.assertEqual(order.order_line.agreement_id, agreement)

    def test_ag3_lookup_uses_requested_ship_date(self):
        old = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}],
            date_start=date(2020, 1, 1),
            date_end=date(2020, 12, 31),
        )
        current = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 60}]
        )
        order = self._create_order([(self.product, 1.0)])
        self.assertEqual(order.order_line.agreement_id, current)
        self.assertEqual(order.order_line.price_unit, 60.0)
        with Form(order) as form:
            form.commitment_date = fields.Datetime.to_datetime("2020-06-01 10:00:00")
        self.assertEqual(order.order_line.agreement_id, old)

    # -- AG-4 --------------------------------------------------------------
    def test_ag4_agreement_price_overrides_pricelist(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Trade",
                "currency_id": self.company.currency_id.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.product.id,
                            "compute_price": "fixed",
                            "fixed_price": 90.0,
                        }
                    )
                ],
            }
        )
        self.customer.property_product_pricelist = pricelist
        order = self._create_order([(self.product, 2.0)])
        self.assertEqual(order.order_line.price_unit, 90.0)
        self.assertEqual(order.order_line.price_source, "pricelist")
        agreement = self._agreement(
            [
                {
                    "product_id": self.product.id,
                    "qty_committed": 10,
                    "price_unit": 70,
                    "discount": 5,
                }
            ]
        )
        order2 = self._create_order([(self.product, 2.0)])
        line = order2.order_line
        self.assertEqual(line.agreement_line_id, agreement.line_ids)
        self.assertEqual((line.price_unit, line.discount), (70.0, 5.0))
        self.assertEqual(line.price_source, "agreement")
        self.assertAlmostEqual(line.price_subtotal, 133.0)
        # the user unlinks the agreement: the pricelist applies again
        with Form(order2) as form:
            with form.order_line.edit(0) as form_line:
                form_line.agreement_line_id = self.env["sale.agreement.line"]
        self.assertEqual((line.price_unit, line.discount), (90.0, 0.0))
        self.assertEqual(line.price_source, "pricelist")
        # a price typed by hand wins over everything
        with Form(order2) as form:
            with form.order_line.edit(0) as form_line:
                form_line.agreement_line_id = agreement.line_ids
                form_line.price_unit = 65.0
        self.assertEqual(line.price_source, "manual")

    def test_ag4_discount_only_line_keeps_pricelist_price(self):
        agreement = self._agreement(
            [{"categ_id": self.categ.id, "amount_committed": 1000, "discount": 10}],
            commitment_type="category_value",
        )
        order = self._create_order([(self.screw, 10.0)])
        line = order.order_line
        self.assertEqual(line.agreement_line_id, agreement.line_ids)
        self.assertEqual((line.price_unit, line.discount), (2.0, 10.0))
        self.assertAlmostEqual(line.price_subtotal, 18.0)

    def test_ag4_currency_conversion(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "rate": 0.5,
                "name": self.today - timedelta(days=100),
                "company_id": self.company.id,
            }
        )
        self.company.currency_id.rate_ids.unlink()
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 40}],
            currency_id=eur.id,
        )
        # order in the company currency: 40 EUR at 0.5 EUR per unit = 80
        order = self._create_order([(self.product, 1.0)])
        self.assertEqual(order.order_line.agreement_id, agreement)
        self.assertAlmostEqual(order.order_line.price_unit, 80.0)
        # release order from the agreement: in EUR, the agreement price as is
        self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        release = self._create_release_order(agreement)
        self.assertEqual(release.currency_id, eur)
        self.assertAlmostEqual(release.order_line.price_unit, 40.0)
        release.action_confirm()
        # fulfilment in the agreement currency
        self.assertAlmostEqual(agreement.line_ids.amount_released, 400.0)
        order.action_confirm()
        agreement.line_ids.invalidate_recordset()
        self.assertAlmostEqual(agreement.line_ids.amount_released, 440.0)

    def test_ag4_unit_of_measure_conversion(self):
        agreement = self._agreement(
            [
                {
                    "product_id": self.product.id,
                    "qty_committed": 10,
                    "product_uom_id": self.uom_dozen.id,
                    "price_unit": 600,
                }
            ]
        )
        order = self._create_order([(self.product, 6.0)])
        self.assertEqual(order.order_line.agreement_id, agreement)
        self.assertAlmostEqual(order.order_line.price_unit, 50.0)
        order.action_confirm()
        self.assertAlmostEqual(agreement.line_ids.qty_released, 0.5)
        self.assertAlmostEqual(agreement.line_ids.qty_remaining, 9.5)

    # -- AG-5 --------------------------------------------------------------
    def test_ag5_found_for_commercial_partner_and_category(self):
        product_line = {
            "product_id": self.screw.id,
            "qty_committed": 5,
            "price_unit": 1.5,
        }
        category_line = {"categ_id": self.categ.id, "discount": 20}
        agreement = self._agreement(
            [product_line, category_line],
            partner=self.company_partner,
            commitment_type="value",
            amount_committed_header=500,
        )
        other = self.env["product.product"].create(
            {"name": "Nail", "categ_id": self.sub_categ.id, "list_price": 1.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact.id,
                "order_line": [
                    Command.create({"product_id": self.screw.id, "product_uom_qty": 1}),
                    Command.create({"product_id": other.id, "product_uom_qty": 1}),
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    ),
                ],
            }
        )
        screw_line, nail_line, widget_line = order.order_line
        # the product line is more specific than the category line
        self.assertEqual(screw_line.agreement_line_id, agreement.line_ids[0])
        self.assertEqual(nail_line.agreement_line_id, agreement.line_ids[1])
        self.assertEqual(nail_line.discount, 20.0)
        self.assertFalse(widget_line.agreement_line_id)
        self.assertEqual(nail_line.available_agreement_line_ids, agreement.line_ids[1])

    def test_ag5_other_customer_agreement_refused(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 5, "price_unit": 1}],
            partner=self.company_partner,
        )
        order = self._create_order([(self.product, 1.0)])
        self.assertFalse(order.order_line.agreement_line_id)
        with self.assertRaisesRegex(ValidationError, "is not for customer"):
            order.order_line.agreement_line_id = agreement.line_ids

    def test_ag5_lookup_ignores_confirmed_lines(self):
        order = self._create_order([(self.product, 1.0)])
        order.action_confirm()
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 5, "price_unit": 1}]
        )
        order.order_line.product_uom_qty = 2
        self.assertFalse(order.order_line.agreement_line_id)
        self.assertTrue(agreement)

    # -- AG-6 --------------------------------------------------------------
    def _release(self, product, qty, deliver=None, invoice=False):
        order = self._create_order([(product, qty)])
        order.action_confirm()
        if deliver is not None:
            self._deliver(order, {product: deliver})
        if invoice:
            self._invoice(order)
        return order

    def test_ag6_product_quantity_fulfilment(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 100, "price_unit": 80}]
        )
        self._release(self.product, 30, deliver=30, invoice=True)
        self._release(self.product, 20, deliver=5)
        self._create_order([(self.product, 7.0)])  # a quotation releases nothing
        line = agreement.line_ids
        self.assertRecordValues(
            line,
            [
                {
                    "qty_released": 50.0,
                    "qty_delivered": 35.0,
                    "qty_invoiced": 30.0,
                    "qty_remaining": 50.0,
                    "amount_released": 4000.0,
                    "amount_delivered": 2800.0,
                    "amount_invoiced": 2400.0,
                    "amount_remaining": 4000.0,
                    "fulfilment_percent": 50.0,
                }
            ],
        )
        self.assertEqual(agreement.fulfilment_percent, 50.0)
        # the quotation is a release order too (not yet released)
        self.assertEqual(agreement.release_order_count, 3)

    def test_ag6_product_value_fulfilment(self):
        agreement = self._agreement(
            [
                {
                    "product_id": self.product.id,
                    "amount_committed": 1000,
                    "price_unit": 50,
                }
            ],
            commitment_type="product_value",
        )
        self._release(self.product, 4)
        self.assertRecordValues(
            agreement.line_ids,
            [
                {
                    "amount_released": 200.0,
                    "amount_remaining": 800.0,
                    "fulfilment_percent": 20.0,
                }
            ],
        )
        self.assertEqual(agreement.amount_committed, 1000.0)

    def test_ag6_category_value_fulfilment(self):
        agreement = self._agreement(
            [{"categ_id": self.categ.id, "amount_committed": 100, "discount": 50}],
            commitment_type="category_value",
        )
        self._release(self.screw, 10)
        self.assertRecordValues(
            agreement.line_ids,
            [{"amount_released": 10.0, "amount_remaining": 90.0, "qty_released": 0.0}],
        )

    def test_ag6_value_fulfilment(self):
        agreement = self._agreement(
            [
                {"product_id": self.product.id, "price_unit": 60},
                {"categ_id": self.categ.id, "discount": 10},
            ],
            commitment_type="value",
            amount_committed_header=1000,
        )
        self._release(self.product, 5)
        self._release(self.screw, 50)
        self.assertEqual(agreement.amount_committed, 1000.0)
        self.assertAlmostEqual(agreement.amount_released, 390.0)
        self.assertAlmostEqual(agreement.amount_remaining, 610.0)
        self.assertAlmostEqual(agreement.fulfilment_percent, 39.0)

    def test_ag6_max_enforced_refuses_over_release(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 80}],
            max_is_enforced=True,
        )
        self._release(self.product, 8)
        order = self._create_order([(self.product, 3.0)])
        with self.assertRaisesRegex(
            UserError, "commitment is 10.0 and whose maximum is enforced"
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertEqual(agreement.line_ids.qty_released, 8.0)
        order.order_line.product_uom_qty = 2
        order.action_confirm()
        self.assertEqual(agreement.line_ids.qty_remaining, 0.0)

    def test_ag6_max_enforced_value_commitment(self):
        self._agreement(
            [{"categ_id": self.categ.id, "price_unit": 0, "discount": 0}],
            commitment_type="value",
            amount_committed_header=30,
            max_is_enforced=True,
        )
        self._release(self.screw, 10)
        order = self._create_order([(self.screw, 11.0)])
        with self.assertRaisesRegex(UserError, "maximum is enforced"):
            order.action_confirm()

    def test_ag6_max_enforced_on_every_write_path(self):
        """Raising what confirmed lines release is held to the maximum like a
        confirmation: quantity, unit, price or discount of a confirmed line, a
        line added to a confirmed order, a line re-linked to the agreement."""
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 100, "price_unit": 80}],
            max_is_enforced=True,
        )
        agreement_line = agreement.line_ids
        self._release(self.product, 10)
        order = self._release(self.product, 90)
        line = order.order_line
        self.assertEqual(agreement_line.qty_released, 100.0)
        over = "This change of .*commitment is 100.0 and whose maximum is enforced"
        with self.assertRaisesRegex(UserError, over):
            line.write({"product_uom_qty": 95})
        order.user_id = self.salesman
        with self.assertRaisesRegex(UserError, over):
            line.with_user(self.salesman).write({"product_uom_qty": 91})
        with self.assertRaisesRegex(UserError, over):
            line.write({"product_uom": self.uom_dozen.id, "product_uom_qty": 8})
        with self.assertRaisesRegex(UserError, over):
            order.write(
                {
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "agreement_line_id": agreement_line.id,
                            }
                        )
                    ]
                }
            )
        unlinked = self._release(self.service, 1)
        with self.assertRaisesRegex(UserError, "is not for customer"):
            unlinked.order_line.agreement_line_id = agreement_line
        other = self._create_order([(self.product, 5.0)])
        other.order_line.agreement_line_id = False
        other.action_confirm()
        self.assertFalse(other.order_line.agreement_line_id)
        with self.assertRaisesRegex(UserError, over):
            other.order_line.agreement_line_id = agreement_line
        # nothing was written
        self.assertEqual(line.product_uom_qty, 90.0)
        self.assertEqual(line.product_uom, self.uom_unit)
        self.assertEqual(len(order.order_line), 1)
        self.assertFalse(other.order_line.agreement_line_id)
        self.assertEqual(agreement_line.qty_released, 100.0)
        # lowering is always allowed, and what it frees can be released again
        line.product_uom_qty = 85
        other.order_line.product_uom_qty = 3
        other.order_line.agreement_line_id = agreement_line
        self.assertEqual(agreement_line.qty_released, 98.0)

    def test_ag6_max_enforced_amount_on_price_and_discount_writes(self):
        agreement = self._agreement(
            [{"categ_id": self.categ.id, "amount_committed": 100, "discount": 0}],
            commitment_type="category_value",
            max_is_enforced=True,
        )
        order = self._release(self.screw, 40)  # 40 x 2.00 = 80
        line = order.order_line
        self.assertAlmostEqual(agreement.line_ids.amount_released, 80.0)
        with self.assertRaisesRegex(UserError, "This change of .*maximum is enforced"):
            line.price_unit = 3.0  # 120
        line.write({"price_unit": 2.5, "discount": 10})  # 90: within
        self.assertAlmostEqual(agreement.line_ids.amount_released, 90.0)
        line.discount = 0  # 100: the maximum itself
        with self.assertRaisesRegex(UserError, "This change of .*maximum is enforced"):
            line.price_unit = 2.6  # 104
        self.assertAlmostEqual(line.price_unit, 2.5)
        self.assertAlmostEqual(agreement.line_ids.amount_released, 100.0)

    def test_ag6_without_enforcement_over_release_allowed(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 1, "price_unit": 80}]
        )
        self._release(self.product, 5)
        self.assertEqual(agreement.line_ids.qty_released, 5.0)
        self.assertEqual(agreement.line_ids.qty_remaining, 0.0)

    # -- AG-7 --------------------------------------------------------------
    def test_ag7_create_release_order(self):
        agreement = self._agreement(
            [
                {"product_id": self.product.id, "qty_committed": 10, "price_unit": 75},
                {"product_id": self.product_b.id, "qty_committed": 4, "price_unit": 40},
            ]
        )
        self._release(self.product, 3)
        order = self._create_release_order(agreement.with_user(self.salesman))
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.origin, agreement.name)
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 7.0,
                    "price_unit": 75.0,
                },
                {
                    "product_id": self.product_b.id,
                    "product_uom_qty": 4.0,
                    "price_unit": 40.0,
                },
            ],
        )
        self.assertEqual(set(order.order_line.mapped("price_source")), {"agreement"})
        # the order released before and the new quotation
        self.assertEqual(agreement.release_order_count, 2)
        order.action_confirm()
        self.assertEqual(agreement.line_ids[0].qty_remaining, 0.0)
        self.assertEqual(agreement.line_ids[1].qty_remaining, 0.0)
        self.assertEqual(
            set(agreement.action_view_release_orders()["domain"][0][2]),
            set(agreement.line_ids.sale_line_ids.order_id.ids),
        )

    def test_ag7_release_refused_when_on_hold(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10}], state="on_hold"
        )
        with self.assertRaisesRegex(
            ValidationError, "only effective agreements can be ordered"
        ):
            agreement.action_create_release_order()

    # -- access ---------------------------------------------------------------
    def test_access_salesman_reads_and_uses_manager_edits(self):
        agreement = self._agreement(
            [{"product_id": self.product.id, "qty_committed": 10, "price_unit": 70}]
        )
        as_salesman = agreement.with_user(self.salesman)
        self.assertEqual(as_salesman.line_ids.price_unit, 70.0)
        with self.assertRaises(AccessError):
            as_salesman.write({"max_is_enforced": True})
        with self.assertRaises(AccessError):
            self.env["sale.agreement"].with_user(self.salesman).create(
                {"partner_id": self.customer.id}
            )
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        self.assertEqual(order.order_line.price_unit, 70.0)
        as_manager = agreement.with_user(self.manager)
        as_manager.write({"max_is_enforced": True})
        as_manager.action_close()
        self.assertEqual(agreement.state, "closed")


@tagged("post_install", "-at_install")
class TestAgreementPerformance(AgreementCase):
    def _order_entry_queries(self, partner, products):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 1})
                    for p in products
                ],
            }
        )
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_ag5_lookup_queries_independent_of_lines(self):
        """Agreement lookup and pricing add the same number of queries to an
        order of 10 or 40 lines, for a customer with 60 agreement lines."""
        products = self.env["product.product"].create(
            [{"name": f"Q{i}", "list_price": 5.0} for i in range(60)]
        )
        self._agreement(
            [
                {"product_id": p.id, "qty_committed": 100, "price_unit": 4}
                for p in products
            ]
        )
        stranger = self.env["res.partner"].create({"name": "No agreement AB"})
        overhead = {}
        for count in (10, 40):
            for _warmup in range(2):
                with_agreement = self._order_entry_queries(
                    self.customer, products[:count]
                )
                without = self._order_entry_queries(stranger, products[:count])
            overhead[count] = with_agreement - without
        self.assertEqual(overhead[10], overhead[40])
        self.assertLessEqual(overhead[40], 10)


@tagged("post_install", "-at_install")
class TestAgreementConcurrency(AgreementCase):
    """AG-6 under two simultaneous confirmations (two real transactions)."""

    def test_ag6_concurrent_confirmations_never_over_release(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            partner = env["res.partner"].create({"name": "Concurrent AB"})
            service = env["product.product"].create(
                {"name": "Concurrent service", "type": "service", "list_price": 10}
            )
            agreement = env["sale.agreement"].create(
                {
                    "partner_id": partner.id,
                    "date_start": self.today - timedelta(days=1),
                    "max_is_enforced": True,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": service.id,
                                "qty_committed": 10,
                                "price_unit": 8,
                            }
                        )
                    ],
                }
            )
            agreement.action_set_effective()
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {"product_id": service.id, "product_uom_qty": 6}
                            )
                        ],
                    }
                    for _ in range(2)
                ]
            )
            ids = {
                "partner": partner.id,
                "product": service.id,
                "agreement": agreement.id,
            }
            order_ids = orders.ids
        self.addCleanup(self._cleanup_committed, ids, order_ids)

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.env.uid, {})
        env2 = api.Environment(cr2, self.env.uid, {})
        # both transactions take their snapshot before either confirms
        env1["sale.order"].browse(order_ids[0]).read(["state"])
        env2["sale.order"].browse(order_ids[1]).read(["state"])
        env1["sale.order"].browse(order_ids[0]).action_confirm()

        outcome = {}

        def confirm_second():
            try:
                env2["sale.order"].browse(order_ids[1]).action_confirm()
                env2.flush_all()
                outcome["first_try"] = "confirmed"
            except psycopg2.errors.SerializationFailure:
                # what Odoo's request retry does: start again on fresh data
                cr2.rollback()
                env2.invalidate_all()
                try:
                    env2["sale.order"].browse(order_ids[1]).action_confirm()
                    outcome["retry"] = "confirmed"
                except UserError as error:
                    cr2.rollback()
                    outcome["retry"] = str(error)
            except UserError as error:
                cr2.rollback()
                outcome["first_try"] = str(error)

        thread = threading.Thread(target=confirm_second)
        thread.start()
        time.sleep(0.5)
        self.assertTrue(thread.is_alive(), "the second confirmation waits for the lock")
        cr1.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("first_try", outcome)
        self.assertIn("maximum is enforced", outcome["retry"])
        cr2.rollback()
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            states = env["sale.order"].browse(order_ids).mapped("state")
            self.assertEqual(states, ["sale", "draft"])
            self.assertEqual(
                env["sale.agreement"].browse(ids["agreement"]).line_ids.qty_released,
                6.0,
            )

    def test_ag6_concurrent_quantity_writes_never_over_release(self):
        """Two users raise two confirmed lines of one agreement at once: the
        second waits for the first, is retried on fresh data and refused."""
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            partner = env["res.partner"].create({"name": "Concurrent Write AB"})
            service = env["product.product"].create(
                {"name": "Concurrent write service", "type": "service"}
            )
            agreement = env["sale.agreement"].create(
                {
                    "partner_id": partner.id,
                    "date_start": self.today - timedelta(days=1),
                    "max_is_enforced": True,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": service.id,
                                "qty_committed": 10,
                                "price_unit": 8,
                            }
                        )
                    ],
                }
            )
            agreement.action_set_effective()
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {"product_id": service.id, "product_uom_qty": 4}
                            )
                        ],
                    }
                    for _ in range(2)
                ]
            )
            orders.action_confirm()
            ids = {
                "partner": partner.id,
                "product": service.id,
                "agreement": agreement.id,
            }
            order_ids = orders.ids
            line_ids = orders.order_line.ids
        self.addCleanup(self._cleanup_committed, ids, order_ids)

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.env.uid, {})
        env2 = api.Environment(cr2, self.env.uid, {})
        env1["sale.order.line"].browse(line_ids[0]).read(["product_uom_qty"])
        env2["sale.order.line"].browse(line_ids[1]).read(["product_uom_qty"])
        env1["sale.order.line"].browse(line_ids[0]).product_uom_qty = 6
        env1.flush_all()

        outcome = {}

        def raise_second():
            line = env2["sale.order.line"].browse(line_ids[1])
            try:
                line.product_uom_qty = 6
                env2.flush_all()
                outcome["first_try"] = "written"
            except psycopg2.errors.SerializationFailure:
                cr2.rollback()
                env2.invalidate_all()
                try:
                    line.product_uom_qty = 6
                    env2.flush_all()
                    outcome["retry"] = "written"
                except UserError as error:
                    cr2.rollback()
                    outcome["retry"] = str(error)
            except UserError as error:
                cr2.rollback()
                outcome["first_try"] = str(error)

        thread = threading.Thread(target=raise_second)
        thread.start()
        time.sleep(0.5)
        self.assertTrue(thread.is_alive(), "the second write waits for the lock")
        cr1.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertNotIn("first_try", outcome)
        self.assertIn("maximum is enforced", outcome["retry"])
        cr2.rollback()
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            lines = env["sale.order.line"].browse(line_ids)
            self.assertEqual(lines.mapped("product_uom_qty"), [6.0, 4.0])
            self.assertEqual(
                env["sale.agreement"].browse(ids["agreement"]).line_ids.qty_released,
                10.0,
            )

    def _cleanup_committed(self, ids, order_ids):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            orders = env["sale.order"].browse(order_ids)
            orders._action_cancel()
            orders.unlink()
            env["sale.agreement"].browse(ids["agreement"]).unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
