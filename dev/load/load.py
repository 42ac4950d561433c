"""Load and soak (make load): N concurrent XML-RPC clients against a
multi-worker Odoo, each repeating the full sales flow until a deadline; then
the same load on stock Odoo with the equivalent flow; then consistency checks
on the data, and the figures appended to dev/bench/RESULTS.md.

Driven by dev/load/run.sh, which starts and stops the servers; this script
only talks XML-RPC (and reads the databases for the checks)."""

import argparse
import collections
import datetime
import json
import os
import random
import statistics
import sys
import threading
import time
import xmlrpc.client

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(os.path.dirname(HERE), "bench", "RESULTS.md")

# faults that are the expected outcome of a business rule under concurrency
EXPECTED_FAULTS = (
    "no packing slip left",  # another client invoiced the slip first (IN-2)
    "rule AG-6",  # the enforced agreement is used up (AG-6)
    # stock Odoo: another client invoiced the order first (invoice everything)
    "No items are available to invoice",
    # a grouped invoice of the day posted by another client first
    "is already posted",
    "must be in draft",
)


class Client:
    """One XML-RPC session timing every call."""

    def __init__(self, url, db, login, password, stats):
        self.db, self.password = db, password
        self.common = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/common", allow_none=True
        )
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )
        self.uid = self.common.authenticate(db, login, password, {})
        self.stats = stats

    def call(self, model, method, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.models.execute_kw(
                self.db, self.uid, self.password, model, method, list(args), kwargs
            )
        finally:
            self.stats.timing(f"{model}.{method}", time.perf_counter() - start)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = collections.defaultdict(list)
        self.flows = 0
        self.errors = []
        self.expected = collections.Counter()

    def timing(self, name, seconds):
        with self.lock:
            self.timings[name].append(seconds)

    def flow_done(self):
        with self.lock:
            self.flows += 1

    def fault(self, error):
        text = str(error)
        with self.lock:
            for marker in EXPECTED_FAULTS:
                if marker in text:
                    self.expected[marker] += 1
                    return
            self.errors.append(text[-500:])


# -- setup ---------------------------------------------------------------------
def setup(client, clients, ours):
    """Products, one customer per pair of clients (with an enforced agreement
    on ours), a cross-sell rule and due subscriptions when those exist."""
    product_ids = client.call(
        "product.product",
        "create",
        [
            {
                "name": f"Load item {i}",
                "type": "consu",
                "list_price": 20 + i,
                "invoice_policy": "delivery",
            }
            for i in range(6)
        ],
    )
    # a payment term: Odoo's invoice wizard answers None for it otherwise,
    # which XML-RPC cannot carry
    term = client.call(
        "account.payment.term", "search", [("name", "ilike", "immediate")], limit=1
    )
    customers = client.call(
        "res.partner",
        "create",
        [
            {"name": f"Load customer {i}", "property_payment_term_id": term[0]}
            for i in range((clients + 1) // 2)
        ],
    )
    data = {"products": product_ids, "customers": customers, "agreements": []}
    if ours:
        today = datetime.date.today().isoformat()
        for customer in customers:
            agreement = client.call(
                "sale.agreement",
                "create",
                {
                    "partner_id": customer,
                    "date_start": today,
                    "max_is_enforced": True,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product_ids[0],
                                "qty_committed": 400,
                                "price_unit": 15,
                            },
                        )
                    ],
                },
            )
            client.call("sale.agreement", "action_set_effective", [agreement])
            data["agreements"].append(agreement)
        if has_model(client, "sale.suggestion.rule"):
            data["suggestions"] = True
            client.call(
                "sale.suggestion.rule",
                "create",
                {
                    "name": "Load cross-sell",
                    "suggestion_type": "crosssell",
                    "trigger_product_ids": [(6, 0, [product_ids[1]])],
                    "suggested_product_ids": [(6, 0, [product_ids[2]])],
                },
            )
        if has_model(client, "sale.subscription.period"):
            data["subscriptions"] = setup_subscriptions(client, customers)
        if has_model(client, "sale.return.disposition"):
            # returns come back to stock and are credited, as the baseline's
            data["disposition_id"] = client.call(
                "sale.return.disposition",
                "search",
                [("action", "=", "credit")],
                limit=1,
            )[0]
    else:
        setup_recurring_baseline(client, customers)
    return data


SUBSCRIPTIONS = 40
SUBSCRIPTION_MONTHS = 6


def setup_subscriptions(client, customers):
    """Subscriptions with six missed monthly periods each, for the cron
    worker to invoice while the clients work: the job runs every minute in
    batches of 10 (and again at once while some are due)."""
    service = client.call(
        "product.product",
        "create",
        {"name": "Load plan", "type": "service", "invoice_policy": "order"},
    )
    start = datetime.date.today() - datetime.timedelta(days=31 * SUBSCRIPTION_MONTHS)
    orders = client.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": customers[i % len(customers)],
                "order_type": "subscription",
                "subscription_date_start": start.isoformat(),
                "order_line": [(0, 0, {"product_id": service, "product_uom_qty": 1})],
            }
            for i in range(SUBSCRIPTIONS)
        ],
    )
    client.call("sale.order", "action_confirm", orders)
    param = client.call(
        "ir.config_parameter",
        "search",
        [("key", "=", "sales_marketing.subscription_batch_size")],
    )
    if param:
        client.call("ir.config_parameter", "write", param, {"value": "10"})
    else:
        client.call(
            "ir.config_parameter",
            "create",
            {"key": "sales_marketing.subscription_batch_size", "value": "10"},
        )
    cron = client.call(
        "ir.model.data",
        "search_read",
        [
            ("module", "=", "sales_marketing"),
            ("name", "=", "ir_cron_invoice_subscriptions"),
        ],
        fields=["res_id"],
    )[0]["res_id"]
    now = datetime.datetime.utcnow().replace(microsecond=0)
    client.call(
        "ir.cron",
        "write",
        [cron],
        {
            "interval_number": 1,
            "interval_type": "minutes",
            "priority": 0,
            "nextcall": (now + datetime.timedelta(seconds=20)).isoformat(" "),
        },
    )
    return orders


RECURRING_REF = "LOAD-RECURRING"
RECURRING_JOB = """
domain = [
    ("client_order_ref", "=", "LOAD-RECURRING"),
    ("invoice_status", "=", "to invoice"),
]
orders = model.search(domain, limit=60)
if orders:
    orders._create_invoices(grouped=True).action_post()
env["ir.cron"]._notify_progress(done=len(orders), remaining=model.search_count(domain))
"""


def setup_recurring_baseline(client, customers):
    """Stock Odoo's equivalent of the subscription job, so that both runs do
    the same background work: as many confirmed orders as there are missed
    subscription periods, invoiced one invoice per order and posted by a
    scheduled action (every minute, 60 per run, again at once while some
    are left), the way our job invoices 10 subscriptions x 6 periods."""
    service = client.call(
        "product.product",
        "create",
        {"name": "Load plan", "type": "service", "invoice_policy": "order"},
    )
    orders = client.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": customers[i % len(customers)],
                "client_order_ref": RECURRING_REF,
                "order_line": [(0, 0, {"product_id": service, "product_uom_qty": 1})],
            }
            for i in range(SUBSCRIPTIONS * SUBSCRIPTION_MONTHS)
        ],
    )
    client.call("sale.order", "action_confirm", orders)
    model = client.call("ir.model", "search", [("model", "=", "sale.order")])[0]
    now = datetime.datetime.utcnow().replace(microsecond=0)
    client.call(
        "ir.cron",
        "create",
        {
            "name": "Load: invoice recurring orders",
            "model_id": model,
            "state": "code",
            "code": RECURRING_JOB,
            "interval_number": 1,
            "interval_type": "minutes",
            "priority": 0,
            "nextcall": (now + datetime.timedelta(seconds=20)).isoformat(" "),
        },
    )


def count_recurring_invoiced(db_dsn):
    with psycopg2.connect(db_dsn) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM sale_order"
            " WHERE client_order_ref = %s AND invoice_status = 'invoiced'",
            (RECURRING_REF,),
        )
        return cr.fetchone()[0]


def has_model(client, model):
    return bool(client.call("ir.model", "search_count", [("model", "=", model)]))


# -- the flow --------------------------------------------------------------------
def sales_flow(client, data, rng, ours, iteration):
    customer = rng.choice(data["customers"])
    products = data["products"]
    lines = [
        (0, 0, {"product_id": products[0], "product_uom_qty": rng.randint(1, 3)}),
        (0, 0, {"product_id": products[1], "product_uom_qty": 2}),
        (0, 0, {"product_id": products[3], "product_uom_qty": 1}),
    ]
    order = client.call(
        "sale.order", "create", {"partner_id": customer, "order_line": lines}
    )
    if ours and data.get("suggestions"):
        suggestions = client.call("sale.order", "get_sales_suggestions", [order])
        for suggestion in suggestions:
            if suggestion.get("suggestion_type") == "crosssell":
                client.call(
                    "sale.order",
                    "write",
                    [order],
                    {
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": suggestion["product_id"],
                                    "product_uom_qty": 1,
                                },
                            )
                        ]
                    },
                )
                break
    else:
        # stock Odoo: the salesperson adds the accessory by hand
        client.call(
            "sale.order",
            "write",
            [order],
            {"order_line": [(0, 0, {"product_id": products[2], "product_uom_qty": 1})]},
        )
    client.call("sale.order", "action_confirm", [order])
    picking = client.call(
        "stock.picking", "search", [("sale_id", "=", order), ("state", "!=", "done")]
    )
    moves = client.call(
        "stock.move",
        "search_read",
        [("picking_id", "in", picking)],
        fields=["product_uom_qty"],
    )
    for move in moves:
        client.call(
            "stock.move",
            "write",
            [move["id"]],
            {"quantity": move["product_uom_qty"], "picked": True},
        )
    client.call("stock.picking", "button_validate", picking)
    if ours:
        if iteration % 10 == 9:
            # now and then somebody invoices every slip of the day at once
            client.call("stock.picking", "action_invoice_packing_slips", [])
        try:
            invoices = client.call(
                "stock.picking", "action_invoice_packing_slips", picking
            )
        except xmlrpc.client.Fault as fault:
            if "no packing slip left" not in fault.faultString:
                raise
            # somebody invoiced every slip of the day first: post that invoice
            client.stats.fault(fault.faultString)
            invoices = client.call(
                "account.move",
                "search",
                [
                    ("line_ids.sale_line_ids.order_id", "=", order),
                    ("state", "=", "draft"),
                ],
            )
    else:
        if iteration % 10 == 9:
            # the same "invoice everything delivered" with stock Odoo
            to_invoice = client.call(
                "sale.order",
                "search",
                [
                    ("state", "=", "sale"),
                    ("invoice_status", "=", "to invoice"),
                    ("client_order_ref", "!=", RECURRING_REF),
                ],
            )
            if to_invoice:
                stock_invoice_orders(client, to_invoice)
        stock_invoice_orders(client, [order])
        invoices = client.call(
            "account.move",
            "search",
            [
                ("line_ids.sale_line_ids.order_id", "=", order),
                ("state", "=", "draft"),
            ],
        )
    if invoices:
        try:
            client.call("account.move", "action_post", invoices)
        except xmlrpc.client.Fault as fault:
            # another client posted it first (Odoo says either)
            if not any(text in fault.faultString for text in EXPECTED_FAULTS[-2:]):
                raise
            client.stats.fault(fault.faultString)
    if iteration % 5 == 4:
        if ours:
            returned_flow(client, data, order)
        else:
            stock_return_flow(client, picking)


def stock_invoice_orders(client, orders):
    """Odoo's Create Invoice wizard on these orders (nothing left to invoice
    when another client was faster is the expected outcome)."""
    context = {"active_model": "sale.order", "active_ids": orders}
    try:
        wizard = client.call(
            "sale.advance.payment.inv",
            "create",
            {"advance_payment_method": "delivered"},
            context=context,
        )
        client.call(
            "sale.advance.payment.inv", "create_invoices", [wizard], context=context
        )
    except xmlrpc.client.Fault as fault:
        if "No items are available to invoice" not in fault.faultString:
            raise
        client.stats.fault(fault.faultString)


def stock_return_flow(client, picking):
    """Stock Odoo's return of one unit: the Return wizard on the delivery,
    then the return receipt validated (as our returned order does)."""
    context = {"active_id": picking[0], "active_model": "stock.picking"}
    wizard = client.call("stock.return.picking", "create", {}, context=context)
    lines = client.call(
        "stock.return.picking.line",
        "search_read",
        [("wizard_id", "=", wizard)],
        fields=["id"],
        limit=1,
    )
    client.call("stock.return.picking.line", "write", [lines[0]["id"]], {"quantity": 1})
    action = client.call(
        "stock.return.picking", "action_create_returns", [wizard], context=context
    )
    receive_one_unit(client, [action["res_id"]])


def receive_one_unit(client, receipts):
    moves = client.call("stock.move", "search", [("picking_id", "in", receipts)])
    client.call("stock.move", "write", moves, {"quantity": 1, "picked": True})
    client.call("stock.picking", "button_validate", receipts)


def returned_flow(client, data, order):
    lines = client.call(
        "sale.order.line",
        "search_read",
        [("order_id", "=", order)],
        fields=["product_id"],
        limit=1,
    )
    returned = client.call(
        "sale.order",
        "create",
        {
            "partner_id": client.call("sale.order", "read", [order], ["partner_id"])[0][
                "partner_id"
            ][0],
            "order_type": "returned",
            "origin_order_id": order,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": lines[0]["product_id"][0],
                        "product_uom_qty": 1,
                        "origin_sale_line_id": lines[0]["id"],
                        "disposition_id": data.get("disposition_id", False),
                    },
                )
            ],
        },
    )
    client.call("sale.order", "action_confirm", [returned])
    receipt = client.call("stock.picking", "search", [("sale_id", "=", returned)])
    receive_one_unit(client, receipt)


def worker(args, data, stats, deadline, index, ours):
    rng = random.Random(index)
    client = Client(args.url, args.db, "admin", "admin", stats)
    iteration = 0
    while time.time() < deadline:
        try:
            sales_flow(client, data, rng, ours, iteration)
            stats.flow_done()
        except xmlrpc.client.Fault as fault:
            stats.fault(fault.faultString)
        except Exception as error:
            stats.fault(repr(error))
        iteration += 1


# -- checks ------------------------------------------------------------------------
def checks(db_dsn, ours):
    """The data after the run: every invariant that must survive concurrency."""
    problems = []
    with psycopg2.connect(db_dsn) as conn, conn.cursor() as cr:

        def rows(query):
            cr.execute(query)
            return cr.fetchall()

        if ours:
            for problem, query in OUR_CHECKS:
                found = rows(query)
                if found:
                    problems.append(f"{problem}: {len(found)}")
        if ours and rows(
            "SELECT 1 FROM ir_model WHERE model = 'sale.subscription.period'"
        ):
            for problem, query in SUBSCRIPTION_CHECKS:
                found = rows(query)
                if found:
                    problems.append(f"{problem}: {len(found)}")
        if not ours and rows(RECURRING_INVOICED_TWICE):
            problems.append("recurring orders invoiced twice")
        if rows(DUPLICATE_INVOICE_NUMBERS):
            problems.append("duplicate invoice numbers")
    return problems


RECURRING_INVOICED_TWICE = f"""SELECT o.id FROM sale_order o
      JOIN sale_order_line l ON l.order_id = o.id
      JOIN sale_order_line_invoice_rel r ON r.order_line_id = l.id
      JOIN account_move_line aml ON aml.id = r.invoice_line_id
     WHERE o.client_order_ref = '{RECURRING_REF}'
  GROUP BY o.id HAVING count(DISTINCT aml.move_id) > 1"""

OUR_CHECKS = [
    (
        "duplicate RMA numbers",
        """SELECT company_id, rma_number FROM sale_order WHERE rma_number IS NOT NULL
         GROUP BY 1, 2 HAVING count(*) > 1""",
    ),
    (
        "order lines with inconsistent remainders",
        """SELECT l.id FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
            WHERE l.qty_deliver_remainder < 0 OR l.qty_invoice_remainder < 0
               OR (abs(l.qty_deliver_remainder
                       - greatest(l.product_uom_qty - l.qty_delivered, 0)) > 0.001
                   AND l.state = 'sale' AND l.display_type IS NULL
                   AND l.is_downpayment IS NOT TRUE
                   AND o.order_type NOT IN ('subscription'))""",
    ),
    (
        "agreement lines over-released",
        """SELECT al.id FROM sale_agreement_line al
             JOIN sale_agreement a ON a.id = al.agreement_id
             JOIN sale_order_line l ON l.agreement_line_id = al.id
            WHERE a.max_is_enforced AND l.state = 'sale'
         GROUP BY al.id, al.qty_committed
           HAVING sum(l.product_uom_qty) > al.qty_committed + 0.001""",
    ),
    (
        "order lines invoiced beyond their deliveries (a slip invoiced twice)",
        """SELECT l.id FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
            WHERE o.order_type = 'sales' AND l.state = 'sale'
              AND l.qty_invoiced > l.qty_delivered + 0.001""",
    ),
    (
        "invoiced orders not in status Invoiced",
        """SELECT o.id FROM sale_order o WHERE o.state = 'sale'
              AND o.order_type = 'sales' AND o.sales_status != 'invoiced'
              AND o.invoice_status = 'invoiced'
              AND NOT EXISTS (
                  SELECT 1 FROM sale_order_line l
                    JOIN sale_order_line_invoice_rel r ON r.order_line_id = l.id
                    JOIN account_move_line aml ON aml.id = r.invoice_line_id
                   WHERE l.order_id = o.id AND aml.parent_state = 'draft')""",
    ),
]
SUBSCRIPTION_CHECKS = [
    (
        "subscription periods invoiced twice",
        """SELECT order_id, period_start FROM sale_subscription_period
         GROUP BY 1, 2 HAVING count(*) > 1""",
    ),
    (
        "subscriptions whose invoices do not match their periods",
        """SELECT o.id FROM sale_order o
            WHERE o.order_type = 'subscription'
              AND (SELECT count(*) FROM sale_subscription_period p
                    WHERE p.order_id = o.id AND p.invoice_id IS NOT NULL)
               != (SELECT count(DISTINCT aml.move_id)
                     FROM sale_order_line l
                     JOIN sale_order_line_invoice_rel r ON r.order_line_id = l.id
                     JOIN account_move_line aml ON aml.id = r.invoice_line_id
                    WHERE l.order_id = o.id)
               OR o.subscription_period_index != (
                   SELECT count(*) FROM sale_subscription_period p
                    WHERE p.order_id = o.id)""",
    ),
    (
        "the cron worker invoiced no subscription period",
        """SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM sale_subscription_period)""",
    ),
    (
        "subscriptions that failed in the job",
        """SELECT id FROM sale_order WHERE subscription_error IS NOT NULL""",
    ),
]
DUPLICATE_INVOICE_NUMBERS = """SELECT name FROM account_move
    WHERE state = 'posted' AND name != '/' GROUP BY journal_id, name
   HAVING count(*) > 1"""


def count_periods(db_dsn):
    with psycopg2.connect(db_dsn) as conn, conn.cursor() as cr:
        cr.execute("SELECT to_regclass('sale_subscription_period')")
        if not cr.fetchone()[0]:
            return 0
        cr.execute("SELECT count(*) FROM sale_subscription_period")
        return cr.fetchone()[0]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def run(args, ours):
    stats = Stats()
    admin = Client(args.url, args.db, "admin", "admin", Stats())
    data = setup(admin, args.clients, ours)
    deadline = time.time() + args.seconds
    threads = [
        threading.Thread(target=worker, args=(args, data, stats, deadline, i, ours))
        for i in range(args.clients)
    ]
    start = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 600)
    elapsed = time.time() - start
    calls = {
        name: {
            "count": len(values),
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
        }
        for name, values in sorted(stats.timings.items())
    }
    all_calls = [v for values in stats.timings.values() for v in values]
    return {
        "flows": stats.flows,
        "seconds": elapsed,
        "throughput": stats.flows / elapsed,
        "p50": statistics.median(all_calls) if all_calls else 0,
        "p95": percentile(all_calls, 0.95) if all_calls else 0,
        "errors": stats.errors,
        "expected": dict(stats.expected),
        "calls": calls,
    }


def report(ours_path, stock_path, clients, seconds):
    ours = json.load(open(ours_path))
    stock = json.load(open(stock_path))
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    ratio_tp = stock["throughput"] / ours["throughput"] if ours["throughput"] else 0
    ratio_p95 = ours["p95"] / stock["p95"] if stock["p95"] else 0
    lines = [
        f"## Load run of {stamp}",
        "",
        f"`make load`: Odoo with `--workers=4` and a cron worker, {clients} concurrent "
        f"XML-RPC clients for {seconds} s each, repeating the full flow (order with "
        "agreement pricing and a cross-sell, confirm, deliver, invoice from the "
        "packing slip, post; a returned order every 5th flow; every slip of the day "
        "invoiced at once every 10th flow) while the cron worker invoices "
        f"{SUBSCRIPTIONS} subscriptions with {SUBSCRIPTION_MONTHS} missed monthly "
        f"periods each ({ours.get('subscription_periods', 0)} periods invoiced "
        "during the run). Baseline: the same clients on stock Odoo with the "
        "equivalent flow (accessory added by hand, standard Create Invoice, every "
        "delivered order invoiced at once every 10th flow, a return of one unit "
        "through the Return wizard every 5th flow) while its cron worker runs the "
        f"equivalent background job: {SUBSCRIPTIONS * SUBSCRIPTION_MONTHS} "
        "confirmed orders invoiced and posted by a scheduled action, 60 per run "
        f"({stock.get('recurring_invoiced', 0)} invoiced during the run).",
        "",
        "| variant | flows | flows/s | p50 call (ms) | p95 call (ms) | errors "
        "| expected refusals |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, r in (("sales_marketing", ours), ("stock Odoo (baseline)", stock)):
        lines.append(
            f"| {label} | {r['flows']} | {r['throughput']:.2f} | {r['p50'] * 1000:.0f} "
            f"| {r['p95'] * 1000:.0f} | {len(r['errors'])} "
            f"| {', '.join(f'{k}: {v}' for k, v in r['expected'].items()) or '-'} |"
        )
    lines += [
        "",
        f"Ratios (baseline / ours for throughput, ours / baseline for p95): "
        f"throughput {ratio_tp:.2f}, p95 latency {ratio_p95:.2f}. Consistency "
        f"checks: {', '.join(ours['problems']) or 'all hold'} (ours), "
        f"{', '.join(stock['problems']) or 'all hold'} (baseline).",
        "",
        "| call (sales_marketing) | count | p50 (ms) | p95 (ms) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, c in ours["calls"].items():
        p50, p95 = c["p50"] * 1000, c["p95"] * 1000
        lines.append(f"| `{name}` | {c['count']} | {p50:.0f} | {p95:.0f} |")
    section = "\n".join(lines) + "\n"
    existing = (
        open(RESULTS).read() if os.path.exists(RESULTS) else "# Benchmark results\n\n"
    )
    head, sep, rest = existing.partition("## ")
    with open(RESULTS, "w") as out:
        out.write(head + section + "\n" + sep + rest)
    print(section)


def main():
    if sys.argv[1:2] == ["report"]:
        report(*sys.argv[2:4], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = run(args, ours=not args.baseline)
    result["problems"] = checks(args.dsn, ours=not args.baseline)
    if args.baseline:
        result["recurring_invoiced"] = count_recurring_invoiced(args.dsn)
    else:
        result["subscription_periods"] = count_periods(args.dsn)
    with open(args.out, "w") as out:
        json.dump(result, out, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k != "calls"}, indent=1))
    sys.exit(1 if result["errors"] or result["problems"] else 0)


if __name__ == "__main__":
    main()
