"""(e2) Scheduled invoicing of 2,000 packing slips of 200 customers (IN-6):
our scheduled action (res.partner._cron_invoice_scheduled_slips: every
customer due, its slips in its summary update mode, one invoice per customer,
posted) against Odoo's standard "Create invoices" on the same 2,000
delivered orders (sale.order._create_invoices, grouped per customer, then
posted). Both create and post 200 invoices with the same lines."""

from harness import Flow

from flows.slip_invoicing import setup as slip_setup


def setup(env, scale):
    data = slip_setup(env, scale)
    if "sale.agreement" in env:
        partners = env["sale.order"].browse(data["orders"]).partner_id
        partners.write({"invoice_schedule": "weekly"})
    return data


def run(env, data, param=None):
    if "sale.agreement" in env:
        ids = env["res.partner"]._cron_invoice_scheduled_slips(
            limit=len(data["orders"]), commit=False
        )
        invoices = env["account.move"].browse(ids)
    else:
        invoices = env["sale.order"].browse(data["orders"])._create_invoices()
        invoices.action_post()
    assert len(invoices) == len(set(invoices.partner_id)), "one per customer"
    assert set(invoices.mapped("state")) == {"posted"}


FLOW = Flow(
    name="slip_invoicing_schedule",
    title="(e2) Scheduled invoicing of 2,000 packing slips of 200 customers vs "
    "Create invoices",
    variants={
        "standard Create invoices + post (stock Odoo)": [],
        "sales_marketing scheduled action": ["sales_marketing"],
    },
    baseline="standard Create invoices + post (stock Odoo)",
    setup=setup,
    run=run,
    repeat=2,
    notes=__doc__.split("\n\n", 1)[0],
)
