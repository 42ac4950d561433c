# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models
from odoo.tools import SQL

from .utm_campaign_marketing import CAMPAIGN_TYPES


class SaleCampaignReport(models.Model):
    """MC-5 for pivot and graph views: one row per sales campaign with its
    additive results. Revenue is the untaxed amount of the confirmed orders
    converted to the company currency at the order's rate."""

    _name = "sale.campaign.report"
    _description = "Campaign Analysis"
    _auto = False
    _order = "date_start desc, id desc"
    _rec_name = "campaign_id"

    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    campaign_type = fields.Selection(CAMPAIGN_TYPES, readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    stage_id = fields.Many2one("utm.stage", readonly=True)
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
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    quotation_count = fields.Integer(string="Quotations", readonly=True)
    order_count = fields.Integer(string="Confirmed Orders", readonly=True)
    revenue = fields.Monetary(currency_field="currency_id", readonly=True)

    _depends = {
        "utm.campaign": [
            "budget",
            "campaign_type",
            "company_id",
            "date_end",
            "date_start",
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
    }

    @property
    def _table_query(self):
        order_types = tuple(self.env["sale.order"]._get_customer_making_order_types())
        return SQL(
            """
            SELECT c.id, c.id AS campaign_id, c.campaign_type, c.user_id,
                   c.stage_id, c.company_id, c.date_start, c.date_end,
                   COALESCE(c.budget, 0) AS budget,
                   COALESCE(t.target_count, 0) AS target_count,
                   COALESCE(t.opt_in_count, 0) AS opt_in_count,
                   COALESCE(t.contacted_count, 0) AS contacted_count,
                   COALESCE(t.positive_count, 0) AS positive_count,
                   COALESCE(t.negative_count, 0) AS negative_count,
                   COALESCE(t.no_answer_count, 0) AS no_answer_count,
                   COALESCE(l.opportunity_count, 0) AS opportunity_count,
                   COALESCE(o.quotation_count, 0) AS quotation_count,
                   COALESCE(o.order_count, 0) AS order_count,
                   COALESCE(o.revenue, 0) AS revenue
              FROM utm_campaign c
         LEFT JOIN (
                SELECT campaign_id,
                       COUNT(*) AS target_count,
                       COUNT(*) FILTER (WHERE opt_in) AS opt_in_count,
                       COUNT(*) FILTER (WHERE contacted) AS contacted_count,
                       COUNT(*) FILTER (WHERE response = 'positive') AS positive_count,
                       COUNT(*) FILTER (WHERE response = 'negative') AS negative_count,
                       COUNT(*) FILTER (WHERE response = 'no_answer') AS no_answer_count
                  FROM sale_campaign_target
              GROUP BY campaign_id
                   ) t ON t.campaign_id = c.id
         LEFT JOIN (
                SELECT campaign_id, COUNT(*) AS opportunity_count
                  FROM crm_lead
                 WHERE type = 'opportunity' AND campaign_id IS NOT NULL
              GROUP BY campaign_id
                   ) l ON l.campaign_id = c.id
         LEFT JOIN (
                SELECT campaign_id,
                       COUNT(*) FILTER (WHERE state IN ('draft', 'sent'))
                           AS quotation_count,
                       COUNT(*) FILTER (
                           WHERE state = 'sale' AND order_type IN %(order_types)s
                       ) AS order_count,
                       SUM(amount_untaxed / COALESCE(NULLIF(currency_rate, 0), 1.0))
                           FILTER (
                               WHERE state = 'sale' AND order_type IN %(order_types)s
                           ) AS revenue
                  FROM sale_order
                 WHERE campaign_id IS NOT NULL
              GROUP BY campaign_id
                   ) o ON o.campaign_id = c.id
             WHERE c.campaign_type IS NOT NULL
            """,
            order_types=order_types,
        )
