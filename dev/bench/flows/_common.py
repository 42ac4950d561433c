"""Data helpers shared by the benchmark flows."""

from odoo import Command


def make_products(
    env, count, prefix="BENCH", storable=True, policy="delivery", stock=1e6
):
    products = env["product.product"].create(
        [
            {
                "name": f"{prefix} {i:05d}",
                "default_code": f"{prefix}{i:05d}",
                "type": "consu",
                "is_storable": storable,
                "invoice_policy": policy,
                "list_price": 10.0 + i % 90,
            }
            for i in range(count)
        ]
    )
    if storable and stock:
        location = (
            env["stock.warehouse"]
            .search([("company_id", "=", env.company.id)], limit=1)
            .lot_stock_id
        )
        env["stock.quant"].create(
            [
                {
                    "product_id": p.id,
                    "location_id": location.id,
                    "inventory_quantity": stock,
                }
                for p in products
            ]
        ).action_apply_inventory()
    return products


def make_customers(env, count, prefix="Bench customer"):
    return env["res.partner"].create(
        [
            {"name": f"{prefix} {i:04d}", "email": f"c{i}@bench.example"}
            for i in range(count)
        ]
    )


def order_vals(partner, products, qty=5.0, **extra):
    return {
        "partner_id": partner.id,
        "order_line": [
            Command.create({"product_id": p.id, "product_uom_qty": qty})
            for p in products
        ],
        **extra,
    }


def deliver_all(pickings):
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings.with_context(cancel_backorder=True)._action_done()
