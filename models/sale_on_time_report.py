# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models
from odoo.tools import SQL

# the order types delivering goods to customers once (not subscription
# periods, nor returns)
ON_TIME_ORDER_TYPES = ("sales", "item_requirement")


class SaleOnTimeReport(models.Model):
    """BO-7: one row per order line delivered in full, with whether it was
    delivered by its confirmed date and how many days late; grouped by
    customer, product and month, averages give the on-time share and the
    average days late. Read from stored columns only."""

    _name = "sale.on.time.report"
    _description = "On-time Delivery"
    _auto = False
    _order = "date_delivered desc, id"
    _depends = {
        "sale.order.line": [
            "order_id",
            "product_id",
            "warehouse_id",
            "confirmed_date",
            "date_delivered",
            "delivery_days_late",
            "display_type",
        ],
        "sale.order": ["partner_id", "user_id", "team_id", "company_id", "order_type"],
        "res.partner": ["commercial_partner_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
    }

    # === FIELDS ===

    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", readonly=True
    )
    order_id = fields.Many2one(comodel_name="sale.order", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        readonly=True,
        help="The customer entity (commercial partner) of the order.",
    )
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="crm.team", string="Sales Team", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    confirmed_date = fields.Date(readonly=True)
    date_delivered = fields.Date(string="Delivery Date", readonly=True)
    on_time_rate = fields.Float(
        string="On Time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the lines delivered by their confirmed date.",
    )
    days_late = fields.Float(
        string="Average Days Late",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Days between the confirmed date and the delivery, on average (0 "
        "for a line on time).",
    )
    late_count = fields.Integer(string="Late Lines", readonly=True, aggregator="sum")

    # === BUSINESS METHODS ===

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT sol.id AS id,
                sol.id AS sale_line_id,
                sol.order_id AS order_id,
                partner.commercial_partner_id AS partner_id,
                sol.product_id AS product_id,
                product.product_tmpl_id AS product_tmpl_id,
                template.categ_id AS categ_id,
                so.user_id AS user_id,
                so.team_id AS team_id,
                so.company_id AS company_id,
                sol.warehouse_id AS warehouse_id,
                sol.confirmed_date AS confirmed_date,
                sol.date_delivered AS date_delivered,
                CASE WHEN COALESCE(sol.delivery_days_late, 0) = 0
                    THEN 100.0 ELSE 0.0 END AS on_time_rate,
                COALESCE(sol.delivery_days_late, 0) AS days_late,
                CASE WHEN COALESCE(sol.delivery_days_late, 0) = 0
                    THEN 0 ELSE 1 END AS late_count
            FROM sale_order_line sol
            JOIN sale_order so ON so.id = sol.order_id
            JOIN res_partner partner ON partner.id = so.partner_id
            JOIN product_product product ON product.id = sol.product_id
            JOIN product_template template ON template.id = product.product_tmpl_id
            WHERE sol.date_delivered IS NOT NULL
                AND so.order_type IN %s
            """,
            ON_TIME_ORDER_TYPES,
        )
