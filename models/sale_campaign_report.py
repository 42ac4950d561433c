# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL

from .utm_campaign_marketing import CAMPAIGN_STAGES
from .utm_campaign_marketing import CAMPAIGN_TYPES

# MC-9: the Campaign Analysis columns that add up over campaigns (a parent's
# results are their sums over its subcampaigns; the ratios are not)
SUMMED_COLUMNS = [
    "target_count",
    "opt_in_count",
    "contacted_count",
    "positive_count",
    "negative_count",
    "no_answer_count",
    "response_count",
    "opportunity_count",
    "quotation_count",
    "order_count",
    "revenue",
]


class SaleCampaignReport(models.Model):
    """MC-5 *Campaign Analysis*: one row of results per sales campaign. The one
    implementation of the results: the campaign's own result fields run the
    same query (``_get_results``) for the campaigns they show.

    Revenue is the untaxed amount of the confirmed orders, each converted to
    its company's currency at the order's own rate (``sale.order.currency_rate``,
    the rate of its order date), summed and rounded once to the campaign's
    currency; cost per order is the budget divided by the confirmed orders,
    rounded the same way. A row counts every target, opportunity and order of
    its campaign, whoever may see them.
    """

    _name = "sale.campaign.report"
    _description = "Campaign Analysis"
    _auto = False
    _order = "date_start desc, id desc"
    _rec_name = "campaign_id"
    _depends = {
        "utm.campaign": [
            "budget",
            "campaign_stage",
            "campaign_type",
            "company_id",
            "date_end",
            "date_start",
            "parent_id",
            "parent_path",
            "stage_id",
            "user_id",
        ],
        "sale.campaign.target": ["campaign_id", "contacted", "opt_in", "response"],
        "crm.lead": ["campaign_id", "type"],
        "sale.order": [
            "amount_untaxed",
            "campaign_id",
            "currency_rate",
            "order_type",
            "state",
        ],
        "res.company": ["currency_id"],
        "res.currency": ["rounding"],
    }

    # === FIELDS ===

    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    campaign_type = fields.Selection(CAMPAIGN_TYPES, readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    stage_id = fields.Many2one("utm.stage", readonly=True)
    campaign_stage = fields.Selection(CAMPAIGN_STAGES, readonly=True)
    parent_id = fields.Many2one("utm.campaign", string="Parent Campaign", readonly=True)
    top_campaign_id = fields.Many2one(
        "utm.campaign",
        string="Main Campaign",
        readonly=True,
        help="The campaign at the top of this one's subcampaign tree (itself "
        "when it has no parent): grouped by it, the rows add up to the main "
        "campaign's results.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(string="Start Date", readonly=True)
    date_end = fields.Date(string="End Date", readonly=True)
    budget = fields.Monetary(currency_field="currency_id", readonly=True)
    target_count = fields.Integer(string="Targets", readonly=True)
    opt_in_count = fields.Integer(string="Opted-in Targets", readonly=True)
    contacted_count = fields.Integer(string="Contacted", readonly=True)
    positive_count = fields.Integer(string="Positive Responses", readonly=True)
    negative_count = fields.Integer(string="Negative Responses", readonly=True)
    no_answer_count = fields.Integer(string="No Answer", readonly=True)
    response_count = fields.Integer(
        string="Responses",
        readonly=True,
        help="Positive and negative responses.",
    )
    # ratios do not add up over several campaigns: no pivot measure
    response_rate = fields.Float(
        string="Response Rate (%)",
        aggregator=None,
        readonly=True,
        help="Responses (positive or negative) per contacted target, in percent.",
    )
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    quotation_count = fields.Integer(string="Quotations", readonly=True)
    order_count = fields.Integer(string="Confirmed Orders", readonly=True)
    revenue = fields.Monetary(currency_field="currency_id", readonly=True)
    cost_per_order = fields.Monetary(
        currency_field="currency_id",
        aggregator=None,
        readonly=True,
        help="Budget divided by the confirmed orders.",
    )

    # === BUSINESS METHODS ===

    @property
    def _table_query(self):
        return self._get_results_query(SQL("c.campaign_type IS NOT NULL"))

    @api.model
    def _get_results(self, campaign_ids):
        """{campaign id: {column: value}}: the results of these campaigns, with
        or without a campaign type, each with its subcampaigns (MC-9), in one
        query (the campaigns' result fields)."""
        if not campaign_ids:
            return {}
        for model_name, field_names in self._depends.items():
            self.env[model_name].flush_model(field_names)
        rows = self.env.execute_query_dict(
            self._get_rolled_up_results_query(tuple(campaign_ids))
        )
        return {row["id"]: row for row in rows}

    @api.model
    def _get_rolled_up_results_query(self, campaign_ids):
        """SQL: one row per campaign of ``campaign_ids``: the sum of the rows
        of the campaign and of every campaign below it (MC-9). Each target,
        opportunity and order belongs to one campaign, so it is counted once
        per campaign above it, never twice; the revenue is the sum of the
        campaigns' rounded revenues (what Campaign Analysis adds up when
        grouped by main campaign), the ratios are computed on the sums."""
        subtree = SQL(
            """
            c.id IN (
                SELECT sub.id
                  FROM utm_campaign sub
                  JOIN utm_campaign top
                    ON sub.parent_path LIKE top.parent_path || %s
                 WHERE top.id IN %s
            )
            """,
            "%",
            campaign_ids,
        )
        return SQL(
            """
            WITH own AS (%(own)s)
            SELECT top.id,
                   %(sums)s,
                   COALESCE(
                       100.0 * SUM(own.response_count)
                       / NULLIF(SUM(own.contacted_count), 0),
                       0
                   ) AS response_rate,
                   SUM(own.revenue) AS revenue,
                   COALESCE(%(cost_per_order)s, 0) AS cost_per_order
              FROM utm_campaign top
              JOIN own ON own.parent_path LIKE top.parent_path || %(any)s
         LEFT JOIN res_company company ON company.id = top.company_id
         LEFT JOIN res_currency currency ON currency.id = company.currency_id
             WHERE top.id IN %(campaign_ids)s
          GROUP BY top.id, currency.rounding
            """,
            own=self._get_results_query(subtree),
            sums=SQL(", ").join(
                SQL("SUM(own.%s) AS %s", SQL.identifier(name), SQL.identifier(name))
                for name in SUMMED_COLUMNS
                if name != "revenue"
            ),
            cost_per_order=self._round_to_currency(
                SQL("SUM(own.budget) / NULLIF(SUM(own.order_count), 0)")
            ),
            campaign_ids=campaign_ids,
            any="%",
        )

    @api.model
    def _get_results_query(self, condition):
        """SQL: one row of results per campaign ``c`` matching ``condition``."""
        # the orders the campaign's Orders button lists, as SQL on sale_order
        confirmed = (
            self.env["sale.order"]
            ._where_calc(self.env["utm.campaign"]._get_confirmed_order_domain())
            .where_clause
        )
        return SQL(
            """
            SELECT c.id, c.id AS campaign_id, c.campaign_type, c.user_id,
                   c.stage_id, c.campaign_stage, c.company_id, c.date_start,
                   c.date_end, c.parent_id, c.parent_path,
                   NULLIF(split_part(c.parent_path, '/', 1), '')::int
                       AS top_campaign_id,
                   COALESCE(c.budget, 0) AS budget,
                   t.target_count, t.opt_in_count, t.contacted_count,
                   t.positive_count, t.negative_count, t.no_answer_count,
                   t.positive_count + t.negative_count AS response_count,
                   COALESCE(
                       100.0 * (t.positive_count + t.negative_count)
                       / NULLIF(t.contacted_count, 0),
                       0
                   ) AS response_rate,
                   l.opportunity_count, o.quotation_count, o.order_count,
                   %(revenue)s AS revenue,
                   COALESCE(%(cost_per_order)s, 0) AS cost_per_order
              FROM utm_campaign c
         LEFT JOIN res_company company ON company.id = c.company_id
         LEFT JOIN res_currency currency ON currency.id = company.currency_id
        CROSS JOIN LATERAL (
                SELECT COUNT(*) AS target_count,
                       COUNT(*) FILTER (WHERE opt_in) AS opt_in_count,
                       COUNT(*) FILTER (WHERE contacted) AS contacted_count,
                       COUNT(*) FILTER (WHERE response = 'positive') AS positive_count,
                       COUNT(*) FILTER (WHERE response = 'negative') AS negative_count,
                       COUNT(*) FILTER (WHERE response = 'no_answer') AS no_answer_count
                  FROM sale_campaign_target
                 WHERE sale_campaign_target.campaign_id = c.id
                   ) t
        CROSS JOIN LATERAL (
                -- won, lost (archived) and open opportunities
                SELECT COUNT(*) AS opportunity_count
                  FROM crm_lead
                 WHERE crm_lead.campaign_id = c.id AND crm_lead.type = 'opportunity'
                   ) l
        CROSS JOIN LATERAL (
                SELECT COUNT(*) FILTER (WHERE state IN ('draft', 'sent'))
                           AS quotation_count,
                       COUNT(*) FILTER (WHERE %(confirmed)s) AS order_count,
                       COALESCE(
                           SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1.0))
                               FILTER (WHERE %(confirmed)s),
                           0
                       ) AS amount
                  FROM sale_order
                 WHERE sale_order.campaign_id = c.id
                   ) o
             WHERE %(condition)s
            """,
            condition=condition,
            confirmed=confirmed,
            revenue=self._round_to_currency(SQL("o.amount")),
            cost_per_order=self._round_to_currency(
                SQL("COALESCE(c.budget, 0) / NULLIF(o.order_count, 0)")
            ),
        )

    # === TOOLING ===

    @api.model
    def _round_to_currency(self, amount):
        """``amount`` (SQL) rounded to the rounding of the row's ``currency``,
        half away from zero like Odoo's ``float_round``; unrounded without a
        currency (a campaign without company)."""
        return SQL(
            "COALESCE(ROUND(%(amount)s / currency.rounding) * currency.rounding,"
            " %(amount)s)",
            amount=amount,
        )
