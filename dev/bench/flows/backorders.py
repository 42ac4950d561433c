"""(d) Backorder workbenches on 100,000 open sales order lines (plus 100,000
delivered ones, as a live database has): grouped reads of the workbenches by
item and by customer against the equivalent grouped reads of Odoo's own
``sale.report`` on the same data (by product and by customer), the vendor
workbench against ``purchase.report`` by vendor, and the on-time delivery
report (BO-7, the 100,000 delivered lines) by customer and by product and
month against ``sale.report`` by customer and by product and month. All
variants share one database. A tenth of the orders (20,000 lines) is
created through the ORM as draft orders; SQL copies them, with their stored
values, up to the full count, then confirms them and closes half (a
benchmark data set, not a business flow). Each row's ratios are against the
read it matches (the rows marked baseline)."""

from harness import Flow

from odoo import Command
from odoo.tools import SQL

from flows._common import make_customers
from flows._common import make_products

OPEN_LINES = 100_000
CLOSED_LINES = 100_000
LINES_PER_ORDER = 50
# share of the orders created through the ORM; the rest are SQL copies
ORM_SHARE = 0.1


def setup(env, scale):
    products = make_products(env, 200, prefix="BO", storable=True, stock=100)
    customers = make_customers(env, 500, prefix="Backorder customer")
    env = env(context=dict(env.context, mail_create_nolog=True, mail_notrack=True))
    copies = max(round(scale / ORM_SHARE), 1)
    total = int((OPEN_LINES + CLOSED_LINES) * scale / copies)
    orders = env["sale.order"]
    batch = []
    for i in range(total // LINES_PER_ORDER):
        batch.append(
            {
                "partner_id": customers[i % len(customers)].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[(i + k) % len(products)].id,
                            "product_uom_qty": 1 + (i + k) % 7,
                        }
                    )
                    for k in range(LINES_PER_ORDER)
                ],
            }
        )
        if len(batch) == 50:
            orders |= env["sale.order"].create(batch)
            env.flush_all()
            env.invalidate_all()
            batch = []
    if batch:
        orders |= env["sale.order"].create(batch)
    env.flush_all()
    cr = env.cr
    orders |= env["sale.order"].browse(_copy_orders(cr, orders, copies - 1))
    closed = orders[: int(len(orders) * CLOSED_LINES / (OPEN_LINES + CLOSED_LINES))]
    cr.execute(
        SQL(
            "UPDATE sale_order SET state = 'sale',"
            " date_order = now() - interval '20 days' WHERE id IN %s",
            tuple(orders.ids),
        )
    )
    cr.execute(
        SQL(
            "UPDATE sale_order_line SET state = 'sale' WHERE order_id IN %s",
            tuple(orders.ids),
        )
    )
    cr.execute(
        SQL(
            """UPDATE sale_order_line SET qty_delivered = product_uom_qty,
                      qty_invoiced = product_uom_qty, qty_deliver_remainder = 0,
                      qty_invoice_remainder = 0, sales_status = 'invoiced'
                WHERE order_id IN %s""",
            tuple(closed.ids),
        )
    )
    cr.execute(
        SQL(
            "UPDATE sale_order SET sales_status = 'invoiced' WHERE id IN %s",
            tuple(closed.ids),
        )
    )
    # BO-7: the delivered lines, one in four late by up to 9 days
    cr.execute(
        SQL(
            """UPDATE sale_order_line
                  SET confirmed_date = (now() - interval '20 days')::date
                                       + MOD(id, 60),
                      date_delivered = (now() - interval '20 days')::date
                          + MOD(id, 60)
                          + CASE WHEN MOD(id, 4) = 0 THEN MOD(id, 10) ELSE 0 END,
                      delivery_days_late =
                          CASE WHEN MOD(id, 4) = 0 THEN MOD(id, 10) ELSE 0 END
                WHERE order_id IN %s""",
            tuple(closed.ids),
        )
    )
    vendors = make_customers(env, 50, prefix="Backorder vendor")
    purchases = env["purchase.order"].create(
        [
            {
                "partner_id": vendors[i % len(vendors)].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[(i + k) % len(products)].id,
                            "product_qty": 10,
                        }
                    )
                    for k in range(20)
                ],
            }
            for i in range(max(int(200 * scale), 2))
        ]
    )
    purchases.button_confirm()
    env.flush_all()
    env.invalidate_all()
    cr.execute("ANALYZE sale_order_line, sale_order, purchase_order_line, stock_move")
    return {"orders": len(orders)}


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def _copy_orders(cr, orders, times):
    """``times`` SQL copies of each order and its lines, stored values
    included. Returns the new order ids."""
    if times < 1:
        return []
    order_cols = _columns(cr, "sale_order")
    line_cols = [c for c in _columns(cr, "sale_order_line") if c != "order_id"]
    new_ids = []
    for copy in range(1, times + 1):
        for order_id in orders.ids:
            cr.execute(
                SQL(
                    "INSERT INTO sale_order (%s) SELECT %s FROM sale_order"
                    " WHERE id = %s RETURNING id",
                    SQL(", ").join(SQL.identifier(c) for c in order_cols),
                    SQL(", ").join(
                        SQL("name || %s", f"/{copy}")
                        if c == "name"
                        else SQL.identifier(c)
                        for c in order_cols
                    ),
                    order_id,
                )
            )
            new_id = cr.fetchone()[0]
            new_ids.append(new_id)
            cr.execute(
                SQL(
                    "INSERT INTO sale_order_line (order_id, %s)"
                    " SELECT %s, %s FROM sale_order_line WHERE order_id = %s",
                    SQL(", ").join(SQL.identifier(c) for c in line_cols),
                    new_id,
                    SQL(", ").join(SQL.identifier(c) for c in line_cols),
                    order_id,
                )
            )
    return new_ids


SUMS = {
    "sale.backorder.item": ["qty_demand:sum", "qty_on_hand:sum", "qty_shortfall:sum"],
    "sale.backorder.line": ["qty_backorder:sum", "amount_backorder:sum", "__count"],
    "purchase.backorder.line": ["qty_backorder:sum", "__count"],
    "sale.report": ["product_uom_qty:sum", "qty_to_deliver:sum", "__count"],
    "purchase.report": ["qty_ordered:sum", "qty_received:sum", "__count"],
    "sale.on.time.report": ["on_time_rate:avg", "days_late:avg", "__count"],
}

READS = {
    "workbenches": [
        ("sale.backorder.item", "product_id"),
        ("sale.backorder.line", "partner_id"),
    ],
    "sale.report": [("sale.report", "product_id"), ("sale.report", "partner_id")],
    "vendor workbench": [("purchase.backorder.line", "partner_id")],
    "purchase.report": [("purchase.report", "partner_id")],
    "on-time report": [
        ("sale.on.time.report", "partner_id"),
        ("sale.on.time.report", ("product_id", "date_delivered:month")),
    ],
    "sale.report by month": [
        ("sale.report", "partner_id"),
        ("sale.report", ("product_id", "date:month")),
    ],
}


def _groupby(groupby):
    return list(groupby) if isinstance(groupby, tuple) else [groupby]


def run(env, data, param):
    for model, groupby in READS[param]:
        env[model]._read_group([], _groupby(groupby), SUMS[model])


def report(env, data):
    """EXPLAIN ANALYZE of exactly the SQL each workbench's grouped read runs."""
    lines = ["EXPLAIN ANALYZE of the workbench reads:", ""]
    cr = env.cr
    for model, groupby in (
        READS["workbenches"] + READS["vendor workbench"] + READS["on-time report"]
    ):
        captured = []
        execute = type(cr).execute

        def capture(
            self,
            query,
            params=None,
            log_exceptions=None,
            captured=captured,
            run=execute,
        ):
            captured.append(query)
            return run(self, query, params, log_exceptions)

        type(cr).execute = capture
        try:
            env[model]._read_group([], _groupby(groupby), SUMS[model])
        finally:
            type(cr).execute = execute
        cr.execute(SQL("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) %s", captured[-1]))
        plan = "\n".join(row[0] for row in cr.fetchall())
        lines += [f"`{model}` grouped by `{groupby}`:", "", "```", plan, "```", ""]
    return "\n".join(lines)


FLOW = Flow(
    name="backorders",
    title=(
        "(d) Backorder workbenches and on-time delivery, 100,000 open and"
        " 100,000 delivered order lines: grouped reads"
    ),
    variants={
        "Odoo sale.report by product + by customer": {
            "modules": ["sales_marketing"],
            "param": "sale.report",
        },
        "backorders by item + by customer": {
            "modules": ["sales_marketing"],
            "param": "workbenches",
        },
        "Odoo purchase.report by vendor": {
            "modules": ["sales_marketing"],
            "param": "purchase.report",
        },
        "backorders by vendor": {
            "modules": ["sales_marketing"],
            "param": "vendor workbench",
            "against": "Odoo purchase.report by vendor",
        },
        "Odoo sale.report by customer + by product and month": {
            "modules": ["sales_marketing"],
            "param": "sale.report by month",
        },
        "on-time delivery by customer + by product and month": {
            "modules": ["sales_marketing"],
            "param": "on-time report",
            "against": "Odoo sale.report by customer + by product and month",
        },
    },
    baseline="Odoo sale.report by product + by customer",
    setup=setup,
    run=run,
    report=report,
    notes=__doc__.split("\n\n", 1)[0],
)
