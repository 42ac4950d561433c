# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models
from odoo.tools import SQL

from .res_partner_lifecycle import RELATIONSHIP_STAGES


class ResPartnerStageReport(models.Model):
    """RL-3 funnel: one row per period a commercial partner spent in a stage.

    The periods come from the stage history; the period before the first
    change starts at the partner's creation. ``Partners Reached`` counts the
    partners that were ever in a stage, ``Partners Now`` those currently in
    it and ``Days in Stage`` averages the length of the periods (an open
    period counts until now).
    """

    _name = "res.partner.stage.report"
    _description = "Customer Funnel"
    _auto = False
    _order = "date_start desc"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "active",
            "commercial_partner_id",
            "company_id",
            "country_id",
            "create_date",
            "industry_id",
            "relationship_stage",
            "user_id",
        ],
        "res.partner.stage.history": ["date", "partner_id", "stage_from", "stage_to"],
    }

    # === FIELDS ===

    partner_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    stage = fields.Selection(
        RELATIONSHIP_STAGES, readonly=True, group_expand="_group_expand_stage"
    )
    date_start = fields.Datetime(string="In Stage Since", readonly=True)
    date_end = fields.Datetime(string="Left Stage On", readonly=True)
    is_current = fields.Boolean(string="Current Stage", readonly=True)
    partner_count = fields.Integer(
        string="Partners Reached", aggregator="count_distinct", readonly=True
    )
    current_count = fields.Integer(string="Partners Now", readonly=True)
    days_in_stage = fields.Float(
        string="Days in Stage", aggregator="avg", readonly=True
    )

    # === BUSINESS METHODS ===

    def _group_expand_stage(self, stages, domain):
        """The funnel lists every stage, in lifecycle order, even empty ones."""
        return [stage for stage, _label in RELATIONSHIP_STAGES]

    @property
    def _table_query(self):
        return SQL(
            """
            WITH history AS (
                SELECT h.id, h.partner_id, h.stage_from, h.stage_to, h.date,
                       LEAD(h.date) OVER w AS next_date,
                       ROW_NUMBER() OVER w AS seq
                  FROM res_partner_stage_history h
                WINDOW w AS (PARTITION BY h.partner_id ORDER BY h.date, h.id)
            ), periods AS (
                SELECT 2 * h.id AS id, h.partner_id, h.stage_to AS stage,
                       h.date AS date_start, h.next_date AS date_end
                  FROM history h
                 UNION ALL
                SELECT 2 * p.id + 1, p.id, COALESCE(h.stage_from, p.relationship_stage),
                       p.create_date, h.date
                  FROM res_partner p
             LEFT JOIN history h ON h.partner_id = p.id AND h.seq = 1
                 WHERE p.commercial_partner_id = p.id
            )
            SELECT s.id, s.partner_id, p.company_id, p.user_id, p.country_id,
                   p.industry_id, s.stage, s.date_start, s.date_end,
                   s.date_end IS NULL AS is_current,
                   s.partner_id AS partner_count,
                   CASE WHEN s.date_end IS NULL THEN 1 ELSE 0 END AS current_count,
                   EXTRACT(EPOCH FROM (
                       COALESCE(s.date_end, NOW() AT TIME ZONE 'UTC') - s.date_start
                   )) / 86400.0 AS days_in_stage
              FROM periods s
              JOIN res_partner p ON p.id = s.partner_id
             WHERE p.active
               AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
               AND NOT EXISTS (
                   SELECT 1 FROM res_users u WHERE u.partner_id = p.id AND NOT u.share
               )
            """
        )
