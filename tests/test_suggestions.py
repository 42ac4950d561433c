# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import xmlrpc.client
from datetime import timedelta

import psycopg2

from odoo import Command
from odoo import api
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.service.model import retrying
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools import mute_logger
from odoo.tools.sql import add_constraint
from odoo.tools.sql import constraint_definition
from odoo.tools.sql import drop_constraint

from .common import SalesMarketingCase


def rule_values(name, kind, triggers, suggested, categs=(), **vals):
    """The values of a sale.suggestion.rule: products and categories as
    recordsets or lists of records."""
    return {
        "name": name,
        "suggestion_type": kind,
        "trigger_product_ids": [Command.set([p.id for p in triggers])],
        "trigger_categ_ids": [Command.set([c.id for c in categs])],
        "suggested_product_ids": [Command.set([p.id for p in suggested])],
        **vals,
    }


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
            rule_values(name, kind, triggers, suggested, categs, **vals)
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
        self.assertEqual(order.order_line[-1], added)  # at the end of the order

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
        # XS-7: a line that is not saved has no statistics
        self.assertFalse(
            self.env["sale.suggestion.event"].search(
                [("rule_id", "in", (self.upsell | self.crosssell).ids)]
            )
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
                "priority",
                "line_id",
                "trigger_product_id",
                "product_id",
                "product_name",
                "quantity",
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
        other = self._create_order([(self.printer, 1.0)])
        order.get_sales_suggestions()  # offered: both rules
        other.get_sales_suggestions()  # offered on another order: counted too
        order.action_decline_sales_suggestions(line.id, [self.crosssell.id])
        order.action_accept_sales_suggestion(
            line.id, self.upsell.id, self.printer_pro.id
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
                    "offered_count": 2,
                    "accepted_count": 0,
                    "declined_count": 1,
                    "acceptance_rate": 0.0,
                },
            ],
        )
        event = self.env["sale.suggestion.event"].search(
            [("rule_id", "=", self.upsell.id), ("event_type", "=", "accepted")]
        )
        self.assertRecordValues(
            event,
            [
                {
                    "line_id": line.id,
                    "order_id": order.id,
                    "partner_id": self.customer.id,
                    "trigger_product_id": self.printer.id,
                    "product_id": self.printer_pro.id,
                    "suggestion_type": "upsell",
                    "user_id": self.env.uid,
                    "company_id": order.company_id.id,
                }
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
class TestSuggestionStatistics(SuggestionCase):
    """XS-7: statistics are recorded by the server only, once per order line,
    rule, suggested product and result."""

    def _counts(self, rules):
        rules.invalidate_recordset()
        return [
            (rule.offered_count, rule.accepted_count, rule.declined_count)
            for rule in rules
        ]

    def test_xs7_repeated_calls_count_once(self):
        order = self._create_order([(self.printer, 1.0)])
        line = order.order_line
        for _repeat in range(3):
            order.get_sales_suggestions()
            order.get_sales_suggestions(line_ids=line.ids)
            order.action_decline_sales_suggestions(line.id)
            order.action_decline_sales_suggestions(line.id, [self.upsell.id])
            self.env["sale.order"].get_line_suggestions(
                {"id": order.id, "partner_id": self.customer.id},
                {"product_id": self.printer.id, "product_uom_qty": 1},
            )
        self.assertEqual(
            self._counts(self.upsell | self.crosssell), [(1, 0, 1), (1, 0, 1)]
        )

    def test_xs7_counted_per_line(self):
        """Two lines of the printer: the up-sell is offered on each line, the
        cross-sell once for the order (on the first line)."""
        order = self._create_order([(self.printer, 1.0), (self.printer, 2.0)])
        order.get_sales_suggestions()
        order.get_sales_suggestions()
        self.assertEqual(
            self._counts(self.upsell | self.crosssell), [(2, 0, 0), (1, 0, 0)]
        )

    def test_xs7_answering_counts_the_offer(self):
        """Accepting or declining a line's suggestions, without asking for them
        first, counts them offered: acceptance never exceeds 100%."""
        order = self._create_order([(self.printer, 1.0)])
        order.action_accept_sales_suggestion(
            order.order_line.id, self.crosssell.id, self.toner.id
        )
        self.assertEqual(
            self._counts(self.upsell | self.crosssell), [(1, 0, 0), (1, 1, 0)]
        )
        self.assertEqual(self.crosssell.acceptance_rate, 100.0)

    def test_xs7_accepted_once_per_line_rule_and_product(self):
        order = self._create_order([(self.printer, 3.0)])
        line = order.order_line
        order.action_accept_sales_suggestion(
            line.id, self.upsell.id, self.printer_pro.id
        )
        # accepting again what was accepted is refused: it no longer applies
        with self.assertRaisesRegex(UserError, "does not apply"):
            order.action_accept_sales_suggestion(
                line.id, self.upsell.id, self.printer_pro.id
            )
        # the same line back to the printer and accepted again: counted once
        line.product_id = self.printer
        order.action_accept_sales_suggestion(
            line.id, self.upsell.id, self.printer_pro.id
        )
        self.assertEqual(line.product_id, self.printer_pro)
        # a cross-sell accepted, its line removed, accepted again: once
        toner_line = self.env["sale.order.line"].browse(
            order.action_accept_sales_suggestion(
                line.id, self.crosssell.id, self.toner.id
            )
        )
        toner_line.unlink()
        order.action_accept_sales_suggestion(line.id, self.crosssell.id, self.toner.id)
        self.assertEqual(order.order_line.product_id, self.printer_pro | self.toner)
        self.assertEqual(
            self._counts(self.upsell | self.crosssell), [(1, 1, 0), (1, 1, 0)]
        )

    def test_xs7_no_user_group_writes_events(self):
        order = self._create_order([(self.printer, 1.0)], user_id=self.salesman.id)
        order.with_user(self.salesman).get_sales_suggestions()
        events = self.env["sale.suggestion.event"].search([("order_id", "=", order.id)])
        self.assertEqual(len(events), 2)
        for user in (self.salesman, self.manager):
            as_user = events.with_user(user)
            self.assertEqual(as_user.mapped("event_type"), ["offered", "offered"])
            with self.assertRaises(AccessError):
                as_user.create(
                    {
                        "rule_id": self.upsell.id,
                        "product_id": self.printer_pro.id,
                        "event_type": "accepted",
                    }
                )
            with self.assertRaises(AccessError):
                as_user.write({"event_type": "accepted"})
            with self.assertRaises(AccessError):
                as_user.unlink()
        with self.assertRaises(AccessError):
            self.upsell.with_user(self.manager).write(
                {
                    "event_ids": [
                        Command.create(
                            {
                                "product_id": self.printer_pro.id,
                                "event_type": "accepted",
                            }
                        )
                    ]
                }
            )
        self.assertFalse(hasattr(self.env["sale.suggestion.event"], "log_events"))
        self.assertEqual(self._counts(self.upsell), [(1, 0, 0)])

    def test_xs7_unique_in_the_database(self):
        order = self._create_order([(self.printer, 1.0)])
        order.get_sales_suggestions()
        event = self.env["sale.suggestion.event"].search(
            [("order_id", "=", order.id), ("rule_id", "=", self.upsell.id)]
        )
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO sale_suggestion_event
                        (rule_id, event_type, line_id, product_id, company_id)
                    VALUES (%s, 'offered', %s, %s, %s)
                    """,
                    event.rule_id.id,
                    event.line_id.id,
                    event.product_id.id,
                    event.company_id.id,
                )
            )
        self.assertEqual(self._counts(self.upsell), [(1, 0, 0)])

    def test_xs7_events_per_company(self):
        other = self.env["res.company"].create({"name": "Annat Bolag AB"})
        manager_b = new_test_user(
            self.env,
            login="sm_xs_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        order = self._create_order([(self.printer, 1.0)])
        order.get_sales_suggestions()
        self.assertEqual(
            self.env["sale.suggestion.event"].search_count(
                [("order_id", "=", order.id)]
            ),
            2,
        )
        self.assertFalse(
            self.env["sale.suggestion.event"]
            .with_user(manager_b)
            .search([("order_id", "=", order.id)])
        )


@tagged("post_install", "-at_install")
class TestSuggestionEventMigration(SuggestionCase):
    """migrations/18.0.2.0.0: the duplicate events of earlier versions are
    removed before the unique constraint is created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migration = load_script(
            f"{get_module_path('sales_marketing')}/migrations/18.0.2.0.0/"
            "pre-dedupe-suggestion-events.py",
            "sales_marketing",
        )
        cls.order = cls._create_order([(cls.printer, 1.0), (cls.printer, 2.0)])
        cls.constraint = "sale_suggestion_event_line_rule_product_event_uniq"

    def _insert(self, rows, with_line=False):
        """rows: ([line,] order, trigger product, rule, product, event type)"""
        columns = ["order_id", "trigger_product_id", "rule_id", "product_id"]
        columns = ["line_id", *columns] if with_line else columns
        self.env.cr.execute(
            SQL(
                "INSERT INTO sale_suggestion_event (%s, event_type, company_id) "
                "VALUES %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL(", ").join(SQL("%s", (*row, self.company.id)) for row in rows),
            )
        )

    def _remaining(self):
        self.env.cr.execute(
            SQL(
                """
                SELECT rule_id, event_type, count(*)
                  FROM sale_suggestion_event
                 WHERE rule_id IN %s
              GROUP BY rule_id, event_type
              ORDER BY rule_id, event_type
                """,
                tuple((self.upsell | self.crosssell).ids),
            )
        )
        return self.env.cr.fetchall()

    def test_duplicates_of_earlier_versions_removed(self):
        """Before this version: no line; once per order and trigger product."""
        self.env.cr.execute(
            SQL("ALTER TABLE sale_suggestion_event DROP COLUMN line_id")
        )
        order, printer = self.order.id, self.printer.id
        upsell, crosssell = self.upsell.id, self.crosssell.id
        pro, toner = self.printer_pro.id, self.toner.id
        other = self._create_order([(self.printer, 1.0)]).id
        self._insert(
            [
                (order, printer, upsell, pro, "offered"),
                (order, printer, upsell, pro, "offered"),
                (order, printer, upsell, pro, "offered"),
                (order, printer, upsell, pro, "declined"),
                (order, printer, upsell, pro, "declined"),
                (order, printer, crosssell, toner, "offered"),
                (order, printer, crosssell, toner, "accepted"),
                (other, printer, crosssell, toner, "offered"),
                # unsaved quotations: kept
                (None, printer, crosssell, toner, "offered"),
                (None, printer, crosssell, toner, "offered"),
            ]
        )
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(
            self._remaining(),
            [
                (upsell, "declined", 1),
                (upsell, "offered", 1),
                (crosssell, "accepted", 1),
                (crosssell, "offered", 4),
            ],
        )

    def test_duplicates_per_line_removed_and_constraint_created(self):
        drop_constraint(self.env.cr, "sale_suggestion_event", self.constraint)
        first, second = self.order.order_line
        order, printer = self.order.id, self.printer.id
        upsell, pro = self.upsell.id, self.printer_pro.id
        self._insert(
            [
                (first.id, order, printer, upsell, pro, "offered"),
                (first.id, order, printer, upsell, pro, "offered"),
                (second.id, order, printer, upsell, pro, "offered"),
                (second.id, order, printer, upsell, pro, "offered"),
                (second.id, order, printer, upsell, pro, "accepted"),
                # recorded before this version, the line unknown
                (None, order, printer, upsell, pro, "offered"),
                (None, order, printer, upsell, pro, "offered"),
            ],
            with_line=True,
        )
        self.migration.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(
            self._remaining(), [(upsell, "accepted", 1), (upsell, "offered", 3)]
        )
        add_constraint(
            self.env.cr,
            "sale_suggestion_event",
            self.constraint,
            "UNIQUE(line_id, rule_id, product_id, event_type)",
        )
        self.assertTrue(
            constraint_definition(self.env.cr, "sale_suggestion_event", self.constraint)
        )


@tagged("post_install", "-at_install")
class TestSuggestionConcurrency(SuggestionCase):
    """XS-7 under two simultaneous requests (two real transactions)."""

    def test_xs7_two_users_offering_at_once_count_once(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            printer, toner = env["product.product"].create(
                [
                    {"name": "Concurrent printer", "type": "consu"},
                    {"name": "Concurrent toner", "type": "consu"},
                ]
            )
            rule = env["sale.suggestion.rule"].create(
                rule_values("Concurrent toner", "crosssell", printer, toner)
            )
            partner = env["res.partner"].create({"name": "Concurrent XS AB"})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": printer.id})],
                }
            )
            ids = {
                "order": order.id,
                "rule": rule.id,
                "partner": partner.id,
                "products": (printer | toner).ids,
            }
        self.addCleanup(self._cleanup_committed, ids)

        first, second = registry.cursor(), registry.cursor()
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        env1 = api.Environment(first, self.env.uid, {})
        env2 = api.Environment(second, self.env.uid, {})
        # both requests start (take their snapshot) before either records
        env1["sale.order"].browse(ids["order"]).read(["name"])
        env2["sale.order"].browse(ids["order"]).read(["name"])
        env1["sale.order"].browse(ids["order"]).get_sales_suggestions()
        first.commit()
        # the second request meets the first one's event, committed after its
        # snapshot: a serialization failure, and Odoo's request retry runs it
        # again on fresh data, where the event is there already
        tries = []

        def offer_second():
            tries.append(1)
            return env2["sale.order"].browse(ids["order"]).get_sales_suggestions()

        with mute_logger("odoo.service.model"):
            suggestions = retrying(offer_second, env2)
        self.assertEqual((len(tries), len(suggestions)), (2, 1))
        with registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            rule = env["sale.suggestion.rule"].browse(ids["rule"])
            self.assertEqual((rule.offered_count, len(rule.event_ids)), (1, 1))

    def _cleanup_committed(self, ids):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            env["sale.order"].browse(ids["order"]).unlink()
            env["sale.suggestion.rule"].browse(ids["rule"]).unlink()
            env["product.product"].browse(ids["products"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()


@tagged("post_install", "-at_install")
class TestSuggestionPerformance(SuggestionCase):
    def _order_with_rules(self, line_count, rule_count):
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
        return self._create_order([(p, 1.0) for p in products])

    def _queries(self, line_count, rule_count):
        order = self._order_with_rules(line_count, rule_count)
        # warm-up: the registry caches (the companies' setting, XS-6) are
        # filled, as in any running server; the records are read again below
        order.order_line._get_sales_suggestions()
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

    def test_xs7_recording_is_one_insert_whatever_rules_and_lines(self):
        """XS-3 with the statistics (XS-4/XS-7): the same queries for 10 lines
        and 20 rules as for 200 lines and 400 rules, the offers recorded in
        one INSERT; asking again runs the same queries and adds nothing."""
        for line_count, rule_count in ((10, 20), (200, 400)):
            order = self._order_with_rules(line_count, rule_count)
            for _repeat in range(2):
                self.env.flush_all()
                self.env.invalidate_all()
                with self.assertQueryCount(16):
                    suggestions = order.get_sales_suggestions()
                self.assertEqual(len(suggestions), rule_count)
                self.assertEqual(
                    self.env["sale.suggestion.event"].search_count(
                        [("order_id", "=", order.id)]
                    ),
                    rule_count,
                )


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

    def test_xs7_statistics_unforgeable_over_xmlrpc(self):
        """As a salesperson over XML-RPC: events cannot be created, changed or
        deleted, repeated calls count once, an acceptance counts once."""
        new_test_user(
            self.env,
            login="sm_xs_forger",
            password="sm_xs_forger_pw",
            groups="sales_team.group_sale_salesman",
        )
        printer, pro, toner = self.env["product.product"].create(
            [
                {"name": "Forge printer", "type": "consu"},
                {"name": "Forge printer pro", "type": "consu"},
                {"name": "Forge toner", "type": "consu"},
            ]
        )
        upsell, crosssell = self.env["sale.suggestion.rule"].create(
            [
                rule_values("Forge pro", "upsell", printer, pro),
                rule_values("Forge toner", "crosssell", printer, toner),
            ]
        )
        partner = self.env["res.partner"].create({"name": "Forge AB"})
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "sm_xs_forger", "sm_xs_forger_pw", {})

        def call(model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                db, uid, "sm_xs_forger_pw", model, method, list(args), kwargs
            )

        def assertFault(fragment, *args, **kwargs):
            with self.assertRaises(xmlrpc.client.Fault) as error:
                call(*args, **kwargs)
            self.assertIn(fragment, error.exception.faultString)

        def counts():
            (upsell | crosssell).invalidate_recordset()
            return [
                (r.offered_count, r.accepted_count, r.declined_count)
                for r in (upsell | crosssell)
            ]

        order = call(
            "sale.order",
            "create",
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": printer.id})],
            },
        )
        [line_id] = call("sale.order", "read", [order], ["order_line"])[0]["order_line"]
        forged = {
            "rule_id": upsell.id,
            "product_id": pro.id,
            "event_type": "accepted",
            "order_id": order,
        }
        assertFault("not allowed to create", "sale.suggestion.event", "create", forged)
        assertFault("does not exist", "sale.suggestion.event", "log_events", [forged])
        for _repeat in range(3):
            call("sale.order", "get_sales_suggestions", [order])
            call(
                "sale.order",
                "get_line_suggestions",
                {"id": order, "partner_id": partner.id},
                {"product_id": printer.id, "product_uom_qty": 1},
            )
            call("sale.order", "action_decline_sales_suggestions", [order], line_id)
        self.assertEqual(counts(), [(1, 0, 1), (1, 0, 1)])

        events = call("sale.suggestion.event", "search", [("order_id", "=", order)])
        self.assertEqual(len(events), 4)
        assertFault(
            "not allowed to modify",
            "sale.suggestion.event",
            "write",
            events,
            {"event_type": "accepted"},
        )
        assertFault("not allowed to delete", "sale.suggestion.event", "unlink", events)

        accept = (
            "sale.order",
            "action_accept_sales_suggestion",
            [order],
            line_id,
            crosssell.id,
            toner.id,
        )
        toner_line = call(*accept)
        assertFault("does not apply", *accept)  # accepted: it no longer applies
        call("sale.order.line", "unlink", [toner_line])
        call(*accept)  # the same line, rule and product: counted once
        self.assertEqual(counts(), [(1, 0, 1), (1, 1, 1)])
