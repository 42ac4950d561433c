# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL


class SalesMarketingDemo(models.AbstractModel):
    """The demo story, loaded with the demo data only (demo/demo_story.xml).

    One believable company year across every feature: a telemarketing
    campaign whose positive response becomes an opportunity and a quotation,
    an agreement-priced order with an accepted cross-sell, a partial delivery
    leaving a backorder, an invoice from the packing slip, a return with its
    RMA number, a journal and a subscription. Built through the same public
    methods a salesperson triggers in the web client, so the records are in
    the states those methods give."""

    _name = "sales.marketing.demo"
    _description = "Sales and Marketing Demo Story"

    @api.model
    def _load_demo_story(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        self = self.with_env(env)
        today = fields.Date.context_today(self)
        ref = self.env.ref
        company = self.env.company
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        salesperson = self._demo_salesperson()

        # the catalogue
        chair, chair_plus, mat, service = self._demo_products()
        self.env["stock.quant"]._update_available_quantity(
            chair, warehouse.lot_stock_id, 12
        )
        self.env["stock.quant"]._update_available_quantity(
            mat, warehouse.lot_stock_id, 200
        )

        # the market: prospects and a customer of old
        partners = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "city": city,
                    "email": email,
                    "phone": phone,
                    "user_id": salesperson.id,
                }
                for name, city, email, phone in (
                    (
                        "Nordisk Möbel AB",
                        "Göteborg",
                        "inkop@nordiskmobel.example",
                        "+46 31 555 01 00",
                    ),
                    (
                        "Solna Tandvård AB",
                        "Solna",
                        "info@solnatand.example",
                        "+46 8 555 02 00",
                    ),
                    (
                        "Bygg & Kontor i Umeå AB",
                        "Umeå",
                        "kontor@byggumea.example",
                        "+46 90 555 03 00",
                    ),
                    (
                        "Malmö Arkitekter HB",
                        "Malmö",
                        "hej@malmoark.example",
                        "+46 40 555 04 00",
                    ),
                )
            ]
        )
        nordisk, solna, bygg, malmo = partners

        # a telemarketing campaign: four targets, three answers, one yes
        campaign = self.env["utm.campaign"].create(
            {
                "name": self.env._("Spring campaign: ergonomic office chairs"),
                "campaign_type": "telemarketing",
                "user_id": salesperson.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=30),
                "budget": 15000.0,
            }
        )
        targets = self.env["sale.campaign.target"].create(
            [
                {"campaign_id": campaign.id, "partner_id": partner.id}
                for partner in partners
            ]
        )
        campaign.action_contact_targets()
        targets[1]._log_response("negative")
        targets[2]._log_response("no_answer")
        targets[0].note = self.env._(
            "Moving into a new office in spring: 20 chairs, wants a framework "
            "price for 100."
        )
        targets[0]._log_response("positive")
        targets[0].action_start_sales_process()
        opportunity = targets[0].lead_id
        opportunity.expected_revenue = 60000.0

        # the framework price: a sales agreement for 100 chairs
        agreement = self.env["sale.agreement"].create(
            {
                "partner_id": nordisk.id,
                "user_id": salesperson.id,
                "date_start": today - timedelta(days=20),
                "date_end": today + timedelta(days=345),
                "line_ids": [
                    Command.create(
                        {
                            "product_id": chair.id,
                            "qty_committed": 100,
                            "price_unit": 2450.0,
                            "discount": 5.0,
                        }
                    )
                ],
            }
        )
        agreement.action_set_effective()

        # up-sell and cross-sell rules
        self.env["sale.suggestion.rule"].create(
            [
                {
                    "name": self.env._("Ergo Plus for heavy daily use"),
                    "suggestion_type": "upsell",
                    "trigger_product_ids": [Command.set(chair.ids)],
                    "suggested_product_ids": [Command.set(chair_plus.ids)],
                    "script": self.env._(
                        "Sitting more than six hours a day? Ergo Plus has "
                        "synchronous tilt and a 10-year warranty."
                    ),
                },
                {
                    "name": self.env._("A floor mat with every chair"),
                    "suggestion_type": "crosssell",
                    "trigger_product_ids": [Command.set(chair.ids)],
                    "suggested_product_ids": [Command.set(mat.ids)],
                    "script": self.env._("Protects the floor; most customers add one."),
                },
            ]
        )

        # the quotation from the opportunity, with the cross-sell accepted
        order = self.env["sale.order"].create(
            {
                "partner_id": nordisk.id,
                "opportunity_id": opportunity.id,
                "campaign_id": campaign.id,
                "user_id": salesperson.id,
                "order_line": [
                    Command.create({"product_id": chair.id, "product_uom_qty": 20}),
                    Command.create({"product_id": service.id, "product_uom_qty": 4}),
                ],
            }
        )
        chair_line = order.order_line.filtered(lambda line: line.product_id == chair)
        suggestions = order.get_sales_suggestions(line_ids=chair_line.ids)
        crosssell = next(s for s in suggestions if s["product_id"] == mat.id)
        mat_line = order.order_line.browse(
            order.action_accept_sales_suggestion(
                chair_line.id, crosssell["rule_id"], mat.id
            )
        )
        mat_line.product_uom_qty = 20
        order.action_decline_sales_suggestions(chair_line.id)
        order.action_confirm()

        # 12 chairs in stock: a partial delivery and a backorder of 8
        picking = order.picking_ids.filtered(lambda p: p.state != "done")[:1]
        for move in picking.move_ids:
            move.quantity = min(move.product_uom_qty, 12)
            move.picked = True
        picking._action_done()
        slip_invoices = picking._invoice_packing_slips()
        slip_invoices.action_post()

        # two chairs came back damaged: the salesperson records the return, a
        # returned order with its RMA number
        wizard = (
            self.env["sale.order.return.wizard"]
            .with_user(salesperson)
            .create(
                {
                    "order_id": order.id,
                    "return_reason_id": ref("sales_marketing.return_reason_damaged").id,
                }
            )
        )
        for line in wizard.line_ids:
            line.quantity = 2 if line.product_id == chair else 0
        returned = wizard.action_create_return()
        rma_order = self.env["sale.order"].browse(returned["res_id"])  # as superuser
        rma_order.action_confirm()

        # a journal: a draft the salesperson keeps for a later call
        self.env["sale.order"].create(
            {
                "partner_id": malmo.id,
                "order_type": "journal",
                "user_id": salesperson.id,
                "note": self.env._("Ideas for the new studio, call back in June."),
                "order_line": [
                    Command.create({"product_id": chair_plus.id, "product_uom_qty": 6})
                ],
            }
        )
        # a service subscription since three months: three periods invoiced
        care = self.env["product.product"].create(
            {
                "name": self.env._("Chair care plan (month)"),
                "default_code": "CARE",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 900.0,
            }
        )
        subscription = self.env["sale.order"].create(
            {
                "partner_id": nordisk.id,
                "order_type": "subscription",
                "user_id": salesperson.id,
                "recurrence_interval": 1,
                "recurrence_unit": "month",
                "subscription_date_start": today - relativedelta(months=3),
                "order_line": [
                    Command.create({"product_id": care.id, "product_uom_qty": 1})
                ],
            }
        )
        subscription.action_confirm()
        subscription._invoice_due_subscription_periods(today)
        # the chairs are assembled on a project: its material is an item
        # requirement order for Nordisk
        project = self.env["project.project"].create(
            {
                "name": self.env._("Nordisk Möbel: new office fit-out"),
                "partner_id": nordisk.id,
                "allow_billable": True,
            }
        )
        task = self.env["project.task"].create(
            {"name": self.env._("Assemble the chairs"), "project_id": project.id}
        )
        self.env["project.task.material"].create(
            [
                {
                    "task_id": task.id,
                    "product_id": mat.id,
                    "product_uom_qty": 2,
                    "note": self.env._("Spare mats for the meeting room"),
                },
            ]
        )
        self._demo_backdate_lifecycle(partners)
        self._demo_story_hook(locals())
        return True

    @api.model
    def _demo_backdate_lifecycle(self, partners):
        """Spread the story over the last quarter so that the customer funnel
        shows days per stage: known for 90 days, prospects for 45, the
        opportunity 30 days ago, the order 12 days ago."""
        self.env.flush_all()
        days = {"prospect": 45, "lead": 38, "opportunity": 30, "customer": 12}
        for stage, ago in days.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner_stage_history SET date = %s "
                    "WHERE partner_id IN %s AND stage_to = %s",
                    fields.Datetime.now() - timedelta(days=ago),
                    tuple(partners.ids),
                    stage,
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = %s WHERE id IN %s",
                fields.Datetime.now() - timedelta(days=90),
                tuple(partners.ids),
            )
        )
        self.env.invalidate_all()

    @api.model
    def _demo_story_hook(self, story):
        """Extension point: later chapters of the story (subscriptions...)."""
        return True

    @api.model
    def _demo_salesperson(self):
        """Sara Lindqvist (login and password ``saljare``), a salesperson who
        sees her own documents, works in Swedish: Swedish is activated for her
        (the module's own terms are then loaded in Swedish with the module,
        Odoo's by make setup). Business data of the story like the rest of it,
        without an external id: uninstalling the module keeps her, her
        customers and orders."""
        self.env["res.lang"]._activate_lang("sv_SE")
        users = self.env["res.users"].with_context(active_test=False)
        return users.search([("login", "=", "saljare")]) or users.with_context(
            no_reset_password=True
        ).create(
            {
                "name": "Sara Lindqvist",
                "login": "saljare",
                "password": "saljare",
                "email": "sara.lindqvist@yourcompany.example",
                "lang": "sv_SE",
                "tz": "Europe/Stockholm",
                "company_id": self.env.company.id,
                "company_ids": [Command.set(self.env.company.ids)],
                "groups_id": [
                    Command.set(self.env.ref("sales_team.group_sale_salesman").ids)
                ],
            }
        )

    @api.model
    def _demo_products(self):
        category = self.env["product.category"].create(
            {"name": self.env._("Office furniture")}
        )
        common = {"categ_id": category.id, "invoice_policy": "delivery"}
        return self.env["product.product"].create(
            [
                {
                    **common,
                    "name": self.env._("Office chair Ergo"),
                    "default_code": "ERGO",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 2900.0,
                },
                {
                    **common,
                    "name": self.env._("Office chair Ergo Plus"),
                    "default_code": "ERGO-PLUS",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 3900.0,
                },
                {
                    **common,
                    "name": self.env._("Chair floor mat"),
                    "default_code": "MAT",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 390.0,
                },
                {
                    "categ_id": category.id,
                    "name": self.env._("Chair assembly (hour)"),
                    "default_code": "ASSEMBLY",
                    "type": "service",
                    "invoice_policy": "order",
                    "list_price": 650.0,
                },
            ]
        )
