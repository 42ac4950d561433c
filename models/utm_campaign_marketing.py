# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from markupsafe import Markup

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

CAMPAIGN_TYPES = [
    ("telemarketing", "Telemarketing"),
    ("direct_mail", "Direct mail"),
    ("email", "E-mail"),
]


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    campaign_type = fields.Selection(
        selection=CAMPAIGN_TYPES,
        index=True,
        help="How the targets are contacted: telemarketing schedules a call per "
        "target for its responsible, direct mail prints letters and address "
        "labels, e-mail sends a mass mailing to the opted-in targets.",
    )
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date")
    budget = fields.Monetary(
        currency_field="currency_id",
        help="What the campaign costs; divided by the confirmed orders it gives "
        "the cost per order.",
    )
    letter_body = fields.Html(
        string="Letter",
        translate=True,
        help="Body of the direct-mail letter printed for each opted-in target.",
    )
    sales_process_start = fields.Selection(
        selection=[("opportunity", "Opportunity"), ("quotation", "Quotation")],
        string="Positive Responses Start",
        default="opportunity",
        help="What Start Sales Process creates from a positive response: an "
        "opportunity for the salesperson to work, or a quotation at once.",
    )
    target_ids = fields.One2many(
        comodel_name="sale.campaign.target",
        inverse_name="campaign_id",
        string="Targets",
    )
    # MC-5 results, computed in batch (all users see the campaign's totals)
    target_count = fields.Integer(
        string="Number of Targets", compute="_compute_target_results"
    )
    target_opt_in_count = fields.Integer(
        string="Opted-in Targets", compute="_compute_target_results"
    )
    contacted_count = fields.Integer(
        string="Contacted", compute="_compute_target_results"
    )
    response_positive_count = fields.Integer(
        string="Positive Responses", compute="_compute_target_results"
    )
    response_negative_count = fields.Integer(
        string="Negative Responses", compute="_compute_target_results"
    )
    response_no_answer_count = fields.Integer(
        string="No Answer", compute="_compute_target_results"
    )
    response_count = fields.Integer(
        string="Responses",
        compute="_compute_target_results",
        help="Positive and negative responses.",
    )
    response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_target_results",
        help="Responses (positive or negative) per contacted target, in percent.",
    )
    campaign_opportunity_count = fields.Integer(
        string="Opportunities",
        compute="_compute_sales_results",
        help="Opportunities (won, lost or open) carrying this campaign.",
    )
    campaign_quotation_count = fields.Integer(
        string="Quotations",
        compute="_compute_sales_results",
        help="Quotations (draft or sent) carrying this campaign.",
    )
    campaign_order_count = fields.Integer(
        string="Confirmed Orders",
        compute="_compute_sales_results",
        help="Confirmed sales and subscription orders carrying this campaign.",
    )
    campaign_revenue = fields.Monetary(
        string="Revenue",
        currency_field="currency_id",
        compute="_compute_sales_results",
        help="Untaxed amount of the confirmed orders, in the campaign's currency.",
    )
    cost_per_order = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_sales_results",
        help="Budget divided by the confirmed orders.",
    )

    def _compute_target_results(self):
        targets = self.env["sale.campaign.target"].sudo()
        domain = [("campaign_id", "in", self.ids)]
        counts = defaultdict(lambda: defaultdict(int))
        for campaign, response, opt_in, contacted, count in targets._read_group(
            domain, ["campaign_id", "response", "opt_in", "contacted"], ["__count"]
        ):
            result = counts[campaign.id]
            result["target"] += count
            result["opt_in"] += count if opt_in else 0
            result["contacted"] += count if contacted else 0
            result[response] += count
        for campaign in self:
            result = counts[campaign._origin.id]
            campaign.target_count = result["target"]
            campaign.target_opt_in_count = result["opt_in"]
            campaign.contacted_count = result["contacted"]
            campaign.response_positive_count = result["positive"]
            campaign.response_negative_count = result["negative"]
            campaign.response_no_answer_count = result["no_answer"]
            campaign.response_count = result["positive"] + result["negative"]
            campaign.response_rate = (
                100.0 * campaign.response_count / campaign.contacted_count
                if campaign.contacted_count
                else 0.0
            )

    def _compute_sales_results(self):
        campaign_ids = self._origin.ids
        opportunities = dict(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("campaign_id", "in", campaign_ids), ("type", "=", "opportunity")],
                ["campaign_id"],
                ["__count"],
            )
        )
        orders = self.env["sale.order"].sudo()
        quotations = dict(
            orders._read_group(
                [
                    ("campaign_id", "in", campaign_ids),
                    ("state", "in", ("draft", "sent")),
                ],
                ["campaign_id"],
                ["__count"],
            )
        )
        confirmed = defaultdict(lambda: [0, 0.0])
        for campaign, currency, company, count, amount in orders._read_group(
            self._get_confirmed_order_domain(campaign_ids),
            ["campaign_id", "currency_id", "company_id"],
            ["__count", "amount_untaxed:sum"],
        ):
            result = confirmed[campaign.id]
            result[0] += count
            target_currency = campaign.currency_id or company.currency_id
            result[1] += currency._convert(
                amount, target_currency, company, fields.Date.context_today(self)
            )
        for campaign in self:
            origin = campaign._origin
            campaign.campaign_opportunity_count = opportunities.get(origin, 0)
            campaign.campaign_quotation_count = quotations.get(origin, 0)
            order_count, revenue = confirmed[origin.id]
            campaign.campaign_order_count = order_count
            campaign.campaign_revenue = revenue
            campaign.cost_per_order = (
                campaign.budget / order_count if order_count else 0.0
            )

    @api.model
    def _get_confirmed_order_domain(self, campaign_ids):
        """Orders counted as campaign results (MC-5): confirmed sales and
        subscription orders."""
        return [
            ("campaign_id", "in", campaign_ids),
            ("state", "=", "sale"),
            (
                "order_type",
                "in",
                self.env["sale.order"]._get_customer_making_order_types(),
            ),
        ]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if (
                campaign.date_start
                and campaign.date_end
                and campaign.date_end < campaign.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s ends before it starts.",
                        campaign=campaign.display_name,
                    )
                )

    @api.constrains("budget")
    def _check_budget(self):
        for campaign in self:
            if campaign.budget < 0:
                raise ValidationError(
                    self.env._(
                        "The budget of campaign %(campaign)s cannot be negative.",
                        campaign=campaign.display_name,
                    )
                )

    # -- actions --------------------------------------------------------------
    def action_contact_targets(self):
        """MC-3: contact the opted-in targets the way the campaign type says."""
        self.ensure_one()
        if not self.campaign_type:
            raise UserError(
                self.env._(
                    "Set the type of campaign %(campaign)s before contacting its "
                    "targets.",
                    campaign=self.display_name,
                )
            )
        targets = self.target_ids._filter_contactable()
        if not targets:
            raise UserError(
                self.env._(
                    "Campaign %(campaign)s has no opted-in target to contact.",
                    campaign=self.display_name,
                )
            )
        return getattr(self, f"_contact_targets_{self.campaign_type}")(targets)

    def _contact_targets_telemarketing(self, targets):
        activities = targets._schedule_call()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s calls scheduled for campaign %(campaign)s.",
                    count=len(activities),
                    campaign=self.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _contact_targets_direct_mail(self, targets):
        return targets.action_print_letters()

    def _contact_targets_email(self, targets):
        mailing = self._get_or_create_mailing()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _get_or_create_mailing(self):
        """The draft mass mailing of this campaign addressed to its opted-in
        targets (reused while it is not sent)."""
        self.ensure_one()
        mailing_model = self.env["ir.model"]._get("sale.campaign.target")
        mailing = self.env["mailing.mailing"].search(
            [
                ("campaign_id", "=", self.id),
                ("mailing_model_id", "=", mailing_model.id),
                ("state", "=", "draft"),
            ],
            limit=1,
        )
        return mailing or self.env["mailing.mailing"].create(
            self._prepare_mailing_vals(mailing_model)
        )

    def _prepare_mailing_vals(self, mailing_model):
        self.ensure_one()
        return {
            "subject": self.title,
            "campaign_id": self.id,
            "mailing_type": "mail",
            "mailing_model_id": mailing_model.id,
            "mailing_domain": repr(
                [("campaign_id", "=", self.id), ("opt_in", "=", True)]
            ),
            "user_id": self.user_id.id,
            "keep_archives": True,
            "body_arch": self._get_mailing_default_body(),
            "body_html": self._get_mailing_default_body(),
        }

    def _get_mailing_default_body(self):
        """A plain starting body; the marketer designs the real one in the
        mass-mailing editor."""
        return Markup(
            '<div class="o_layout o_empty_theme"><p>%(greeting)s</p>'
            "<p>%(title)s</p><p>%(closing)s</p></div>"
        ) % {
            "greeting": self.env._("Hello,"),
            "title": self.title,
            "closing": self.env._("Reply to this e-mail to hear more."),
        }

    def action_generate_targets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate Targets"),
            "res_model": "sale.campaign.target.generate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id},
        }

    def action_print_labels(self):
        self.ensure_one()
        return self.target_ids._filter_contactable().action_print_labels()

    def action_view_targets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_campaign_target_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {
            "default_campaign_id": self.id,
            "search_default_group_response": False,
        }
        return action

    def action_view_campaign_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("campaign_id", "=", self.id), ("type", "=", "opportunity")]
        action["context"] = {
            "active_test": False,
            "default_campaign_id": self.id,
            "default_type": "opportunity",
        }
        return action

    def action_view_campaign_quotations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [
            ("campaign_id", "=", self.id),
            ("state", "in", ("draft", "sent")),
        ]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_campaign_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = self._get_confirmed_order_domain(self.ids)
        action["context"] = {"create": False}
        return action
