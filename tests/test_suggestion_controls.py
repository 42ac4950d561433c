# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""XS-5 (evaluation when the line is complete) and XS-6 (controls: company
setting, priority, cross-sell quantity, out-of-stock, *Test rule*)."""

import xmlrpc.client
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .test_suggestions import SuggestionCase
from .test_suggestions import rule_values


class ControlsCase(SuggestionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chair = cls._product("Chair", 50)
        cls.cushion = cls._product("Cushion", 10)
        cls.stored = cls.env["product.product"].create(
            {"name": "Stocked lamp", "type": "consu", "is_storable": True}
        )

    def _preview(self, product, qty, offered=None, order=None, line=None, **order_vals):
        return self.env["sale.order"].get_line_suggestions(
            {
                "id": order.id if order else False,
                "partner_id": self.customer.id,
                **order_vals,
            },
            {
                "id": line.id if line else False,
                "product_id": product.id,
                "product_uom_qty": qty,
            },
            offered_product_ids=offered,
        )

    def _events(self, rules):
        return self.env["sale.suggestion.event"].search_count(
            [("rule_id", "in", rules.ids)]
        )


@tagged("post_install", "-at_install")
class TestSuggestionTiming(ControlsCase):
    # -- XS-5 --------------------------------------------------------------------------
    def test_xs5_quantity_condition_sees_the_entered_quantity(self):
        """A "from 10" rule: nothing at the default quantity, the cushion once
        12 is entered."""
        rule = self._rule(
            "From 10 chairs",
            "crosssell",
            [self.chair],
            [self.cushion],
            condition_domain="[('product_uom_qty', '>=', 10)]",
        )
        self.assertEqual(self._preview(self.chair, 1), [])
        [suggestion] = self._preview(self.chair, 12)
        self.assertEqual(
            (suggestion["rule_id"], suggestion["product_id"]),
            (rule.id, self.cushion.id),
        )
        self.assertEqual(self._events(rule), 0)  # a preview records nothing

    def test_xs5_never_the_same_product_twice_on_a_line(self):
        """The web client says what it offered on the line; a saved line's
        offers are known to the server: a re-evaluation offers only what is
        new."""
        big = self._rule(
            "From 10 chairs",
            "crosssell",
            [self.chair],
            [self.toner],
            condition_domain="[('product_uom_qty', '>=', 10)]",
        )
        small = self._rule("Any chair", "crosssell", [self.chair], [self.cushion])
        self.assertEqual(
            [s["product_id"] for s in self._preview(self.chair, 1)], [self.cushion.id]
        )
        # the quantity changed to 12 after the cushion was offered
        self.assertEqual(
            [
                s["product_id"]
                for s in self._preview(self.chair, 12, offered=[self.cushion.id])
            ],
            [self.toner.id],
        )
        # a saved line whose suggestions were offered (recorded): the server
        # leaves them out even when the web client forgot them (page reloaded)
        order = self._create_order([(self.chair, 1.0)])
        order.get_sales_suggestions()
        self.assertEqual(
            [
                s["product_id"]
                for s in self._preview(
                    self.chair, 12, order=order, line=order.order_line
                )
            ],
            [self.toner.id],
        )
        # XML-RPC keeps answering with every suggestion that applies (XS-3)
        order.order_line.product_uom_qty = 12
        self.assertEqual(
            {s["rule_id"] for s in order.get_sales_suggestions()}, {big.id, small.id}
        )


@tagged("post_install", "-at_install")
class TestSuggestionControls(ControlsCase):
    # -- XS-6: the company setting -----------------------------------------------------
    def test_xs6_company_setting_switches_prompting_off(self):
        order = self._create_order([(self.printer, 1.0)])
        self.assertTrue(self.company.sales_suggestions_enabled)
        settings = Form(self.env["res.config.settings"])
        settings.sales_suggestions_enabled = False
        settings.save().execute()
        self.assertFalse(self.company.sales_suggestions_enabled)
        self.assertEqual(order.get_sales_suggestions(), [])
        self.assertEqual(self._preview(self.printer, 1), [])
        with self.assertRaisesRegex(UserError, "does not apply"):
            order.action_accept_sales_suggestion(
                order.order_line.id, self.crosssell.id, self.toner.id
            )
        self.assertEqual(order.order_line.product_id, self.printer)
        self.assertEqual(self._events(self.upsell | self.crosssell), 0)
        # another company keeps its suggestions (of the rules of every company)
        (self.upsell | self.crosssell).company_id = False
        other = self.env["res.company"].create({"name": "Annat Bolag AB"})
        self.assertTrue(other.sales_suggestions_enabled)
        self.assertTrue(self._preview(self.printer, 1, company_id=other.id))
        self.company.sales_suggestions_enabled = True
        self.assertEqual(len(order.get_sales_suggestions()), 2)

    # -- XS-6: priority ----------------------------------------------------------------
    def test_xs6_priority_orders_the_suggestions(self):
        """Higher priority first, whatever the sequence; of two rules offering
        the same product, the one of higher priority offers it."""
        self.upsell.write({"priority": 0, "sequence": 1})
        self.crosssell.write({"priority": 5, "sequence": 50})
        order = self._create_order([(self.printer, 1.0)])
        self.assertEqual(
            [s["rule_id"] for s in order.get_sales_suggestions()],
            [self.crosssell.id, self.upsell.id],
        )
        self.assertEqual(
            [s["rule_id"] for s in self._preview(self.printer, 1)],
            [self.crosssell.id, self.upsell.id],
        )
        rival = self._rule(
            "Toner, urgent", "crosssell", [self.printer], [self.toner], priority=9
        )
        suggestions = order.get_sales_suggestions()
        self.assertEqual(
            [(s["rule_id"], s["priority"]) for s in suggestions],
            [(rival.id, 9), (self.upsell.id, 0)],
        )
        self.assertEqual(
            self.env["sale.suggestion.rule"].search(
                [("id", "in", (self.upsell | self.crosssell | rival).ids)]
            ),
            rival | self.crosssell | self.upsell,
        )

    def test_xs6_negative_priority_refused(self):
        count = self.env["sale.suggestion.rule"].search_count([])
        with self.assertRaisesRegex(ValidationError, "use zero or more"):
            self._rule(
                "Negative", "crosssell", [self.printer], [self.toner], priority=-1
            )
        self.assertEqual(self.env["sale.suggestion.rule"].search_count([]), count)
        with self.assertRaisesRegex(ValidationError, "use zero or more"):
            self.upsell.priority = -5
        self.upsell.invalidate_recordset()
        self.assertEqual(self.upsell.priority, 0)

    # -- XS-6: cross-sell quantity -----------------------------------------------------
    def test_xs6_crosssell_quantity_fixed_or_proportional(self):
        order = self._create_order([(self.printer, 5.0)])
        line = order.order_line
        self.crosssell.crosssell_qty = 2
        [crosssell] = [
            s
            for s in order.get_sales_suggestions()
            if s["rule_id"] == self.crosssell.id
        ]
        self.assertEqual(crosssell["quantity"], 2.0)
        upsell = next(
            s for s in order.get_sales_suggestions() if s["rule_id"] == self.upsell.id
        )
        self.assertEqual(upsell["quantity"], 5.0)  # an up-sell keeps the line's
        self.crosssell.write(
            {"crosssell_qty_mode": "proportional", "crosssell_qty_ratio": 0.5}
        )
        # 5 x 0.5 = 2.5, rounded up to the toner's unit
        added = self.env["sale.order.line"].browse(
            order.action_accept_sales_suggestion(
                line.id, self.crosssell.id, self.toner.id
            )
        )
        self.assertEqual(added.product_uom_qty, 3.0)
        self.assertEqual(self._preview(self.printer, 8)[-1]["quantity"], 4.0)

    def test_xs6_bad_crosssell_quantity_refused(self):
        count = self.env["sale.suggestion.rule"].search_count([])
        for vals, message in (
            ({"crosssell_qty": 0}, "fixed cross-sell quantity must be more than zero"),
            ({"crosssell_qty": -2}, "fixed cross-sell quantity must be more than zero"),
            (
                {"crosssell_qty_mode": "proportional", "crosssell_qty_ratio": 0},
                "ratio must be more than zero",
            ),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                self._rule("Bad qty", "crosssell", [self.printer], [self.toner], **vals)
            with self.assertRaisesRegex(ValidationError, message):
                self.crosssell.write(vals)
        self.assertEqual(self.env["sale.suggestion.rule"].search_count([]), count)
        self.crosssell.invalidate_recordset()
        self.assertRecordValues(
            self.crosssell,
            [
                {
                    "crosssell_qty_mode": "fixed",
                    "crosssell_qty": 1.0,
                    "crosssell_qty_ratio": 1.0,
                }
            ],
        )
        with self.assertRaises(ValueError):
            self.crosssell.crosssell_qty_mode = "per_dozen"
        # an up-sell adds no line: its cross-sell quantity is not used
        self.upsell.crosssell_qty = 0
        self.assertEqual(self.upsell.crosssell_qty, 0)

    # -- XS-6: out of stock ------------------------------------------------------------
    def test_xs6_out_of_stock_goods_skipped_when_the_rule_says_so(self):
        rule = self._rule(
            "Lamp with printers", "crosssell", [self.printer], [self.stored, self.cable]
        )
        order = self._create_order([(self.printer, 1.0)])

        def suggested():
            self.env.invalidate_all()  # a new request: fresh stock figures
            return {
                s["product_id"]
                for s in order.get_sales_suggestions()
                if s["rule_id"] == rule.id
            }

        self.assertEqual(suggested(), {self.stored.id, self.cable.id})
        rule.skip_out_of_stock = True
        # the cable is not tracked in stock: always suggested
        self.assertEqual(suggested(), {self.cable.id})
        other_warehouse = self.env["stock.warehouse"].create(
            {"name": "Lager Syd", "code": "SYD"}
        )
        quants = self.env["stock.quant"]
        quants._update_available_quantity(self.stored, other_warehouse.lot_stock_id, 4)
        self.assertEqual(suggested(), {self.cable.id})  # stock elsewhere only
        quants._update_available_quantity(self.stored, self.stock_location, 1)
        self.assertEqual(suggested(), {self.stored.id, self.cable.id})
        # the one unit reserved by another order: no free quantity
        self.stored.invalidate_recordset()
        other = self._create_order([(self.stored, 1.0)])
        other.action_confirm()
        self.assertEqual(suggested(), {self.cable.id})
        # the warehouse of the order being entered counts: Syd has 4
        self.assertIn(
            self.stored.id,
            {
                s["product_id"]
                for s in self._preview(self.printer, 1, warehouse_id=other_warehouse.id)
            },
        )


@tagged("post_install", "-at_install")
class TestSuggestionTestRule(ControlsCase):
    # -- XS-6: Test rule ---------------------------------------------------------------
    def test_xs6_test_rule_says_what_it_would_suggest(self):
        self.crosssell.crosssell_qty = 2
        order = self._create_order([(self.printer, 3.0)])
        result = self.crosssell.action_test_rule(order.id)
        self.assertEqual(
            (result["rule_id"], result["order_id"], result["applies"]),
            (self.crosssell.id, order.id, True),
        )
        self.assertEqual(
            [
                (s["product_id"], s["quantity"], s["line_id"])
                for s in result["suggestions"]
            ],
            [(self.toner.id, 2.0, order.order_line.id)],
        )
        self.assertEqual(result["reasons"], [])
        self.assertEqual(self._events(self.upsell | self.crosssell), 0)

    def test_xs6_test_rule_says_which_condition_failed(self):
        order = self._create_order([(self.printer, 3.0)])

        def reasons(rule, on=order):
            result = rule.action_test_rule(on.id)
            self.assertFalse(result["applies"])
            self.assertEqual(result["suggestions"], [])
            return " ".join(result["reasons"])

        quantity = self._rule(
            "From 10",
            "crosssell",
            [self.printer],
            [self.cable],
            condition_domain="[('product_uom_qty', '>=', 10)]",
        )
        self.assertIn("Printer P1 (quantity 3.0", reasons(quantity))
        self.assertIn("does not meet the condition", reasons(quantity))
        self.assertIn(
            "No line of", reasons(quantity, self._create_order([(self.toner, 1.0)]))
        )
        quantity.date_end = self.today - timedelta(days=1)
        self.assertIn("was valid until", reasons(quantity))
        quantity.write(
            {"date_end": False, "date_start": self.today + timedelta(days=2)}
        )
        self.assertIn("is valid from", reasons(quantity))
        quantity.active = False
        self.assertEqual(reasons(quantity), "The rule is archived.")
        other = self.env["res.company"].create({"name": "Annat Bolag AB"})
        self.upsell.company_id = other
        self.assertIn("The rule is for Annat Bolag AB", reasons(self.upsell))
        self.upsell.company_id = False
        self.company.sales_suggestions_enabled = False
        self.assertIn("switched off", reasons(self.upsell))
        self.company.sales_suggestions_enabled = True
        # products left out: on the order already, taken by a rule of higher
        # priority, out of stock
        with_toner = self._create_order([(self.printer, 1.0), (self.toner, 1.0)])
        self.assertIn(
            "Toner is on the order already", reasons(self.crosssell, with_toner)
        )
        self._rule("Toner first", "crosssell", [self.printer], [self.toner], priority=3)
        self.assertIn(
            "by the rule Toner first, which comes first", reasons(self.crosssell)
        )
        lamp = self._rule(
            "Lamp", "crosssell", [self.printer], [self.stored], skip_out_of_stock=True
        )
        self.assertIn(
            "Stocked lamp has no free quantity in warehouse "
            f"{self.warehouse.display_name}",
            reasons(lamp),
        )
        self.assertEqual(self._events(self.upsell | self.crosssell | lamp), 0)

    def test_xs6_test_rule_bad_order_refused(self):
        with self.assertRaisesRegex(UserError, "choose an existing order"):
            self.crosssell.action_test_rule(0)
        order = self._create_order([(self.printer, 1.0)])
        order_id = order.id
        order.unlink()
        with self.assertRaisesRegex(UserError, "choose an existing order"):
            self.crosssell.action_test_rule(order_id)

    def test_xs6_test_rule_access(self):
        """A salesperson (own documents) tests a rule on their orders, not on
        a colleague's; the wizard is the sales managers'."""
        own = new_test_user(
            self.env,
            login="sm_xs_own",
            groups="sales_team.group_sale_salesman",
        )
        mine = self._create_order([(self.printer, 1.0)], user_id=own.id)
        theirs = self._create_order([(self.printer, 1.0)], user_id=self.manager.id)
        rule = self.crosssell.with_user(own)
        self.assertTrue(rule.action_test_rule(mine.id)["applies"])
        with self.assertRaises(AccessError):
            rule.action_test_rule(theirs.id)
        with self.assertRaises(AccessError):
            self.env["sale.suggestion.rule.test"].with_user(own).create(
                {"rule_id": self.crosssell.id}
            )

    def test_xs6_test_rule_from_the_rule_form(self):
        self.upsell.company_id = False  # a rule of every company: any order
        order = self._create_order([(self.printer, 3.0)])
        action = self.env.ref("sales_marketing.sale_suggestion_rule_test_action")
        self.assertEqual(action.res_model, "sale.suggestion.rule.test")
        wizard = Form(
            self.env["sale.suggestion.rule.test"]
            .with_user(self.manager)
            .with_context(active_id=self.upsell.id, default_rule_id=self.upsell.id)
        )
        self.assertFalse(wizard.result_html)
        wizard.order_id = order
        self.assertIn("The rule suggests:", wizard.result_html)
        self.assertIn(
            "Printer P1 Pro (quantity 3.0) for the line Printer P1", wizard.result_html
        )
        wizard.order_id = self._create_order([(self.toner, 1.0)])
        self.assertIn("The rule suggests nothing on this order.", wizard.result_html)
        self.assertIn("No line of", wizard.result_html)


@tagged("post_install", "-at_install")
class TestSuggestionControlsXmlRpc(HttpCase):
    """XS-6 over XML-RPC: the controls are plain fields, refused when bad;
    *Test rule* answers as a dict; the suggestions carry their quantity."""

    def test_xs6_controls_over_xmlrpc(self):
        new_test_user(
            self.env,
            login="sm_xs6_manager",
            password="sm_xs6_manager_pw",
            groups="sales_team.group_sale_manager",
        )
        printer, toner = self.env["product.product"].create(
            [
                {"name": "RPC6 printer", "type": "consu"},
                {"name": "RPC6 toner", "type": "consu"},
            ]
        )
        partner = self.env["res.partner"].create({"name": "RPC6 AB"})
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(
            db, "sm_xs6_manager", "sm_xs6_manager_pw", {}
        )

        def call(model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                db, uid, "sm_xs6_manager_pw", model, method, list(args), kwargs
            )

        values = rule_values("RPC6 toner", "crosssell", printer, toner)
        values.update(
            trigger_product_ids=[(6, 0, printer.ids)],
            trigger_categ_ids=[(6, 0, [])],
            suggested_product_ids=[(6, 0, toner.ids)],
        )
        for bad, fragment in (
            ({"priority": -1}, "use zero or more"),
            ({"crosssell_qty": 0}, "more than zero"),
            (
                {"crosssell_qty_mode": "proportional", "crosssell_qty_ratio": -1},
                "more than zero",
            ),
        ):
            with self.assertRaises(xmlrpc.client.Fault) as error:
                call("sale.suggestion.rule", "create", {**values, **bad})
            self.assertIn(fragment, error.exception.faultString)
        self.assertFalse(
            self.env["sale.suggestion.rule"].search([("name", "=", "RPC6 toner")])
        )
        rule = call(
            "sale.suggestion.rule",
            "create",
            {
                **values,
                "priority": 4,
                "crosssell_qty_mode": "proportional",
                "crosssell_qty_ratio": 0.5,
                "skip_out_of_stock": True,
            },
        )
        order = call(
            "sale.order",
            "create",
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": printer.id, "product_uom_qty": 6})
                ],
            },
        )
        result = call("sale.suggestion.rule", "action_test_rule", [rule], order)
        self.assertTrue(result["applies"])
        self.assertEqual(
            [
                (s["product_id"], s["quantity"], s["priority"])
                for s in result["suggestions"]
            ],
            [(toner.id, 3.0, 4)],
        )
        [suggestion] = call("sale.order", "get_sales_suggestions", [order])
        self.assertEqual(suggestion["quantity"], 3.0)
        line = call(
            "sale.order",
            "action_accept_sales_suggestion",
            [order],
            suggestion["line_id"],
            rule,
            toner.id,
        )
        [added] = call("sale.order.line", "read", [line], ["product_uom_qty"])
        self.assertEqual(added["product_uom_qty"], 3.0)
        with self.assertRaises(xmlrpc.client.Fault) as error:
            call("sale.suggestion.rule", "write", [rule], {"crosssell_qty_ratio": 0})
        self.assertIn("more than zero", error.exception.faultString)
        self.assertEqual(
            self.env["sale.suggestion.rule"].browse(rule).crosssell_qty_ratio, 0.5
        )
        result = call("sale.suggestion.rule", "action_test_rule", [rule], order)
        self.assertFalse(result["applies"])
        self.assertIn("on the order already", result["reasons"][0])
