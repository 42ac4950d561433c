# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


class SuggestionCase(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="sm_xs_manager", groups="sales_team.group_sale_manager"
        )
        cls.today = fields.Date.context_today(cls.env["sale.order"])
        cls.printers = cls.env["product.category"].create({"name": "Printers"})
        cls.laser = cls.env["product.category"].create(
            {"name": "Laser", "parent_id": cls.printers.id}
        )
        cls.printer = cls._product("Printer P1", 200, cls.laser)
        cls.printer_pro = cls._product("Printer P1 Pro", 260, cls.laser)
        cls.toner = cls._product("Toner", 40)
        cls.cable = cls._product("USB cable", 5)
        cls.upsell = cls._rule(
            "Go Pro",
            "upsell",
            [cls.printer],
            [cls.printer_pro],
            script="Twice as fast.",
        )
        cls.crosssell = cls._rule(
            "Toner with printers", "crosssell", [], [cls.toner], categs=[cls.printers]
        )

    @classmethod
    def _product(cls, name, price, categ=None):
        vals = {"name": name, "list_price": price, "type": "consu"}
        if categ:
            vals["categ_id"] = categ.id
        return cls.env["product.product"].create(vals)

    @classmethod
    def _rule(cls, name, kind, triggers, suggested, categs=(), **vals):
        return cls.env["sale.suggestion.rule"].create(
            {
                "name": name,
                "suggestion_type": kind,
                "trigger_product_ids": [Command.set([p.id for p in triggers])],
                "trigger_categ_ids": [Command.set([c.id for c in categs])],
                "suggested_product_ids": [Command.set([p.id for p in suggested])],
                **vals,
            }
        )

    def _pairs(self, order, **kwargs):
        return {
            (s["rule_id"], s["product_id"])
            for s in order.get_sales_suggestions(**kwargs)
        }


@tagged("post_install", "-at_install")
class TestSuggestionRules(SuggestionCase):
    # -- XS-1 --------------------------------------------------------------------------
    def test_xs1_bad_rules_refused(self):
        count = self.env["sale.suggestion.rule"].search_count([])
        with self.assertRaisesRegex(
            ValidationError, "choose the products or categories that trigger it"
        ):
            self._rule("No trigger", "crosssell", [], [self.toner])
        with self.assertRaisesRegex(ValidationError, "products it suggests"):
            self._rule("Nothing suggested", "crosssell", [self.printer], [])
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self._rule(
                "Inverted",
                "crosssell",
                [self.printer],
                [self.toner],
                date_start=self.today,
                date_end=self.today - timedelta(days=1),
            )
        with self.assertRaisesRegex(ValidationError, "not a valid domain"):
            self._rule(
                "Bad domain",
                "crosssell",
                [self.printer],
                [self.toner],
                condition_domain="[('no_such_field', '=', 1)]",
            )
        self.assertEqual(self.env["sale.suggestion.rule"].search_count([]), count)

    # -- XS-2: matching ----------------------------------------------------------------
    def test_xs2_product_and_category_triggers(self):
        order = self._create_order([(self.printer, 1.0)])
        self.assertEqual(
            self._pairs(order),
            {(self.upsell.id, self.printer_pro.id), (self.crosssell.id, self.toner.id)},
        )
        # the pro printer is in a child category of Printers: cross-sell only
        order_pro = self._create_order([(self.printer_pro, 1.0)])
        self.assertEqual(self._pairs(order_pro), {(self.crosssell.id, self.toner.id)})
        self.assertEqual(
            self._create_order([(self.cable, 1.0)]).get_sales_suggestions(), []
        )

    def test_xs2_domain_on_customer_quantity_amount_pricelist_type(self):
        vip = self.env["res.partner"].create({"name": "VIP AB"})
        standard, pricelist = self.env["product.pricelist"].create(
            [{"name": "Standard"}, {"name": "Partner"}]
        )
        (self.customer | vip).property_product_pricelist = standard
        rules = {
            "customer": [("order_id.partner_id", "=", vip.id)],
            "quantity": [("product_uom_qty", ">=", 10)],
            "amount": [("price_subtotal", ">=", 1000)],
            "pricelist": [("order_id.pricelist_id", "=", pricelist.id)],
            "type": [("order_id.order_type", "=", "journal")],
        }
        # one accessory per rule: a product is offered once per order
        created = {
            key: self._rule(
                key,
                "crosssell",
                [self.cable],
                [self._product(f"Accessory for {key}", 10)],
                condition_domain=str(domain),
            )
            for key, domain in rules.items()
        }

        def matched(order):
            return {
                key
                for key, rule in created.items()
                if (rule.id, rule.suggested_product_ids.id) in self._pairs(order)
            }

        self.assertEqual(matched(self._create_order([(self.cable, 1.0)])), set())
        self.assertEqual(
            matched(self._create_order([(self.cable, 1.0)], partner_id=vip.id)),
            {"customer"},
        )
        self.assertEqual(
            matched(self._create_order([(self.cable, 12.0)])), {"quantity"}
        )
        self.assertEqual(
            matched(self._create_order([(self.cable, 250.0)])), {"quantity", "amount"}
        )
        self.assertEqual(
            matched(self._create_order([(self.cable, 1.0)], pricelist_id=pricelist.id)),
            {"pricelist"},
        )
        self.assertEqual(
            matched(self._create_order([(self.cable, 1.0)], order_type="journal")),
            {"type"},
        )

    def test_xs2_validity_dates_active_and_company(self):
        other = self.env["res.company"].create({"name": "Annat Bolag AB"})
        self.upsell.date_end = self.today - timedelta(days=1)
        self.crosssell.company_id = other
        self.assertEqual(
            self._create_order([(self.printer, 1.0)]).get_sales_suggestions(), []
        )
        self.upsell.write(
            {"date_end": False, "date_start": self.today + timedelta(days=1)}
        )
        self.assertEqual(
            self._create_order([(self.printer, 1.0)]).get_sales_suggestions(), []
        )
        self.upsell.date_start = self.today
        self.crosssell.company_id = False
        self.assertEqual(
            len(self._create_order([(self.printer, 1.0)]).get_sales_suggestions()), 2
        )
        self.upsell.active = False
        self.assertEqual(
            self._pairs(self._create_order([(self.printer, 1.0)])),
            {(self.crosssell.id, self.toner.id)},
        )

    def test_xs2_no_cross_sell_of_what_is_on_the_order(self):
        order = self._create_order([(self.printer, 1.0), (self.toner, 2.0)])
        self.assertEqual(self._pairs(order), {(self.upsell.id, self.printer_pro.id)})

    def test_xs2_each_product_offered_once(self):
        """Two printers of the category: the toner is offered once for the
        order; a second rule offering the same up-sell for the same line is
        not offered again (the first rule in sequence wins)."""
        self.upsell.sequence = 1
        second_upsell = self._rule(
            "Go Pro again", "upsell", [self.printer], [self.printer_pro], sequence=2
        )
        order = self._create_order([(self.printer, 1.0), (self.printer_pro, 1.0)])
        suggestions = order.get_sales_suggestions()
        self.assertEqual(
            sorted((s["rule_id"], s["product_id"], s["line_id"]) for s in suggestions),
            sorted(
                [
                    (self.upsell.id, self.printer_pro.id, order.order_line[0].id),
                    (self.crosssell.id, self.toner.id, order.order_line[0].id),
                ]
            ),
        )
        self.assertEqual(second_upsell.offered_count, 0)

    # -- XS-2: accepting and declining -------------------------------------------------
    def test_xs2_upsell_replaces_product_keeping_quantity(self):
        order = self._create_order([(self.printer, 3.0)])
        line = order.order_line
        line_id = order.action_accept_sales_suggestion(
            line.id, self.upsell.id, self.printer_pro.id
        )
        self.assertEqual(line_id, line.id)
        self.assertEqual(
            (line.product_id, line.product_uom_qty), (self.printer_pro, 3.0)
        )
        self.assertEqual(line.price_unit, 260.0)
        self.assertEqual(len(order.order_line), 1)

    def test_xs2_crosssell_adds_a_line(self):
        order = self._create_order([(self.printer, 3.0)])
        line_id = order.action_accept_sales_suggestion(
            order.order_line.id, self.crosssell.id, self.toner.id
        )
        added = self.env["sale.order.line"].browse(line_id)
        self.assertEqual(added.order_id, order)
        self.assertEqual((added.product_id, added.product_uom_qty), (self.toner, 1.0))
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.order_line[0].product_id, self.printer)

    def test_xs2_accepting_a_suggestion_that_does_not_apply_is_refused(self):
        order = self._create_order([(self.cable, 1.0)])
        with self.assertRaisesRegex(UserError, "does not apply"):
            order.action_accept_sales_suggestion(
                order.order_line.id, self.upsell.id, self.printer_pro.id
            )
        self.assertEqual(order.order_line.product_id, self.cable)

    def test_xs2_suggestions_for_a_line_not_saved_yet(self):
        suggestions = self.env["sale.order"].get_line_suggestions(
            {"partner_id": self.customer.id, "order_type": "sales"},
            {"product_id": self.printer.id, "product_uom_qty": 2},
        )
        self.assertEqual(
            {(s["rule_id"], s["product_id"]) for s in suggestions},
            {(self.upsell.id, self.printer_pro.id), (self.crosssell.id, self.toner.id)},
        )
        upsell = next(s for s in suggestions if s["suggestion_type"] == "upsell")
        self.assertEqual(upsell["script"], "Twice as fast.")
        self.assertFalse(upsell["line_id"])
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        )

    # -- XS-3 --------------------------------------------------------------------------
    def test_xs3_public_method_returns_plain_dicts(self):
        order = self._create_order([(self.printer, 1.0), (self.cable, 1.0)])
        suggestions = order.get_sales_suggestions()
        self.assertEqual(
            set(suggestions[0]),
            {
                "rule_id",
                "rule_name",
                "suggestion_type",
                "line_id",
                "trigger_product_id",
                "product_id",
                "product_name",
                "script",
            },
        )
        printer_line, cable_line = order.order_line
        self.assertEqual({s["line_id"] for s in suggestions}, {printer_line.id})
        self.assertEqual(order.get_sales_suggestions(line_ids=[cable_line.id]), [])

    # -- XS-4 --------------------------------------------------------------------------
    def test_xs4_statistics_per_rule(self):
        order = self._create_order([(self.printer, 1.0)])
        line = order.order_line
        order.get_sales_suggestions()  # offered: both rules
        order.action_decline_sales_suggestions(line.id, [self.crosssell.id])
        order.action_accept_sales_suggestion(
            line.id, self.upsell.id, self.printer_pro.id
        )
        self.env["sale.suggestion.event"].log_events(
            [
                {
                    "rule_id": self.upsell.id,
                    "product_id": self.printer_pro.id,
                    "event_type": "offered",
                }
            ]
        )
        self.upsell.invalidate_recordset()
        self.crosssell.invalidate_recordset()
        self.assertRecordValues(
            self.upsell | self.crosssell,
            [
                {
                    "offered_count": 2,
                    "accepted_count": 1,
                    "declined_count": 0,
                    "acceptance_rate": 50.0,
                },
                {
                    "offered_count": 1,
                    "accepted_count": 0,
                    "declined_count": 1,
                    "acceptance_rate": 0.0,
                },
            ],
        )

    # -- access ------------------------------------------------------------------------
    def test_access_salesman_uses_manager_edits(self):
        as_salesman = self.upsell.with_user(self.salesman)
        self.assertEqual(as_salesman.name, "Go Pro")
        with self.assertRaises(AccessError):
            as_salesman.write({"name": "Hacked"})
        self.upsell.with_user(self.manager).write({"script": "Faster and quieter."})
        order = self._create_order([(self.printer, 1.0)], user_id=self.salesman.id)
        suggestions = order.with_user(self.salesman).get_sales_suggestions()
        self.assertEqual(len(suggestions), 2)
        events = self.env["sale.suggestion.event"].with_user(self.salesman).search([])
        self.assertEqual(len(events), 2)
        self.assertEqual(events.user_id, self.salesman)


@tagged("post_install", "-at_install")
class TestSuggestionPerformance(SuggestionCase):
    def _queries(self, line_count, rule_count):
        products = self.env["product.product"].create(
            [
                {"name": f"XS {line_count}-{i}", "type": "consu"}
                for i in range(line_count)
            ]
        )
        extras = self.env["product.product"].create(
            [
                {"name": f"Accessory {line_count}-{i}", "type": "consu"}
                for i in range(rule_count)
            ]
        )
        self.env["sale.suggestion.rule"].create(
            [
                {
                    "name": f"R{i}",
                    "suggestion_type": "crosssell",
                    "trigger_product_ids": [Command.set([products[i % line_count].id])],
                    "suggested_product_ids": [Command.set(extras[i].ids)],
                    "condition_domain": "[('product_uom_qty', '>', 0)]",
                }
                for i in range(rule_count)
            ]
        )
        order = self._create_order([(p, 1.0) for p in products])
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        suggestions = order.order_line._get_sales_suggestions()
        count = self.env.cr.sql_log_count - start
        self.assertEqual(len(suggestions), rule_count)
        return count

    def test_xs2_constant_queries_whatever_rules_and_lines(self):
        small = self._queries(10, 20)
        large = self._queries(50, 200)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 15)


@tagged("post_install", "-at_install")
class TestSuggestionXmlRpc(HttpCase):
    def test_xs3_get_sales_suggestions_over_xmlrpc(self):
        salesman = new_test_user(
            self.env,
            login="sm_xs_rpc",
            password="sm_xs_rpc_pw",
            groups="sales_team.group_sale_salesman",
        )
        printer = self.env["product.product"].create(
            {"name": "RPC printer", "type": "consu"}
        )
        toner = self.env["product.product"].create(
            {"name": "RPC toner", "type": "consu"}
        )
        rule = self.env["sale.suggestion.rule"].create(
            {
                "name": "RPC toner",
                "suggestion_type": "crosssell",
                "trigger_product_ids": [Command.set(printer.ids)],
                "suggested_product_ids": [Command.set(toner.ids)],
                "script": "Ink for a year.",
            }
        )
        partner = self.env["res.partner"].create({"name": "RPC suggestion AB"})
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "sm_xs_rpc", "sm_xs_rpc_pw", {})
        order = self.xmlrpc_object.execute_kw(
            db,
            uid,
            "sm_xs_rpc_pw",
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner.id,
                    "user_id": salesman.id,
                    "order_line": [(0, 0, {"product_id": printer.id})],
                }
            ],
        )
        suggestions = self.xmlrpc_object.execute_kw(
            db, uid, "sm_xs_rpc_pw", "sale.order", "get_sales_suggestions", [[order]]
        )
        self.assertEqual(len(suggestions), 1)
        self.assertEqual(
            (
                suggestions[0]["rule_id"],
                suggestions[0]["suggestion_type"],
                suggestions[0]["product_id"],
                suggestions[0]["script"],
            ),
            (rule.id, "crosssell", toner.id, "Ink for a year."),
        )
        line_id = self.xmlrpc_object.execute_kw(
            db,
            uid,
            "sm_xs_rpc_pw",
            "sale.order",
            "action_accept_sales_suggestion",
            [[order], suggestions[0]["line_id"], rule.id, toner.id],
        )
        line = self.env["sale.order.line"].browse(line_id)
        self.assertEqual(line.product_id, toner)
        self.assertEqual(rule.accepted_count, 1)
