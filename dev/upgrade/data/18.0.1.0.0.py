"""Business data of every feature of release 18.0.1.0.0, for the upgrade
check (dev/upgrade.sh). Run in `odoo-bin shell` against THAT release's code
(a copy of commit 4dc1b77, see dev/releases.txt), so it uses only the API the
release has: read it with `git show 4dc1b77:models/...`, never today's files.

Everything is done the way users do it (actions, wizards, the subscription
job), with dates in the past where history matters, and committed. The
values users see are recorded afterwards by dev/upgrade/snapshot.py.

Release 18.0.2.0.0 (the redesign) kept every public name this script uses:
its data script, 18.0.2.0.0.py, is a link to this file."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo import fields

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
today = fields.Date.context_today(env["sale.order"])
company = env.company
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
Order = env["sale.order"]


def deliver(order, quantities=None):
    """Validate the order's open delivery (or receipt), ``quantities``:
    product -> quantity (default everything); the rest stays a backorder."""
    picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
    for move in picking.move_ids:
        move.quantity = (quantities or {}).get(move.product_id, move.product_uom_qty)
        move.picked = True
    picking._action_done()
    return picking


def invoice(order):
    moves = order._create_invoices()
    moves.action_post()
    return moves


# -- the catalogue ---------------------------------------------------------------
furniture = env["product.category"].create({"name": "Upgrade furniture"})
chairs = env["product.category"].create(
    {"name": "Upgrade chairs", "parent_id": furniture.id}
)
goods = {"type": "consu", "is_storable": True, "invoice_policy": "delivery"}
chair, chair_plus, desk, cable, kit = env["product.product"].create(
    [
        {**goods, "name": "Upgrade chair", "categ_id": chairs.id, "list_price": 500},
        {
            **goods,
            "name": "Upgrade chair plus",
            "categ_id": chairs.id,
            "list_price": 700,
        },
        {
            **goods,
            "name": "Upgrade desk",
            "categ_id": furniture.id,
            "invoice_policy": "order",
            "list_price": 1000,
        },
        {**goods, "name": "Upgrade cable", "categ_id": furniture.id, "list_price": 25},
        {**goods, "name": "Upgrade cleaning kit", "list_price": 40},
    ]
)
service, plan = env["product.product"].create(
    [
        {"name": "Upgrade installation", "type": "service", "list_price": 80},
        {"name": "Upgrade support plan", "type": "service", "list_price": 300},
    ]
)
for product, qty in (
    (chair, 30),
    (chair_plus, 10),
    (desk, 50),
    (cable, 200),
    (kit, 100),
):
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty)

customers = env["res.partner"].create(
    [
        {
            "name": f"Upgrade {name} AB",
            "is_company": True,
            "email": f"{name}@up.example",
        }
        for name in ("Alfa", "Beta", "Gamma", "Delta", "Epsilon")
    ]
)
alfa, beta, gamma, delta, epsilon = customers
alfa_contact = env["res.partner"].create({"name": "Anna Alfa", "parent_id": alfa.id})

# -- sales agreements: one of each commitment type ---------------------------------
start = today - timedelta(days=60)
qty_agreement, value_agreement, product_value, category_value = env[
    "sale.agreement"
].create(
    [
        {
            "partner_id": alfa.id,
            "date_start": start,
            "date_end": today + timedelta(days=300),
            "max_is_enforced": True,
            "line_ids": [
                Command.create(
                    {
                        "product_id": chair.id,
                        "qty_committed": 40,
                        "price_unit": 450,
                        "discount": 5,
                    }
                ),
                Command.create(
                    {"product_id": desk.id, "qty_committed": 20, "price_unit": 900}
                ),
            ],
        },
        {
            "partner_id": beta.id,
            "commitment_type": "value",
            "amount_committed_header": 10000,
            "date_start": start,
            "line_ids": [
                Command.create({"categ_id": furniture.id, "discount": 10}),
                Command.create({"product_id": chair.id, "price_unit": 480}),
            ],
        },
        {
            "partner_id": gamma.id,
            "commitment_type": "product_value",
            "date_start": start,
            "line_ids": [
                Command.create(
                    {"product_id": cable.id, "amount_committed": 2000, "price_unit": 20}
                )
            ],
        },
        {
            "partner_id": delta.id,
            "commitment_type": "category_value",
            "date_start": start,
            "date_end": today - timedelta(days=1),
            "line_ids": [
                Command.create({"categ_id": chairs.id, "amount_committed": 5000})
            ],
        },
    ]
)
(qty_agreement | value_agreement | product_value).action_set_effective()

# a release order from the quantity agreement: 12 of 20 chairs delivered (a
# backorder of 8), the desks too, invoiced from the packing slip
release = Order.browse(qty_agreement.action_create_release_order()["res_id"])
release.order_line.filtered(lambda line: line.product_id == chair).product_uom_qty = 20
release.order_line.filtered(lambda line: line.product_id == desk).product_uom_qty = 10
release.order_line = [Command.create({"product_id": service.id, "product_uom_qty": 3})]
release.priority = "1"
release.action_confirm()
slip = deliver(release, {chair: 12})
env["account.move"].browse(slip.action_invoice_packing_slips()).action_post()

# orders of the value agreement (by category) and the product value agreement
beta_order = Order.create(
    {
        "partner_id": beta.id,
        "commitment_date": fields.Datetime.now() + timedelta(days=7),
        "order_line": [
            Command.create({"product_id": chair.id, "product_uom_qty": 2}),
            Command.create({"product_id": desk.id, "product_uom_qty": 1}),
            Command.create({"product_id": cable.id, "product_uom_qty": 10}),
        ],
    }
)
beta_order.action_confirm()
deliver(beta_order)
invoice(beta_order)
gamma_order = Order.create(
    {
        "partner_id": gamma.id,
        "order_line": [Command.create({"product_id": cable.id, "product_uom_qty": 30})],
    }
)
gamma_order.action_confirm()
deliver(gamma_order, {cable: 20})
gamma_quotation = Order.create(
    {
        "partner_id": gamma.id,
        "order_line": [Command.create({"product_id": cable.id, "product_uom_qty": 5})],
    }
)

# -- returned orders: two chairs back from the release order, received and
# credited; one more announced (confirmed, not received yet) ---------------------
reason = env["sale.return.reason"].create({"code": "UPG", "name": "Damaged in transit"})
wizard = env["sale.order.return.wizard"].create(
    {"order_id": release.id, "return_reason_id": reason.id}
)
for line in wizard.line_ids:
    line.quantity = 2 if line.product_id == chair else 0
returned = Order.browse(wizard.action_create_return()["res_id"])
returned.action_confirm()
deliver(returned)
credit_notes = invoice(returned)
wizard = env["sale.order.return.wizard"].create({"order_id": beta_order.id})
for line in wizard.line_ids:
    line.quantity = 1 if line.product_id == desk else 0
announced = Order.browse(wizard.action_create_return()["res_id"])
announced.action_confirm()
draft_return = Order.create(
    {
        "partner_id": epsilon.id,
        "order_type": "returned",
        "order_line": [Command.create({"product_id": cable.id, "product_uom_qty": 4})],
    }
)

# -- journals ---------------------------------------------------------------------
journal = Order.create(
    {
        "partner_id": epsilon.id,
        "order_type": "journal",
        "note": "Call back in June",
        "order_line": [
            Command.create({"product_id": chair_plus.id, "product_uom_qty": 6})
        ],
    }
)

# -- subscriptions: a monthly service plan since three months (the job invoices
# its three periods) and weekly goods, delivered partly, invoiced by hand and
# by the job; one closed --------------------------------------------------------
monthly, weekly, closed = Order.create(
    [
        {
            "partner_id": alfa_contact.id,
            "order_type": "subscription",
            "recurrence_interval": 1,
            "recurrence_unit": "month",
            "subscription_date_start": today - relativedelta(months=3, days=5),
            "order_line": [
                Command.create({"product_id": plan.id, "product_uom_qty": 2})
            ],
        },
        {
            "partner_id": beta.id,
            "order_type": "subscription",
            "recurrence_interval": 1,
            "recurrence_unit": "week",
            "subscription_date_start": today - timedelta(days=23),
            "order_line": [
                Command.create({"product_id": kit.id, "product_uom_qty": 5}),
                Command.create({"product_id": service.id, "product_uom_qty": 1}),
            ],
        },
        {
            "partner_id": gamma.id,
            "order_type": "subscription",
            "recurrence_interval": 2,
            "recurrence_unit": "week",
            "subscription_date_start": today - timedelta(days=40),
            "subscription_date_end": today - timedelta(days=20),
            "order_line": [
                Command.create({"product_id": plan.id, "product_uom_qty": 1})
            ],
        },
    ]
)
(monthly | weekly | closed).action_confirm()
deliver(weekly)
weekly.action_invoice_subscription_period()
deliver(weekly, {kit: 3})
weekly.action_invoice_subscription_period()
Order._cron_invoice_subscriptions()

# -- item requirements: task materials make an item requirement order ------------
project = env["project.project"].create(
    {"name": "Upgrade fit-out", "partner_id": alfa.id, "allow_billable": True}
)
task = env["project.task"].create({"name": "Assemble", "project_id": project.id})
materials = env["project.task.material"].create(
    [
        {
            "task_id": task.id,
            "product_id": cable.id,
            "product_uom_qty": 8,
            "note": "Spare",
        },
        {"task_id": task.id, "product_id": desk.id, "product_uom_qty": 1},
    ]
)
deliver(materials.sale_order_id, {cable: 8, desk: 0})

# -- campaigns: telemarketing (opportunity), direct mail (quotation, confirmed),
# e-mail (a draft mailing) -----------------------------------------------------
prospects = env["res.partner"].create(
    [{"name": f"Upgrade prospect {i}", "email": f"p{i}@up.example"} for i in range(6)]
)
calls, letters, mails = env["utm.campaign"].create(
    [
        {
            "name": "Upgrade calls",
            "campaign_type": "telemarketing",
            "budget": 1000,
            "date_start": today - timedelta(days=30),
            "date_end": today + timedelta(days=30),
        },
        {
            "name": "Upgrade letters",
            "campaign_type": "direct_mail",
            "budget": 500,
            "sales_process_start": "quotation",
            "letter_body": "<p>Dear customer</p>",
        },
        {"name": "Upgrade mails", "campaign_type": "email"},
    ]
)
Target = env["sale.campaign.target"]
call_targets = Target.create(
    [{"campaign_id": calls.id, "partner_id": p.id} for p in prospects[:4]]
)
letter_targets = Target.create(
    [{"campaign_id": letters.id, "partner_id": p.id} for p in prospects[4:] | epsilon]
)
Target.create({"campaign_id": mails.id, "partner_id": prospects[0].id})
calls.action_contact_targets()
call_targets[0].action_response_positive()
call_targets[1].action_response_negative()
call_targets[2].action_response_no_answer()
call_targets[0].action_start_sales_process()
letters.action_contact_targets()
letter_targets[0].action_response_positive()
letter_targets[1].action_response_negative()
letter_targets[2].action_response_positive()
(letter_targets[0] | letter_targets[2]).action_start_sales_process()
letter_targets[2].order_id.order_line = [
    Command.create({"product_id": service.id, "product_uom_qty": 2})
]
letter_targets[2].order_id.action_confirm()
mails.action_contact_targets()

# -- up-sell / cross-sell: offered, accepted and declined -------------------------
upsell, crosssell = env["sale.suggestion.rule"].create(
    [
        {
            "name": "Upgrade: the plus chair",
            "suggestion_type": "upsell",
            "trigger_product_ids": [Command.set(chair.ids)],
            "suggested_product_ids": [Command.set(chair_plus.ids)],
            "script": "Heavy daily use?",
        },
        {
            "name": "Upgrade: a cable with every desk",
            "suggestion_type": "crosssell",
            "trigger_categ_ids": [Command.set(furniture.ids)],
            "suggested_product_ids": [Command.set(cable.ids)],
        },
    ]
)
for partner, accept in ((epsilon, True), (delta, False)):
    order = Order.create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": chair.id, "product_uom_qty": 1}),
                Command.create({"product_id": desk.id, "product_uom_qty": 1}),
            ],
        }
    )
    chair_line = order.order_line.filtered(lambda line: line.product_id == chair)
    order.get_sales_suggestions()
    if accept:
        order.action_accept_sales_suggestion(chair_line.id, crosssell.id, cable.id)
    order.action_decline_sales_suggestions(chair_line.id)
    if accept:
        order.action_confirm()

# -- free-text invoices with a posting profile ------------------------------------
tax = env["account.tax"].create(
    {"name": "Upgrade VAT 25%", "amount": 25, "type_tax_use": "sale"}
)
receivable = env["account.account"].create(
    {
        "name": "Upgrade export receivables",
        "code": "151098",
        "account_type": "asset_receivable",
        "reconcile": True,
    }
)
profile = env["account.posting.profile"].create(
    {"name": "Upgrade export", "account_id": receivable.id}
)
income = env["account.account"].search(
    [("account_type", "=", "income"), ("company_ids", "in", company.id)], limit=1
)
free_text = env["account.move"].create(
    [
        {
            "move_type": "out_invoice",
            "is_free_text": True,
            "partner_id": partner.id,
            "posting_profile_id": profile_id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": name,
                        "account_id": income.id,
                        "price_unit": price,
                        "tax_ids": [Command.set(tax.ids)],
                    }
                )
                for name, price in (("Consulting", 1200), ("Travel", 300))
            ],
        }
        for partner, profile_id in ((delta, profile.id), (epsilon, False))
    ]
)
free_text[0].action_post()

# -- purchase backorders: 20 of 50 cables received -------------------------------
purchase = env["purchase.order"].create(
    {
        "partner_id": epsilon.id,
        "order_line": [Command.create({"product_id": cable.id, "product_qty": 50})],
    }
)
purchase.button_confirm()
deliver(purchase, {cable: 20})

# -- the partner lifecycle by hand: back and forth, with reasons -------------------
wizard = env["res.partner.stage.wizard"].create(
    {
        "partner_ids": [Command.set(gamma.ids)],
        "relationship_stage": "prospect",
        "reason": "Wrong order",
    }
)
wizard.action_apply()
prospects[5].write({"relationship_stage": "opportunity"})

env.cr.commit()
names = [release.name, returned.rma_number, journal.name, qty_agreement.name]
periods = monthly.subscription_period_count
print(f"upgrade data: {', '.join(names)}, {periods} monthly periods")
