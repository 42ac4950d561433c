"""(b) Agreement pricing: entering and confirming a 200-line order for a
customer with 500 agreement lines, against stock Odoo (no agreement logic,
pricelist prices) and OCA sale_blanket_order 18.0 (a confirmed blanket order
with the same 500 lines). Our agreement mixes its lines as D365 does (AG-8):
quantity commitments with the maximum enforced, value commitments with
release amounts, price-fixed lines, a category line and a value line for
every product (the product lines win, so every price is the agreement's).

OCA links blanket lines in onchanges only (the web client's line edits), so
its variant calls, after create, the same per-line lookup the client triggers
(``get_assigned_bo_line``); ours links through a batched stored compute at
create. Everything else is the same create() + action_confirm()."""

from datetime import timedelta

from harness import Flow

from odoo import Command
from odoo import fields

from flows._common import make_customers
from flows._common import make_products

AGREEMENT_LINES = 500
ORDER_LINES = 200


def setup(env, scale):
    count = max(int(AGREEMENT_LINES * scale), 10)
    products = make_products(env, count, prefix="AGR", storable=False)
    customer = make_customers(env, 1, prefix="Agreement customer")
    today = fields.Date.context_today(customer)
    if "sale.agreement" in env:
        lines = [
            Command.create(_mixed_line(index, product))
            for index, product in enumerate(products[: count - 2])
        ]
        lines += [
            Command.create(
                {
                    "commitment_type": "category_value",
                    "categ_id": products[0].categ_id.id,
                    "amount_committed": 10**6,
                    "discount": 2,
                }
            ),
            Command.create(
                {"commitment_type": "value", "amount_committed": 10**6, "discount": 1}
            ),
        ]
        agreement = env["sale.agreement"].create(
            {
                "partner_id": customer.id,
                "date_start": today - timedelta(days=30),
                "line_ids": lines,
            }
        )
        agreement.action_confirm()
    elif "sale.blanket.order" in env:
        pricelist = env["product.pricelist"].search([], limit=1) or env[
            "product.pricelist"
        ].create({"name": "Bench"})
        blanket = env["sale.blanket.order"].create(
            {
                "partner_id": customer.id,
                "pricelist_id": pricelist.id,
                "validity_date": today + timedelta(days=300),
                "line_ids": [
                    Command.create(
                        {
                            "product_id": p.id,
                            "original_uom_qty": 1000,
                            "price_unit": 7.5,
                            "product_uom": p.uom_id.id,
                        }
                    )
                    for p in products
                ],
            }
        )
        blanket.action_confirm()
    order_lines = max(int(ORDER_LINES * scale), 5)
    return {"customer": customer.id, "products": products[:order_lines].ids}


def _mixed_line(index, product):
    """One of three kinds of product lines, in turn (AG-8, AG-9)."""
    vals = {"product_id": product.id, "price_unit": 7.5}
    kind = index % 3
    if kind == 0:
        vals.update(
            commitment_type="product_quantity", qty_committed=1000, max_is_enforced=True
        )
    elif kind == 1:
        vals.update(
            commitment_type="product_value",
            amount_committed=100000,
            max_is_enforced=True,
            min_release_amount=1,
            max_release_amount=50000,
        )
    else:
        vals.update(
            commitment_type="product_quantity", qty_committed=1000, price_fixed=True
        )
    return vals


def run(env, data, param=None):
    products = env["product.product"].browse(data["products"])
    order = env["sale.order"].create(
        {
            "partner_id": data["customer"],
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": 3})
                for p in products
            ],
        }
    )
    if "sale.blanket.order" in env:
        for line in order.order_line:
            line.get_assigned_bo_line()
    order.action_confirm()
    prices = set(order.order_line.mapped("price_unit"))
    if "sale.agreement" in env or "sale.blanket.order" in env:
        assert prices == {7.5}, prices


FLOW = Flow(
    name="agreement_pricing",
    title="(b) Agreement pricing — 200-line order, customer with 500 agreement lines",
    variants={
        "stock Odoo (no agreement logic)": [],
        "sales_marketing": ["sales_marketing"],
        "OCA sale_blanket_order 18.0": ["sale_blanket_order"],
    },
    baseline="stock Odoo (no agreement logic)",
    setup=setup,
    run=run,
    notes=__doc__.split("\n\n", 1)[1],
)
