"""(f) Up-sell / cross-sell: entering a 200-line order and asking for its
suggestions with 1,000 active rules (product triggers, category triggers,
domain conditions on the line), against stock Odoo entering the same order.

The *suggestions* row adds ``sale.order.get_sales_suggestions()`` (the
XML-RPC call; it also records the offered statistics) to the order entry.
The table below it measures that call alone on the same database with 10 or
1,000 active rules and 20 or 200 lines: the evaluation's query count does
not grow with either (XS-2: rules prefetched once, conditions evaluated with
``filtered_domain``, never a search per rule or per line); recording the
offered statistics is one INSERT whatever their number (once per line, rule
and product: asking again adds nothing). Each product is offered once (an
up-sell once per line, a cross-sell once per order)."""

import time

from harness import Flow

from odoo import Command

from flows._common import make_customers
from flows._common import make_products

RULES = 1000
ORDER_LINES = 200


def setup(env, scale):
    count = max(int(ORDER_LINES * scale), 20)
    categories = env["product.category"].create(
        [{"name": f"XS category {i}"} for i in range(10)]
    )
    products = make_products(env, count, prefix="XS", storable=False)
    for i, product in enumerate(products):
        product.categ_id = categories[i % 10]
    extras = make_products(env, 50, prefix="XS extra", storable=False)
    customer = make_customers(env, 1, prefix="Suggestion customer")
    if "sale.suggestion.rule" in env:
        rules = max(int(RULES * scale), 20)
        vals = []
        for i in range(rules):
            kind = i % 4
            rule = {
                "name": f"XS rule {i:04d}",
                "sequence": i,
                "suggestion_type": "crosssell" if i % 2 else "upsell",
                "suggested_product_ids": [Command.set([extras[i % 50].id])],
                "script": f"Offer {i}",
            }
            if kind == 3:
                rule["trigger_categ_ids"] = [Command.set([categories[i % 10].id])]
            else:
                rule["trigger_product_ids"] = [
                    Command.set([products[(i * 7 + j) % count].id for j in range(3)])
                ]
            if kind == 1:
                rule["condition_domain"] = "[('product_uom_qty', '>=', 5)]"
            if kind == 2:
                rule["condition_domain"] = (
                    "[('order_id.partner_id.name', 'ilike', 'Suggestion')]"
                )
            vals.append(rule)
        env["sale.suggestion.rule"].create(vals)
    return {
        "customer": customer.id,
        "products": products[:ORDER_LINES].ids,
    }


def _order(env, data, lines):
    products = env["product.product"].browse(data["products"][:lines])
    return env["sale.order"].create(
        {
            "partner_id": data["customer"],
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": 5})
                for p in products
            ],
        }
    )


def run(env, data, param=None):
    order = _order(env, data, ORDER_LINES)
    if param == "suggest":
        suggestions = order.get_sales_suggestions()
        assert suggestions, "no suggestion found"


def report(env, data):
    """The suggestions call alone: queries and time by rules and lines."""
    rules = env["sale.suggestion.rule"].search([])
    rows = [
        "| active rules | order lines | suggestions | queries | time (s) |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    cr = env.cr
    for active in (10, len(rules)):
        for lines in (20, ORDER_LINES):
            rules[active:].write({"active": False})
            order = _order(env, data, lines)
            env.flush_all()
            env.invalidate_all()
            order = env["sale.order"].browse(order.id)
            q0 = cr.sql_log_count
            t0 = time.perf_counter()
            found = order.get_sales_suggestions()
            env.flush_all()
            elapsed = time.perf_counter() - t0
            rows.append(
                f"| {active} | {len(order.order_line)} | {len(found)} "
                f"| {cr.sql_log_count - q0} | {elapsed:.3f} |"
            )
            cr.rollback()
            env.invalidate_all()
    return "`get_sales_suggestions()` alone:\n\n" + "\n".join(rows)


FLOW = Flow(
    name="suggestions",
    title="(f) Up-sell / cross-sell — 200-line order, 1,000 rules",
    variants={
        "stock Odoo order entry": {"modules": [], "param": None},
        "sales_marketing order entry": {
            "modules": ["sales_marketing"],
            "param": None,
        },
        "sales_marketing entry + suggestions": {
            "modules": ["sales_marketing"],
            "param": "suggest",
        },
    },
    baseline="stock Odoo order entry",
    setup=setup,
    run=run,
    report=report,
    notes=__doc__.split("\n\n", 1)[1],
)
