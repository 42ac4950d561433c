"""Run by dev/lifecycle.sh in `odoo-bin shell` on a copy of the test database:
uninstall the module and check that nothing of it is left behind."""

import json
import os
import sys

module = "sales_marketing"
env = env  # noqa: F821 - provided by odoo-bin shell
env["ir.module.module"].search([("name", "=", module)]).button_immediate_uninstall()
env.cr.commit()
cr = env.cr
record = json.load(open(os.environ["LIFECYCLE_RECORD"]))
problems = []
cr.execute("SELECT count(*) FROM ir_model_data WHERE module = %s", [module])
if cr.fetchone()[0]:
    problems.append("ir_model_data rows of the module are left")
cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
if cr.fetchone()[0] != "uninstalled":
    problems.append("the module is not uninstalled")
for table in record["tables"]:
    cr.execute("SELECT to_regclass(%s)", [table])
    if cr.fetchone()[0]:
        problems.append(f"table {table} is left")
for table, column in record["columns"]:
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    if cr.fetchone():
        problems.append(f"column {table}.{column} is left")
cr.execute(
    "SELECT count(*) FROM ir_sequence WHERE code IN %s",
    [("sale.agreement", "sale.order.rma")],
)
if cr.fetchone()[0]:
    problems.append("sequences of the module are left")
cr.execute(
    "SELECT count(*) FROM ir_ui_view WHERE arch_db::text LIKE %s",
    ["%sales_marketing.%"],
)
if cr.fetchone()[0]:
    problems.append("views referring to the module are left")
if problems:
    print("LIFECYCLE FAILED:\n- " + "\n- ".join(problems))
    sys.exit(1)
tables, columns = len(record["tables"]), len(record["columns"])
print(f"LIFECYCLE OK: {tables} tables and {columns} columns removed")
