"""Run by dev/lifecycle.sh in `odoo-bin shell`: business data touching every
feature, committed, so that upgrade and uninstall run on a database with data
(and the module's model list is recorded for the uninstall check)."""

import json
import os
from datetime import timedelta

from odoo import Command
from odoo import fields

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
today = fields.Date.context_today(env["sale.order"])
partner = env["res.partner"].create({"name": "Lifecycle AB"})
product = env["product.product"].create(
    {"name": "Lifecycle widget", "type": "consu", "is_storable": True, "list_price": 10}
)
env["stock.quant"]._update_available_quantity(
    product, env["stock.warehouse"].search([], limit=1).lot_stock_id, 100
)
agreement = env["sale.agreement"].create(
    {
        "partner_id": partner.id,
        "date_start": today - timedelta(days=1),
        "line_ids": [
            Command.create(
                {"product_id": product.id, "qty_committed": 50, "price_unit": 8}
            )
        ],
    }
)
agreement.action_set_effective()
order = env["sale.order"].create(
    {
        "partner_id": partner.id,
        "order_line": [
            Command.create({"product_id": product.id, "product_uom_qty": 5})
        ],
    }
)
order.action_confirm()
for move in order.picking_ids.move_ids:
    move.quantity = move.product_uom_qty
    move.picked = True
order.picking_ids._action_done()
order.picking_ids._invoice_packing_slips().action_post()
returned = env["sale.order"].create(
    {
        "partner_id": partner.id,
        "order_type": "returned",
        "order_line": [
            Command.create({"product_id": product.id, "product_uom_qty": 1})
        ],
    }
)
returned.action_confirm()
journal = env["sale.order"].create({"partner_id": partner.id, "order_type": "journal"})
subscription = env["sale.order"].create(
    {
        "partner_id": partner.id,
        "order_type": "subscription",
        "subscription_date_start": today - timedelta(days=70),
        "order_line": [
            Command.create(
                {
                    "product_id": env["product.product"]
                    .create({"name": "Lifecycle plan", "type": "service"})
                    .id
                }
            )
        ],
    }
)
subscription.action_confirm()
env["sale.order"]._cron_invoice_subscriptions()
project = env["project.project"].create(
    {"name": "Lifecycle project", "partner_id": partner.id}
)
task = env["project.task"].create({"name": "Lifecycle task", "project_id": project.id})
env["project.task.material"].create(
    {"task_id": task.id, "product_id": product.id, "product_uom_qty": 2}
)
campaign = env["utm.campaign"].create(
    {"name": "Lifecycle campaign", "campaign_type": "telemarketing", "budget": 100}
)
prospect = env["res.partner"].create({"name": "Lifecycle prospect"})
target = env["sale.campaign.target"].create(
    {"campaign_id": campaign.id, "partner_id": prospect.id}
)
campaign.action_contact_targets()
target.action_response_positive()
target.action_start_sales_process()
env["sale.suggestion.rule"].create(
    {
        "name": "Lifecycle rule",
        "trigger_product_ids": [Command.set(product.ids)],
        "suggested_product_ids": [
            Command.create({"name": "Lifecycle cable", "type": "consu"})
        ],
        "suggestion_type": "crosssell",
    }
)
env.cr.commit()

module = "sales_marketing"
models = env["ir.model.data"].search(
    [("module", "=", module), ("model", "=", "ir.model")]
)
fields_data = env["ir.model.data"].search(
    [("module", "=", module), ("model", "=", "ir.model.fields")]
)
record = {
    "tables": sorted(
        {
            env[m.model]._table
            for m in env["ir.model"].browse(models.mapped("res_id"))
            if env[m.model]._original_module == module
            and not env[m.model]._abstract
            and env[m.model]._auto
        }
    ),
    "columns": sorted(
        {
            (env[f.model]._table, f.name)
            for f in env["ir.model.fields"].browse(fields_data.mapped("res_id"))
            if f.store
            and f.ttype not in ("one2many", "many2many")
            and env[f.model]._auto
        }
    ),
}
with open(os.environ["LIFECYCLE_RECORD"], "w") as out:
    json.dump(record, out)
names = [order.name, returned.rma_number, journal.name, agreement.name]
print("lifecycle data: " + ", ".join(names))
