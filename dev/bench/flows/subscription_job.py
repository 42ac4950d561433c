"""(g) The subscription job: invoicing 1,000 due subscriptions (one period
each, two service lines, 1,000 customers) with the scheduled action
``sale.order._cron_invoice_subscriptions`` (period history, row locks,
per-subscription savepoints, posted invoices), against Odoo's standard
"Create invoice" (``sale.order._create_invoices``) on 1,000 confirmed normal
orders with the same lines, followed by posting the invoices. Both create and
post 1,000 invoices of two lines."""

import time

from dateutil.relativedelta import relativedelta
from harness import Flow

from odoo import Command
from odoo import fields

from flows._common import make_customers

SUBSCRIPTIONS = 1000


def setup(env, scale):
    count = max(int(SUBSCRIPTIONS * scale), 10)
    customers = make_customers(env, count, prefix="Subscriber")
    services = env["product.product"].create(
        [
            {
                "name": f"SUB service {i}",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0 + i,
            }
            for i in range(2)
        ]
    )
    today = fields.Date.context_today(customers)
    vals = []
    for partner in customers:
        order = {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": 1})
                for p in services
            ],
        }
        if "sale.agreement" in env:
            order.update(
                order_type="subscription",
                subscription_date_start=today - relativedelta(months=1),
            )
        vals.append(order)
    orders = env["sale.order"].create(vals)
    orders.action_confirm()
    env["ir.config_parameter"].set_param(
        "sales_marketing.subscription_batch_size", str(count)
    )
    return {"orders": orders.ids, "count": count}


def run(env, data, param=None):
    if "sale.agreement" in env:
        invoice_ids = env["sale.order"]._cron_invoice_subscriptions(commit=False)
        invoices = env["account.move"].browse(invoice_ids)
    else:
        invoices = env["sale.order"].browse(data["orders"])._create_invoices()
        invoices.action_post()
    assert len(invoices) == data["count"], len(invoices)


def report(env, data):
    cr = env.cr
    env.invalidate_all()
    q0 = cr.sql_log_count
    t0 = time.perf_counter()
    invoice_ids = env["sale.order"]._cron_invoice_subscriptions(commit=False)
    env.flush_all()
    elapsed = time.perf_counter() - t0
    queries = cr.sql_log_count - q0
    cr.rollback()
    count = len(invoice_ids)
    return (
        f"Subscription job alone: {count} invoices in {elapsed:.1f} s = "
        f"**{count / elapsed:.1f} invoices/s**, "
        f"**{queries / count:.1f} queries per subscription**."
    )


FLOW = Flow(
    name="subscription_job",
    title="(g) Subscription job — 1,000 due subscriptions vs Create invoice",
    variants={
        "standard Create invoice + post (stock Odoo)": [],
        "sales_marketing subscription job": ["sales_marketing"],
    },
    baseline="standard Create invoice + post (stock Odoo)",
    setup=setup,
    run=run,
    report=report,
    repeat=3,
    notes=__doc__.split("\n\n", 1)[0],
)
