"""(h) Returning 200 lines of a delivered, invoiced order and crediting them:
ours (Create Return with a disposition per line, confirm, validate the receipt
of Odoo return moves, credit note) against stock Odoo's return wizard on the
delivery (to refund) + the credit note of the order's returned quantities
(Create Invoice). Both receive 200 return moves valued at the sold cost and
create one 200-line credit note; "mixed dispositions" also scraps 40 lines,
ships 20 back and credits 20 without receipt (work stock Odoo does not do)."""

from harness import Flow

from flows._common import deliver_all
from flows._common import make_customers
from flows._common import make_products
from flows._common import order_vals

LINES = 200


def setup(env, scale):
    lines = max(int(LINES * scale), 10)
    partner = make_customers(env, 1, prefix="Return customer")
    products = make_products(env, lines, prefix="RET")
    order = env["sale.order"].create(order_vals(partner, products, qty=5.0))
    order.action_confirm()
    deliver_all(order.picking_ids)
    order._create_invoices().action_post()
    return {"order": order.id}


def _dispositions(env, count, param):
    ref = env.ref
    credit = ref("sales_marketing.return_disposition_credit")
    if param != "mixed":
        return [credit] * count
    cycle = [credit] * 6 + [
        ref("sales_marketing.return_disposition_scrap"),
        ref("sales_marketing.return_disposition_scrap"),
        ref("sales_marketing.return_disposition_return_to_customer"),
        ref("sales_marketing.return_disposition_credit_only"),
    ]
    return [cycle[i % len(cycle)] for i in range(count)]


def run(env, data, param=None):
    order = env["sale.order"].browse(data["order"])
    if "sale.return.disposition" in env:
        wizard = env["sale.order.return.wizard"].create({"order_id": order.id})
        codes = _dispositions(env, len(wizard.line_ids), param)
        for line, code in zip(wizard.line_ids, codes, strict=True):
            line.write({"quantity": 1.0, "disposition_id": code.id})
        returned = env["sale.order"].browse(wizard.action_create_return()["res_id"])
        returned.action_confirm()
        receipt = returned.picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        assert receipt.button_validate() is True
        credit = returned._create_invoices()
    else:
        picking = order.picking_ids
        wizard = (
            env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        for line in wizard.product_return_moves:
            line.write({"quantity": 1.0, "to_refund": True})
        receipt = wizard._create_return()
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        assert receipt.button_validate() is True
        credit = order._create_invoices(final=True)
    assert credit.move_type == "out_refund"
    lines = credit.invoice_line_ids.filtered("product_id")
    assert len(lines) >= len(order.order_line) * (0.8 if param == "mixed" else 1)


FLOW = Flow(
    name="returns",
    title="(h) Returning and crediting 200 lines vs Odoo's return wizard + credit note",
    variants={
        "stock Odoo return wizard + credit note": [],
        "sales_marketing returned order (Credit disposition)": ["sales_marketing"],
        "sales_marketing returned order (mixed dispositions)": {
            "modules": ["sales_marketing"],
            "param": "mixed",
        },
    },
    baseline="stock Odoo return wizard + credit note",
    setup=setup,
    run=run,
    repeat=3,
    notes=__doc__.split("\n\n", 1)[0],
)
