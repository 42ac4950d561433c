# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import fields
from odoo import models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .sale_order import ORDER_TYPES

# BO-1: the order types whose open lines are backorders (never journals, which
# are never confirmed, nor returned orders, which receive goods).
BACKORDER_ORDER_TYPES = ("sales", "subscription", "item_requirement")

# The partial index on sale_order_line (created by this report's init()) that
# serves every query of the backorder reports; the reports' WHERE clause repeats
# these conditions word for word so that PostgreSQL can prove the index applies.
SALE_LINE_BACKORDER_INDEX = "sale_order_line_backorder_index"
SALE_LINE_BACKORDER_PREDICATE = (
    "{t}state = 'sale' AND {t}sales_status = 'open'"
    " AND {t}qty_delivered_method = 'stock_move'"
)


class SaleBackorderLine(models.Model):
    """BO-1: one row per open sales order line still (partly) to deliver."""

    _name = "sale.backorder.line"
    _inherit = ["backorder.line.report.mixin"]
    _description = "Sales Backorder Line"
    _auto = False
    _order = "priority desc, confirmed_date, id"
    _depends = {
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "qty_delivered",
            "qty_deliver_remainder",
            "qty_delivered_method",
            "sales_status",
            "state",
            "warehouse_id",
            "customer_lead",
            "price_reduce_taxexcl",
            "requested_date",
            "confirmed_date",
        ],
        "sale.order": [
            "name",
            "partner_id",
            "partner_shipping_id",
            "user_id",
            "team_id",
            "company_id",
            "order_type",
            "priority",
            "date_order",
            "commitment_date",
            "currency_rate",
        ],
        "res.partner": ["commercial_partner_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
    }

    # === FIELDS ===

    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", readonly=True
    )
    order_id = fields.Many2one(comodel_name="sale.order", readonly=True)
    order_type = fields.Selection(selection=ORDER_TYPES, readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        readonly=True,
        help="The customer entity (commercial partner) of the order.",
    )
    partner_shipping_id = fields.Many2one(
        comodel_name="res.partner", string="Delivery Address", readonly=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="crm.team", string="Sales Team", readonly=True
    )
    product_uom_qty = fields.Float(
        string="Ordered", digits="Product Unit of Measure", readonly=True
    )
    qty_delivered = fields.Float(
        string="Delivered", digits="Product Unit of Measure", readonly=True
    )
    qty_backorder = fields.Float(
        string="Backorder Qty",
        digits="Product Unit of Measure",
        readonly=True,
        help="Ordered minus delivered, in the line's unit.",
    )
    qty_reserved = fields.Float(
        string="Reserved",
        digits="Product Unit of Measure",
        compute="_compute_qty_reserved",
        help="What the open deliveries of this line already hold in stock, in "
        "the product's unit.",
    )
    amount_backorder = fields.Monetary(
        string="Backorder Value",
        readonly=True,
        help="Untaxed value of the backorder quantity, in the company's currency.",
    )
    requested_date = fields.Date(
        readonly=True,
        help="The date the customer asked for (the order line's).",
    )
    confirmed_date = fields.Date(
        readonly=True,
        help="The date we promised (the order line's); a backorder cut-off "
        "date keeps the lines due before it.",
    )
    days_late = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days since the confirmed date (0 while it is not past).",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.order_id.name} - {line.product_id.display_name}"
                if line.order_id
                else False
            )

    def _compute_qty_reserved(self):
        """Reserved quantities of the lines' open deliveries, in one query."""
        reserved = defaultdict(float)
        groups = self.env["stock.move"]._read_group(
            [
                ("sale_line_id", "in", self.ids),
                ("state", "in", ("partially_available", "assigned")),
                ("location_dest_id.usage", "=", "customer"),
            ],
            groupby=["sale_line_id", "product_uom"],
            aggregates=["quantity:sum"],
        )
        for sale_line, uom, quantity in groups:
            reserved[sale_line.id] += uom._compute_quantity(
                quantity, sale_line.product_id.uom_id, round=False
            )
        for line in self:
            line.qty_reserved = reserved[line.id]

    # === CRUD METHODS ===

    def init(self):
        res = super().init()
        # after every model is set up: the index covers our sales_status column
        self.pool.post_init(self._create_order_line_index)
        return res

    # === ACTION METHODS ===

    def action_reschedule(
        self, confirmed_date=None, from_purchase=False, send_delay_notice=False
    ):
        """BO-5: give these backorder lines a new confirmed date
        (``confirmed_date``), or the dates the purchase lines feeding them
        deliver by (``from_purchase``); ``send_delay_notice``: BO-6, one e-mail
        per customer of the lines moved later. Without a date nor
        ``from_purchase``: the rescheduling dialog of the selection."""
        if not confirmed_date and not from_purchase:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reschedule"),
                "res_model": "sale.backorder.reschedule",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "active_model": self._name,
                    "active_ids": self.ids,
                },
            }
        lines = self.sale_line_id
        if from_purchase:
            dates = {
                line: date
                for line, (date, _purchase_line) in (
                    lines._get_purchase_supply_dates().items()
                )
            }
        else:
            dates = dict.fromkeys(lines, fields.Date.to_date(confirmed_date))
        changes = lines._reschedule_confirmed_dates(dates) if dates else {}
        if send_delay_notice and changes:
            lines._send_delay_notices(changes)
        return True

    # === BUSINESS METHODS ===

    def _create_order_line_index(self):
        create_index(
            self.env.cr,
            SALE_LINE_BACKORDER_INDEX,
            self.env["sale.order.line"]._table,
            ["product_id", "warehouse_id"],
            where=SALE_LINE_BACKORDER_PREDICATE.format(t=""),
        )

    @property
    def _table_query(self):
        return self._query()

    def _query(self):
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            self._select(),
            self._from(),
            self._where(),
        )

    def _select(self):
        requested_date = SQL(
            "COALESCE(sol.requested_date, %s)",
            self._sql_local_date(
                SQL(
                    "COALESCE(so.commitment_date,"
                    " so.date_order + sol.customer_lead * INTERVAL '1 day')"
                )
            ),
        )
        confirmed_date = SQL("COALESCE(sol.confirmed_date, %s)", requested_date)
        return SQL(
            """
            sol.id AS id,
            sol.id AS sale_line_id,
            sol.order_id AS order_id,
            so.order_type AS order_type,
            COALESCE(so.priority, '0') AS priority,
            partner.commercial_partner_id AS partner_id,
            so.partner_shipping_id AS partner_shipping_id,
            so.user_id AS user_id,
            so.team_id AS team_id,
            so.company_id AS company_id,
            sol.warehouse_id AS warehouse_id,
            sol.product_id AS product_id,
            product.product_tmpl_id AS product_tmpl_id,
            template.categ_id AS categ_id,
            sol.product_uom AS product_uom_id,
            template.uom_id AS uom_id,
            sol.product_uom_qty AS product_uom_qty,
            sol.qty_delivered AS qty_delivered,
            sol.qty_deliver_remainder AS qty_backorder,
            sol.qty_deliver_remainder / line_uom.factor * product_uom.factor
                AS product_qty_backorder,
            %(amount)s AS amount_backorder,
            so.date_order AS date_order,
            %(requested_date)s AS requested_date,
            %(confirmed_date)s AS confirmed_date,
            %(days_late)s AS days_late
            """,
            amount=self._sql_company_amount(
                SQL("sol.qty_deliver_remainder * sol.price_reduce_taxexcl"),
                SQL("so.currency_rate"),
            ),
            requested_date=requested_date,
            confirmed_date=confirmed_date,
            days_late=self._sql_days_late(confirmed_date),
        )

    def _from(self):
        return SQL(
            """
            sale_order_line sol
            JOIN sale_order so ON so.id = sol.order_id
            JOIN res_partner partner ON partner.id = so.partner_id
            JOIN product_product product ON product.id = sol.product_id
            JOIN product_template template ON template.id = product.product_tmpl_id
            JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
            JOIN uom_uom product_uom ON product_uom.id = template.uom_id
            JOIN %s ON account_currency_table.company_id = so.company_id
            """,
            self._sql_currency_table(),
        )

    def _where(self):
        """BO-1: confirmed lines of goods of the backorder order types with
        something left to deliver."""
        return SQL(
            "%s AND sol.qty_deliver_remainder > 0 AND so.order_type IN %s",
            SQL(SALE_LINE_BACKORDER_PREDICATE.format(t="sol.")),
            BACKORDER_ORDER_TYPES,
        )
