"""(a) Order entry + confirm + deliver + invoice of 200-line orders: the cost
our module adds to Odoo's standard flow (order types, remainders and status,
agreement lookup, suggestions bookkeeping...)."""

from harness import Flow

from flows._common import deliver_all
from flows._common import make_customers
from flows._common import make_products
from flows._common import order_vals

LINES = 200
ORDERS = 3


def setup(env, scale):
    lines = max(int(LINES * scale), 5)
    return {
        "products": make_products(env, lines).ids,
        "customers": make_customers(env, ORDERS).ids,
    }


def run(env, data, param=None):
    products = env["product.product"].browse(data["products"])
    for partner in env["res.partner"].browse(data["customers"]):
        order = env["sale.order"].create(order_vals(partner, products))
        order.action_confirm()
        deliver_all(order.picking_ids)
        invoice = order._create_invoices()
        invoice.action_post()


FLOW = Flow(
    name="order_flow",
    title="(a) Order entry + confirm + deliver + invoice — 3 orders of 200 lines",
    variants={
        "stock Odoo (apps only)": [],
        "sales_marketing": ["sales_marketing"],
    },
    baseline="stock Odoo (apps only)",
    setup=setup,
    run=run,
)
