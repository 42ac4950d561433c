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
up-sell once per line, a cross-sell once per order). The rules use the
controls of XS-6 as a sales department would: three priorities, one
cross-sell in four proportional to the line, one rule in ten skipping
out-of-stock goods. The last row measures what the order form asks when a
line is complete (``get_line_suggestions``: one line being entered, nothing
recorded), the call behind the suggestion dialog."""

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
                "priority": i % 3,
                "suggestion_type": "crosssell" if i % 2 else "upsell",
                "skip_out_of_stock": i % 10 == 0,
                "suggested_product_ids": [Command.set([extras[i % 50].id])],
                "script": f"Offer {i}",
            }
            if kind == 3:
                rule["trigger_categ_ids"] = [Command.set([categories[i % 10].id])]
            else:
                rule["trigger_product_ids"] = [
                    Command.set([products[(i * 7 + j) % count].id for j in range(3)])
                ]
            if i % 8 == 1:
                rule["crosssell_qty_mode"] = "proportional"
                rule["crosssell_qty_ratio"] = 0.5
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
    # the order form's call when a line is complete: one line, every rule
    order = _order(env, data, ORDER_LINES)
    env.flush_all()
    env.invalidate_all()
    product = env["product.product"].browse(data["products"][0])
    timings = []
    for _repeat in range(5):
        env.invalidate_all()
        q0 = cr.sql_log_count
        t0 = time.perf_counter()
        found = env["sale.order"].get_line_suggestions(
            {"id": order.id, "partner_id": data["customer"]},
            {"product_id": product.id, "product_uom_qty": 12},
        )
        timings.append(time.perf_counter() - t0)
        queries = cr.sql_log_count - q0
    rows.append("")
    rows.append(
        f"`get_line_suggestions()` (the suggestion dialog, one line of an order of "
        f"{ORDER_LINES}, {len(rules)} active rules): {len(found)} suggestions, "
        f"{queries} queries, {sorted(timings)[2]:.3f} s (median of 5)."
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
