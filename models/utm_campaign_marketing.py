# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.osv import expression

CAMPAIGN_TYPES = [
    ("telemarketing", "Telemarketing"),
    ("direct_mail", "Direct mail"),
    ("email", "E-mail"),
    ("sms", "SMS"),
]

# MC-6: the campaign stages (D365 campaign status)
CAMPAIGN_STAGES = [
    ("in_process", "In process"),
    ("response", "Response"),
    ("follow_up", "Follow-up"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# a campaign in these stages takes no new target and contacts nobody
ENDED_STAGES = ("closed", "cancelled")

# MC-5: the campaign's result fields and the Campaign Analysis columns they show
RESULT_FIELDS = {
    "target_count": "target_count",
    "target_opt_in_count": "opt_in_count",
    "contacted_count": "contacted_count",
    "response_positive_count": "positive_count",
    "response_negative_count": "negative_count",
    "response_no_answer_count": "no_answer_count",
    "response_count": "response_count",
    "response_rate": "response_rate",
    "campaign_opportunity_count": "opportunity_count",
    "campaign_quotation_count": "quotation_count",
    "campaign_order_count": "order_count",
    "campaign_revenue": "revenue",
    "cost_per_order": "cost_per_order",
}


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    # === FIELDS ===

    campaign_type = fields.Selection(
        selection=CAMPAIGN_TYPES,
        index=True,
        help="How the targets are contacted: telemarketing schedules a call per "
        "target for its responsible, direct mail prints letters and address "
        "labels, e-mail and SMS send a mass mailing to the opted-in targets.",
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
    # MC-5 results: the campaign's row of Campaign Analysis (RESULT_FIELDS)
    target_count = fields.Integer(
        string="Number of Targets", compute="_compute_results"
    )
    target_opt_in_count = fields.Integer(
        string="Opted-in Targets", compute="_compute_results"
    )
    contacted_count = fields.Integer(string="Contacted", compute="_compute_results")
    response_positive_count = fields.Integer(
        string="Positive Responses", compute="_compute_results"
    )
    response_negative_count = fields.Integer(
        string="Negative Responses", compute="_compute_results"
    )
    response_no_answer_count = fields.Integer(
        string="No Answer", compute="_compute_results"
    )
    response_count = fields.Integer(
        string="Responses",
        compute="_compute_results",
        help="Positive and negative responses.",
    )
    response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_results",
        help="Responses (positive or negative) per contacted target, in percent.",
    )
    campaign_opportunity_count = fields.Integer(
        string="Opportunities",
        compute="_compute_results",
        help="Opportunities (won, lost or open) carrying this campaign.",
    )
    campaign_quotation_count = fields.Integer(
        string="Quotations",
        compute="_compute_results",
        help="Quotations (draft or sent) carrying this campaign.",
    )
    campaign_order_count = fields.Integer(
        string="Confirmed Orders",
        compute="_compute_results",
        help="Confirmed sales and subscription orders carrying this campaign.",
    )
    campaign_revenue = fields.Monetary(
        string="Revenue",
        currency_field="currency_id",
        compute="_compute_results",
        help="Untaxed amount of the confirmed orders, each converted to the "
        "company currency at the order's own rate.",
    )
    cost_per_order = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_results",
        help="Budget divided by the confirmed orders.",
    )

    # === COMPUTE METHODS ===

    def _compute_results(self):
        """MC-5: the campaigns' rows of Campaign Analysis, in one query; they
        count every target, opportunity and order of the campaign, whoever
        reads it."""
        results = self.env["sale.campaign.report"]._get_results(self._origin.ids)
        for campaign in self:
            result = results.get(campaign._origin.id, {})
            for field_name, column in RESULT_FIELDS.items():
                campaign[field_name] = result.get(column, 0)

    # === CONSTRAINT METHODS ===

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

    # === ACTION METHODS ===

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

    def action_distribute_targets(self):
        """MC-8: the distribution wizard of this campaign's targets."""
        self.ensure_one()
        return self._action_open_wizard(
            "sale.campaign.target.distribute", self.env._("Distribute Targets")
        )

    def action_create_mass_quotations(self):
        """MC-11: the mass quotation wizard of this campaign."""
        self.ensure_one()
        return self._action_open_wizard(
            "sale.campaign.mass.quotation", self.env._("Mass Quotations")
        )

    def _action_open_wizard(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
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

    def action_view_campaign_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = expression.AND(
            [[("campaign_id", "=", self.id)], self._get_confirmed_order_domain()]
        )
        action["context"] = {"create": False}
        return action

    # === BUSINESS METHODS ===

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
                ("mailing_type", "=", self._get_mailing_type()),
                ("state", "=", "draft"),
            ],
            limit=1,
        )
        return mailing or self.env["mailing.mailing"].create(
            self._prepare_mailing_vals(mailing_model)
        )

    def _prepare_mailing_vals(self, mailing_model):
        self.ensure_one()
        body = self._get_mailing_default_body()
        return {
            "subject": self.title,
            "campaign_id": self.id,
            "mailing_type": self._get_mailing_type(),
            "mailing_model_id": mailing_model.id,
            "mailing_domain": repr(
                self.env["sale.campaign.target"]._get_mailing_recipient_domain(
                    self, self._get_mailing_type()
                )
            ),
            "user_id": self.user_id.id,
            "keep_archives": True,
            "body_arch": body,
            "body_html": body,
        }

    def _get_mailing_type(self):
        """Hook: the ``mailing.mailing`` type of the campaign's mailing."""
        return "mail"

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

    @api.model
    def _get_confirmed_order_domain(self):
        """MC-5 hook: the orders counted as a campaign's confirmed orders
        (confirmed sales and subscription orders), for its Orders button and,
        as SQL, for Campaign Analysis."""
        return [
            ("state", "=", "sale"),
            (
                "order_type",
                "in",
                self.env["sale.order"]._get_customer_making_order_types(),
            ),
        ]
