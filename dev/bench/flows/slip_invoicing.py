"""(e) Invoicing 2,000 packing slips of 200 customers: ours invoices the slips
(stock.picking.action_invoice_packing_slips, exact slip quantities, one
invoice per customer) against Odoo's standard "Create invoices" on the same
2,000 delivered orders (sale.order._create_invoices, grouped per customer).
Both create 200 draft invoices with the same lines."""

from harness import Flow

from odoo import Command

from flows._common import make_customers
from flows._common import make_products

CUSTOMERS = 200
SLIPS_PER_CUSTOMER = 10
LINES = 2


def setup(env, scale):
    customers = make_customers(
        env, max(int(CUSTOMERS * scale), 2), prefix="Slip customer"
    )
    products = make_products(env, 20, prefix="SLIP")
    vals = []
    for i, partner in enumerate(customers):
        for j in range(SLIPS_PER_CUSTOMER):
            lines = [products[(i + j + k) % len(products)] for k in range(LINES)]
            vals.append(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 2})
                        for p in lines
                    ],
                }
            )
    orders = env["sale.order"].create(vals)
    orders.action_confirm()
    pickings = orders.picking_ids
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings.with_context(cancel_backorder=True)._action_done()
    return {"orders": orders.ids, "pickings": pickings.ids}


def run(env, data, param=None):
    if "sale.agreement" in env:
        invoices = (
            env["stock.picking"].browse(data["pickings"])._invoice_packing_slips()
        )
    else:
        invoices = env["sale.order"].browse(data["orders"])._create_invoices()
    assert len(invoices) == len(set(invoices.partner_id)), "one per customer"


FLOW = Flow(
    name="slip_invoicing",
    title="(e) Invoicing 2,000 packing slips of 200 customers vs Create invoices",
    variants={
        "standard Create invoices (stock Odoo)": [],
        "sales_marketing invoice from packing slips": ["sales_marketing"],
    },
    baseline="standard Create invoices (stock Odoo)",
    setup=setup,
    run=run,
    repeat=3,
    notes=__doc__.split("\n\n", 1)[0],
)
