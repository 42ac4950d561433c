"""Screenshots of the real web client for README.md and the Apps page.

Run by dev/screenshots.sh against a running Odoo serving make run's demo
database: logs in as admin through headless Chromium (Chrome DevTools
protocol over websocket-client), opens each screen of the demo story and
stores a PNG under static/description/; then as the Swedish-speaking
salesperson (saljare) for the screens in Swedish (``*_sv.png``).

    python dev/screenshots.py URL DB OUTDIR
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import xmlrpc.client

import websocket

WIDTH, HEIGHT = 1440, 900


class Browser:
    def __init__(self):
        binary = next(
            (
                b
                for b in ("chromium", "google-chrome", "chromium-browser")
                if shutil.which(b)
            ),
            None,
        )
        if not binary:
            raise SystemExit("Chromium is missing (apt-get install chromium).")
        self.profile = tempfile.mkdtemp(prefix="sm-shots-")
        port = 9333
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as r:
                    pages = [p for p in json.load(r) if p["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("Chromium did not start.")
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], suppress_origin=True
        )
        self.next_id = 0
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        check = (
            f"!!document.querySelector({json.dumps(selector)}) && "
            "!document.querySelector('.o_blockUI, .o_loading_indicator')"
        )
        while time.time() < deadline:
            if self.evaluate(check):
                return
            time.sleep(0.2)
        raise RuntimeError(f"timeout waiting for {selector}")

    def goto(self, url, selector):
        self.call("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_for(selector)
        time.sleep(1.5)  # let charts and fonts settle

    def shot(self, path):
        # transient notifications (e.g. "the page is out of date" right after
        # the module update) are not part of the screen
        self.evaluate(
            "document.querySelectorAll('.o_notification').forEach(n => n.remove())"
        )
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    base, db, outdir = sys.argv[1:4]
    common = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object", allow_none=True)

    def first(model, domain, field="id"):
        rows = models.execute_kw(
            db,
            uid,
            "admin",
            model,
            "search_read",
            [domain],
            {"fields": [field], "limit": 1},
        )
        if not rows:
            raise SystemExit(
                f"No {model} matching {domain}: the demo story is missing from {db} "
                "(recreate it: dropdb the database, then make setup)."
            )
        return rows[0][field]

    def ref(name):
        """A record of the demo story (demo/*.xml) by its external id."""
        return first(
            "ir.model.data",
            [("module", "=", "sales_marketing"), ("name", "=", name)],
            field="res_id",
        )

    nordisk = ref("res_partner_nordisk_mobel")
    campaign = ref("utm_campaign_spring_chairs")
    order = ref("sale_order_nordisk_mobel_chairs")
    agreement = ref("sale_agreement_nordisk_mobel")
    subscription = ref("sale_order_nordisk_mobel_care_plan")
    # created by the story's steps (the return, the project's material)
    rma = first(
        "sale.order", [("origin_order_id", "=", order), ("order_type", "=", "returned")]
    )
    item_requirement = first(
        "sale.order",
        [("partner_id", "=", nordisk), ("order_type", "=", "item_requirement")],
    )
    shots = [
        (
            "campaigns",
            "/odoo/action-sales_marketing.utm_campaign_action_sales",
            ".o_kanban_record",
        ),
        (
            "campaign_form",
            f"/odoo/action-sales_marketing.utm_campaign_action_sales/{campaign}",
            ".o_form_view .o_statusbar_buttons",
        ),
        (
            "campaign_targets",
            "/odoo/action-sales_marketing.sale_campaign_target_action",
            ".o_data_row",
        ),
        (
            "partner_lifecycle",
            f"/odoo/contacts/{nordisk}",
            ".o_form_view .o_statusbar_status",
        ),
        (
            "customer_funnel",
            "/odoo/action-sales_marketing.res_partner_stage_report_action",
            ".o_view_controller",
        ),
        ("sales_order", f"/odoo/sales/{order}", ".o_form_view .o_data_row"),
        (
            "agreement",
            f"/odoo/action-sales_marketing.sale_agreement_action/{agreement}",
            ".o_form_view",
        ),
        (
            "suggestion_rules",
            "/odoo/action-sales_marketing.sale_suggestion_rule_action",
            ".o_data_row",
        ),
        (
            "backorders_by_item",
            "/odoo/action-sales_marketing.sale_backorder_item_action",
            ".o_view_controller",
        ),
        ("returned_order", f"/odoo/sales/{rma}", ".o_form_view .o_data_row"),
        (
            "subscriptions",
            "/odoo/action-sales_marketing.sale_order_action_subscription",
            ".o_data_row",
        ),
        (
            "subscription_order",
            f"/odoo/sales/{subscription}",
            ".o_form_view .o_data_row",
        ),
        (
            "item_requirement",
            f"/odoo/sales/{item_requirement}",
            ".o_form_view .o_data_row",
        ),
        (
            "proforma",
            f"/report/html/sale.report_saleorder_pro_forma/{order}",
            ".page",
        ),
    ]
    extra = os.environ.get("SM_EXTRA_SHOTS")  # "name|url|selector;..."
    for item in filter(None, (extra or "").split(";")):
        shots.append(tuple(item.split("|")))

    # Swedish first: the story's salesperson, whose web client is in Swedish
    swedish_shots = [
        ("sales_order_sv", f"/odoo/sales/{order}", ".o_form_view .o_data_row"),
    ]

    browser = Browser()
    try:
        os.makedirs(outdir, exist_ok=True)
        for login, password, user_shots in (
            ("admin", "admin", shots),
            ("saljare", "saljare", swedish_shots),
        ):
            browser.goto(f"{base}/web/login?db={db}", "form")
            ok = browser.evaluate(
                "fetch('/web/session/authenticate', {method: 'POST', headers: "
                "{'Content-Type': 'application/json'}, body: JSON.stringify({jsonrpc: "
                f"'2.0', params: {{db: {json.dumps(db)}, login: {json.dumps(login)}, "
                f"password: {json.dumps(password)}}}}})}}).then(r => r.json())"
                ".then(r => !!r.result)"
            )
            if not ok:
                raise SystemExit(f"Login as {login} failed.")
            for name, url, selector in user_shots:
                browser.goto(base + url, selector)
                path = os.path.join(outdir, f"screenshot_{name}.png")
                browser.shot(path)
                print(f"  {path}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
