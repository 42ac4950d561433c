# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase
from odoo.tests import TransactionCase
from odoo.tests import tagged

MODULE = "sales_marketing"


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo data tells one story across the features (make run)."""

    def test_the_story_is_there(self):
        if not self.env.ref("base.user_demo", raise_if_not_found=False):
            self.fail("The test database must be installed with demo data.")
        nordisk = self.env.ref("sales_marketing.res_partner_nordisk_mobel")
        self.assertEqual(nordisk.relationship_stage, "customer")
        self.assertEqual(
            self.env["res.partner.stage.history"]
            .search([("partner_id", "=", nordisk.id)], order="date, id")
            .mapped("stage_to"),
            ["prospect", "opportunity", "customer"],
        )
        campaign = self.env.ref("sales_marketing.utm_campaign_spring_chairs")
        self.assertEqual(campaign.target_count, 4)
        self.assertEqual(campaign.response_positive_count, 1)
        self.assertEqual(campaign.campaign_order_count, 1)
        order = self.env.ref("sales_marketing.sale_order_nordisk_mobel_chairs")
        self.assertEqual(order.order_type, "sales")
        self.assertEqual(order.sales_status, "open")
        chair = order.order_line.filtered(
            lambda line: line.product_id.default_code == "ERGO"
        )
        self.assertEqual(chair.agreement_line_id.price_unit, 2450.0)
        self.assertEqual(chair.qty_delivered, 12)
        self.assertEqual(chair.qty_deliver_remainder, 8)
        self.assertIn("MAT", order.order_line.product_id.mapped("default_code"))
        self.assertTrue(
            self.env["sale.backorder.line"].search([("order_id", "=", order.id)])
        )
        slip = order.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(slip.invoice_state, "invoiced")
        self.assertEqual(order.invoice_ids.filtered("id").mapped("state"), ["posted"])
        rma = self.env["sale.order"].search(
            [("origin_order_id", "=", order.id), ("order_type", "=", "returned")]
        )
        self.assertTrue(rma.rma_number)
        self.assertEqual(rma.state, "sale")
        journal = self.env.ref("sales_marketing.sale_order_malmo_arkitekter_journal")
        self.assertEqual(journal.order_type, "journal")
        self.assertEqual(journal.partner_id.name, "Malmö Arkitekter HB")
        subscription = self.env.ref(
            "sales_marketing.sale_order_nordisk_mobel_care_plan"
        )
        self.assertEqual(subscription.subscription_period_index, 3)
        self.assertEqual(len(subscription.subscription_period_ids.invoice_id), 3)
        item_requirement = self.env["sale.order"].search(
            [("partner_id", "=", nordisk.id), ("order_type", "=", "item_requirement")]
        )
        self.assertEqual(item_requirement.order_line.product_uom_qty, 2)
        rules = self.env["sale.suggestion.rule"].search(
            [("trigger_product_ids", "in", chair.product_id.ids)]
        )
        self.assertEqual(sum(rules.mapped("accepted_count")), 1)

    def test_the_story_belongs_to_the_swedish_salesperson(self):
        """Swedish first: the story's salesperson works in Swedish and, with
        a salesperson's own-documents rights, sees her customers and orders."""
        saljare = self.env["res.users"].search([("login", "=", "saljare")])
        self.assertEqual(saljare.name, "Sara Lindqvist")
        self.assertEqual(saljare.lang, "sv_SE")
        self.assertTrue(saljare.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(saljare.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.env["res.lang"]._lang_get("sv_SE").active)
        env = self.env(user=saljare)
        nordisk = env["res.partner"].search([("name", "=", "Nordisk Möbel AB")])
        self.assertEqual(nordisk.user_id, saljare)
        orders = env["sale.order"].search([("partner_id", "=", nordisk.id)])
        self.assertEqual(
            set(orders.mapped("order_type")),
            {"sales", "returned", "subscription", "item_requirement"},
        )
        self.assertEqual(orders.user_id, saljare)


@tagged("post_install", "-at_install")
class TestSwedishWebClient(HttpCase):
    """The demo salesperson's web client is in Swedish: her session, the menus
    and the client's translations, as the browser loads them."""

    def test_web_client_in_swedish_for_saljare(self):
        self.authenticate("saljare", "saljare")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["username"], "saljare")
        self.assertEqual(info["user_context"]["lang"], "sv_SE")
        # the menus as the client loads them: in the session's language
        menus = self.url_open("/web/webclient/load_menus/1").json()
        names = {menu["xmlid"]: menu["name"] for menu in menus.values()}
        self.assertEqual(names["sales_marketing.sale_campaign_menu_root"], "Kampanjer")
        self.assertEqual(names["sales_marketing.sale_backorder_menu"], "Restorder")
        # the client's own terms, fetched with the user's language
        translations = self.url_open(
            "/web/webclient/translations/1?lang=sv_SE&mods=sales_marketing"
        ).json()
        self.assertEqual(translations["lang"], "sv_SE")
        terms = {
            message["id"]: message["string"]
            for message in translations["modules"][MODULE]["messages"]
        }
        self.assertEqual(terms["No thanks"], "Nej tack")
        # and the web client page itself is served in Swedish
        page = self.url_open("/odoo")
        self.assertEqual(page.status_code, 200)
        self.assertIn('"lang": "sv_SE"', page.text)
