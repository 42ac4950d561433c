"""Run in `odoo-bin shell` by dev/upgrade.sh twice: on the release database
with the release's code, and after `-u sales_marketing` with this code. Writes
to $UPGRADE_SNAPSHOT (JSON) what the module holds and what users see:

- shape: the module's models and stored fields (type, relation, translation,
  company dependency, selection values), for the version-bump guard;
- counts: records per model, archived ones included;
- records: {model: {id: {field: value}}}: on the module's own models every
  field (computed ones too, so the values are what users see) but the log
  fields and the fields of Odoo's mixins (mail.thread...); on the models it
  extends, the fields it adds and the core values its rules drive
  (CORE_FIELDS);
- rows: the module's SQL reports (_auto = False, no stable ids) as sorted rows;
- computed: {model: {id: {field: value}}} what the code computes now for the
  stored computed fields of "records" (the stored values are in "records"):
  a stored value the new code computes differently was not migrated.

Only the generic ORM is used, so the same script reads both codes."""

import json
import os

from odoo import fields as odoo_fields

MODULE = "sales_marketing"
env = env(context=dict(env.context, active_test=False))  # noqa: F821

# Values of Odoo's own fields that the module's rules drive or that a
# migration must not lose, on the models the module extends.
CORE_FIELDS = {
    "sale.order": [
        "name",
        "state",
        "partner_id",
        "date_order",
        "amount_untaxed",
        "amount_total",
        "invoice_status",
        "invoice_ids",
        "picking_ids",
        "order_line",
        "campaign_id",
        "opportunity_id",
    ],
    "sale.order.line": [
        "order_id",
        "product_id",
        "product_uom_qty",
        "product_uom",
        "qty_delivered",
        "qty_invoiced",
        "qty_to_invoice",
        "price_unit",
        "discount",
        "price_subtotal",
        "invoice_status",
    ],
    "account.move": [
        "name",
        "move_type",
        "state",
        "partner_id",
        "invoice_date",
        "amount_untaxed",
        "amount_total",
        "amount_residual",
        "ref",
        "reversed_entry_id",
        "invoice_line_ids",
    ],
    "account.move.line": [
        "move_id",
        "account_id",
        "product_id",
        "quantity",
        "price_unit",
        "debit",
        "credit",
        "sale_line_ids",
    ],
    "stock.picking": [
        "name",
        "state",
        "picking_type_id",
        "origin",
        "partner_id",
        "backorder_id",
        "move_ids",
    ],
    "stock.move": [
        "picking_id",
        "product_id",
        "product_uom_qty",
        "quantity",
        "state",
        "sale_line_id",
        "origin_returned_move_id",
    ],
    "res.partner": ["name", "parent_id"],
    "product.template": ["name"],
    "project.task": ["name", "project_id"],
    "crm.lead": ["name", "type", "partner_id", "campaign_id", "expected_revenue"],
    "utm.campaign": ["name", "title"],
    "purchase.order.line": ["order_id", "product_qty", "qty_received"],
}
# Not compared: values that change by themselves between the two snapshots,
# taken minutes apart (their inputs are compared).
SKIP = {
    # an open period counts until now; the stage history dates are compared
    ("res.partner.stage.report", "days_in_stage"),
}
LOG_FIELDS = {"id", "create_uid", "create_date", "write_uid", "write_date"}
# Of Odoo's mixins on the module's models: the chatter and the activities.
MIXIN_KEEP = {"message_ids", "message_follower_ids", "activity_ids"}


def module_fields():
    """{(model, field): ir.model.fields row} of the fields the module
    defines (by their external ids)."""
    ids = (
        env["ir.model.data"]
        .search([("module", "=", MODULE), ("model", "=", "ir.model.fields")])
        .mapped("res_id")
    )
    rows = env["ir.model.fields"].browse(ids).exists()
    return {(f.model, f.name): f for f in rows}


def own_models():
    ids = (
        env["ir.model.data"]
        .search([("module", "=", MODULE), ("model", "=", "ir.model")])
        .mapped("res_id")
    )
    names = env["ir.model"].browse(ids).exists().mapped("model")
    return sorted(
        name for name in names if name in env and env[name]._original_module == MODULE
    )


def holds_data(model):
    """Tables of records, not wizards (transient) or SQL reports (views)."""
    Model = env[model] if model in env else None
    return Model is not None and Model._auto and not Model._transient


def shape(fields_by_key, models):
    """The module's models and stored fields that hold data."""
    stored = {}
    for (model, name), field in sorted(fields_by_key.items()):
        if not field.store or not holds_data(model):
            continue
        stored[f"{model}.{name}"] = {
            "type": field.ttype,
            "relation": field.relation or None,
            "relation_table": field.relation_table or None,
            "translate": bool(field.translate),
            "company_dependent": bool(field.company_dependent),
            "selection": sorted(field.selection_ids.mapped("value")),
        }
    return {
        "models": {
            name: {"table": env[name]._table} for name in models if holds_data(name)
        },
        "fields": stored,
    }


def snapshot_fields(model, added):
    """The fields read on ``model``: all but the mixins' on the module's own
    models, the added ones and CORE_FIELDS on the others."""
    Model = env[model]
    if Model._original_module == MODULE:
        foreign = set()
        for parent in Model._inherit_module:
            if env[parent]._original_module != MODULE:
                foreign |= set(env[parent]._fields) - MIXIN_KEEP
        names = [n for n in Model._fields if n not in foreign]
    else:
        names = list(added) + CORE_FIELDS.get(model, []) + ["display_name"]
    return sorted(
        {
            n
            for n in names
            if n in Model._fields
            and n not in LOG_FIELDS
            and (model, n) not in SKIP
            and Model._fields[n].type != "binary"
        }
    )


def plain(value):
    if isinstance(value, list | tuple):
        return sorted(value) if all(isinstance(v, int) for v in value) else list(value)
    return value


def read(records, names):
    """{id: {field: value}}; a field that cannot be read gives its error."""
    try:
        with env.cr.savepoint():
            rows = records.read(names, load=None)
    except Exception:  # which field fails: read them one by one
        rows = [{"id": rid} for rid in records.ids]
        for name in names:
            try:
                with env.cr.savepoint():
                    values = records.read([name], load=None)
            except Exception as error:  # what users get: an error
                values = [{"id": rid, name: f"ERROR {error}"} for rid in records.ids]
            for row, value in zip(rows, values, strict=True):
                row[name] = value[name]
    return {str(row["id"]): {n: plain(row[n]) for n in names} for row in rows}


def recompute(model, names):
    """{id: {field: value}}: the stored computed fields among ``names``
    computed afresh (rolled back afterwards)."""
    Model = env[model]
    computed = [
        Model._fields[n]
        for n in names
        if Model._fields[n].store and Model._fields[n].compute
    ]
    records = Model.search([], order="id")
    if not computed or not records:
        return {}
    try:
        for field in computed:
            env.add_to_compute(field, records)
        result = {
            str(record.id): {
                field.name: plain(
                    field.convert_to_read(
                        record[field.name], record, use_display_name=False
                    )
                )
                for field in computed
            }
            for record in records
        }
    except Exception as error:  # reported as the values
        result = {
            str(rid): {f.name: f"ERROR {error}" for f in computed}
            for rid in records.ids
        }
    env.cr.rollback()
    return result


by_key = module_fields()
models = own_models()
added = {}
for model, name in by_key:
    Model = env[model] if model in env else None
    if (
        Model is not None
        and Model._original_module != MODULE
        and name in Model._fields
        and not Model._fields[name].inherited  # _inherits: read on the parent
    ):
        added.setdefault(model, []).append(name)
snapshot = {
    "version": env["ir.module.module"].search([("name", "=", MODULE)]).latest_version,
    "shape": shape(by_key, models),
    "counts": {},
    "records": {},
    "rows": {},
    "computed": {},
}
for model in sorted(set(models) | set(added) | set(CORE_FIELDS)):
    Model = env[model]
    if Model._abstract or Model._transient:
        continue
    names = snapshot_fields(model, added.get(model, []))
    records = Model.search([], order="id")
    snapshot["counts"][model] = len(records)
    if Model._auto:
        snapshot["records"][model] = read(records, names)
        own = names if Model._original_module == MODULE else added.get(model, [])
        snapshot["computed"][model] = recompute(model, own)
    else:
        rows = read(records, [n for n in names if n != "display_name"]).values()
        snapshot["rows"][model] = sorted(
            json.dumps(
                {n: round(v, 6) if isinstance(v, float) else v for n, v in row.items()},
                sort_keys=True,
                default=str,
            )
            for row in rows
        )
env.cr.rollback()  # reading computes nothing to keep
with open(os.environ["UPGRADE_SNAPSHOT"], "w") as out:
    json.dump(snapshot, out, sort_keys=True, indent=0, default=str)
total = sum(snapshot["counts"].values())
print(
    f"upgrade snapshot: {len(snapshot['counts'])} models, {total} records, "
    f"module version {snapshot['version']}, at {odoo_fields.Datetime.now()}"
)
