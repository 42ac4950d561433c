"""(c) Order types: the overhead of typing orders, ours (order_type with the
journal/returned/item-requirement rules and the remainder/status logic) vs OCA
sale_order_type 18.0 (a sale.order.type record driving warehouse, journal,
sequence...), on 20 orders of 20 lines each: create with a type, confirm,
deliver, invoice, post."""

from harness import Flow

from flows._common import deliver_all
from flows._common import make_customers
from flows._common import make_products
from flows._common import order_vals

ORDERS = 20
LINES = 20


def setup(env, scale):
    products = make_products(env, max(int(LINES * scale), 3), prefix="OTY")
    customers = make_customers(env, max(int(ORDERS * scale), 2), prefix="Type customer")
    data = {"products": products.ids, "customers": customers.ids, "type": False}
    if "sale.order.type" in env:
        data["type"] = env["sale.order.type"].create({"name": "Bench type"}).id
    return data


def run(env, data, param=None):
    products = env["product.product"].browse(data["products"])
    extra = {}
    if "sale.order.type" in env:
        extra["type_id"] = data["type"]
    elif "sale.agreement" in env:
        extra["order_type"] = "sales"
    orders = env["sale.order"].create(
        [
            order_vals(partner, products, **extra)
            for partner in env["res.partner"].browse(data["customers"])
        ]
    )
    orders.action_confirm()
    deliver_all(orders.picking_ids)
    orders._create_invoices().action_post()


FLOW = Flow(
    name="order_types",
    title="(c) Order types — 20 orders x 20 lines: create, confirm, deliver, invoice",
    variants={
        "stock Odoo (apps only)": [],
        "sales_marketing": ["sales_marketing"],
        "OCA sale_order_type 18.0": ["sale_order_type"],
    },
    baseline="stock Odoo (apps only)",
    setup=setup,
    run=run,
    notes=__doc__.split("\n\n", 1)[0],
)
