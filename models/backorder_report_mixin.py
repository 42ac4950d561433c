# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pytz

from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL


class BackorderReportMixin(models.AbstractModel):
    """What the backorder reports share (BO-1, BO-2): the product, warehouse
    and company, dates as the user sees them, days late against the user's
    today, amounts in the current company's currency."""

    _name = "backorder.report.mixin"
    _description = "Backorder Report Helpers"

    # === FIELDS ===

    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_currency_id",
    )

    # === COMPUTE METHODS ===

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    # === BUSINESS METHODS ===

    @api.model
    def _get_backorder_tz(self):
        tz = self.env.context.get("tz") or self.env.user.tz
        return tz if tz in pytz.all_timezones_set else "UTC"

    @api.model
    def _sql_local_date(self, datetime_sql):
        """SQL turning a UTC timestamp column into the user's local date."""
        return SQL(
            "((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date",
            datetime_sql,
            self._get_backorder_tz(),
        )

    @api.model
    def _sql_days_late(self, date_sql):
        """SQL of the days elapsed since ``date_sql`` (0 when not late yet)."""
        return SQL(
            "GREATEST(%s::date - %s, 0)",
            fields.Date.context_today(self),
            date_sql,
        )

    @api.model
    def _sql_currency_table(self):
        """The rates from each allowed company's currency to the current one."""
        return self.env["res.currency"]._get_simple_currency_table(self.env.companies)

    @api.model
    def _sql_company_amount(self, amount_sql, currency_rate_sql):
        """SQL converting an amount in a document's currency to the current
        company's currency (as sale.report does)."""
        return SQL(
            "%s / CASE COALESCE(%s, 0) WHEN 0 THEN 1.0 ELSE %s END"
            " * account_currency_table.rate",
            amount_sql,
            currency_rate_sql,
            currency_rate_sql,
        )
