# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.tools import SQL

# stock.move states that still bring goods (Odoo's incoming_qty uses the same)
OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class SaleBackorderItem(models.Model):
    """BO-2: the backorders of each item and warehouse against its stock.

    One row per product and warehouse with sales backorders. Everything is
    computed by one SQL query: the demand aggregates the sales backorder lines,
    on hand reads the quants of each row's product and warehouse, incoming
    aggregates the open moves.
    """

    _name = "sale.backorder.item"
    _inherit = ["backorder.report.mixin"]
    _description = "Backorders by Item"
    _auto = False
    _order = "qty_shortfall desc, requested_date, id"
    _depends = {
        # the demand is the sales backorder lines: their own dependencies follow
        "sale.backorder.line": [],
        "stock.quant": ["product_id", "location_id", "quantity", "reserved_quantity"],
        "stock.move": [
            "product_id",
            "product_qty",
            "state",
            "location_id",
            "location_dest_id",
            "location_final_id",
        ],
        "stock.location": ["usage", "warehouse_id"],
    }

    # === FIELDS ===

    uom_id = fields.Many2one(comodel_name="uom.uom", string="Unit", readonly=True)
    qty_demand = fields.Float(
        string="Demand",
        digits="Product Unit of Measure",
        readonly=True,
        help="Backorder quantity of the open sales order lines.",
    )
    qty_on_hand = fields.Float(
        string="On Hand",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity in the warehouse's internal locations.",
    )
    qty_reserved = fields.Float(
        string="Reserved",
        digits="Product Unit of Measure",
        readonly=True,
        help="Part of the on-hand quantity reserved by transfers.",
    )
    qty_free = fields.Float(
        string="Free",
        digits="Product Unit of Measure",
        readonly=True,
        help="On hand and not reserved.",
    )
    qty_incoming = fields.Float(
        string="Incoming",
        digits="Product Unit of Measure",
        readonly=True,
        help="Open receipts and transfers into the warehouse (purchases, "
        "manufacturing, resupply).",
    )
    qty_shortfall = fields.Float(
        string="Shortfall",
        digits="Product Unit of Measure",
        readonly=True,
        help="Demand minus on hand minus incoming, when positive: what still "
        "has to be sourced.",
    )
    amount_backorder = fields.Monetary(
        string="Backorder Value", readonly=True, currency_field="currency_id"
    )
    line_count = fields.Integer(string="Lines", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    requested_date = fields.Date(
        string="First Requested Date",
        readonly=True,
        aggregator="min",
        help="The earliest requested date of the item's backorders.",
    )
    confirmed_date = fields.Date(
        string="First Confirmed Date",
        readonly=True,
        aggregator="min",
        help="The earliest confirmed date of the item's backorders; a cut-off "
        "date keeps the items with a backorder due before it.",
    )
    days_late = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days late of the item's latest backorder (from its confirmed date).",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        compute="_compute_user_id",
        search="_search_user_id",
        help="Search items by the salesperson of their backorders.",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for item in self:
            item.display_name = (
                f"{item.product_id.display_name} - {item.warehouse_id.name}"
                if item.warehouse_id
                else item.product_id.display_name
            )

    def _compute_user_id(self):
        self.user_id = False

    def _search_user_id(self, operator, value):
        lines = self.env["sale.backorder.line"]._read_group(
            [("user_id", operator, value)], groupby=["product_id"]
        )
        return [("product_id", "in", [product.id for (product,) in lines])]

    # === ACTION METHODS ===

    def action_open_lines(self):
        """The sales backorder lines behind this row."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_backorder_line_action"
        )
        action["domain"] = [
            ("product_id", "=", self.product_id.id),
            ("warehouse_id", "=", self.warehouse_id.id),
        ]
        action["context"] = {}
        action["display_name"] = self.env._(
            "Backorders of %(item)s", item=self.display_name
        )
        return action

    def action_distribute_stock(self):
        """BO-3: open the stock distribution of this item and warehouse."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_backorder_distribution_action"
        )
        action["context"] = {
            "default_product_id": self.product_id.id,
            "default_warehouse_id": self.warehouse_id.id,
        }
        return action

    def action_open_forecast(self):
        self.ensure_one()
        return self.product_id.with_context(
            warehouse_id=self.warehouse_id.id
        ).action_product_forecast_report()

    # === BUSINESS METHODS ===

    @property
    def _table_query(self):
        return self._query()

    def _query(self):
        """No CTE on purpose: a filter on the product (or warehouse) of the
        outer query is pushed down into the demand and incoming subqueries
        (grouped by those columns), so that one item reads its own rows only
        through the partial index."""
        return SQL(
            """
            SELECT %(select)s
            FROM (%(demand)s) demand
            LEFT JOIN LATERAL (%(stock)s) stock ON TRUE
            LEFT JOIN (%(incoming)s) incoming
                ON incoming.product_id = demand.product_id
                AND incoming.warehouse_id = demand.warehouse_id
            """,
            select=self._select(),
            demand=self._query_demand(),
            stock=self._query_stock(),
            incoming=self._query_incoming(),
        )

    def _select(self):
        on_hand = SQL("COALESCE(stock.qty_on_hand, 0)")
        reserved = SQL("COALESCE(stock.qty_reserved, 0)")
        incoming = SQL("COALESCE(incoming.qty_incoming, 0)")
        return SQL(
            """
            demand.id,
            demand.product_id,
            demand.product_tmpl_id,
            demand.categ_id,
            demand.uom_id,
            demand.warehouse_id,
            demand.company_id,
            demand.qty_demand,
            %(on_hand)s AS qty_on_hand,
            %(reserved)s AS qty_reserved,
            %(on_hand)s - %(reserved)s AS qty_free,
            %(incoming)s AS qty_incoming,
            GREATEST(demand.qty_demand - %(on_hand)s - %(incoming)s, 0)
                AS qty_shortfall,
            demand.amount_backorder,
            demand.line_count,
            demand.order_count,
            demand.requested_date,
            demand.confirmed_date,
            demand.days_late
            """,
            on_hand=on_hand,
            reserved=reserved,
            incoming=incoming,
        )

    @api.model
    def _query_demand(self):
        """The sales backorders (BO-1) summed per product and warehouse. The
        smallest line id identifies the row: unique and stable while the
        item has backorders. Grouped by the product, warehouse and company
        only (the template, category and unit follow the product): a narrow
        sort key keeps the sort of 100,000 lines in memory."""
        return SQL(
            """
            SELECT MIN(line.id) AS id,
                line.product_id,
                MIN(line.product_tmpl_id) AS product_tmpl_id,
                MIN(line.categ_id) AS categ_id,
                MIN(line.uom_id) AS uom_id,
                line.warehouse_id,
                line.company_id,
                SUM(line.product_qty_backorder) AS qty_demand,
                SUM(line.amount_backorder) AS amount_backorder,
                COUNT(*) AS line_count,
                COUNT(DISTINCT line.order_id) AS order_count,
                MIN(line.requested_date) AS requested_date,
                MIN(line.confirmed_date) AS confirmed_date,
                MAX(line.days_late) AS days_late
            FROM (%s) line
            GROUP BY line.product_id, line.warehouse_id, line.company_id
            """,
            self.env["sale.backorder.line"]._query(),
        )

    @api.model
    def _query_stock(self):
        """On hand and reserved in the warehouse of a demand row (a lateral
        subquery: a product has few quants, read through their product
        index)."""
        return SQL(
            """
            SELECT SUM(quant.quantity) AS qty_on_hand,
                SUM(quant.reserved_quantity) AS qty_reserved
            FROM stock_quant quant
            JOIN stock_location location ON location.id = quant.location_id
            WHERE quant.product_id = demand.product_id
                AND location.warehouse_id = demand.warehouse_id
                AND location.usage = 'internal'
            """
        )

    @api.model
    def _query_incoming(self):
        """Open moves into a warehouse from outside it, per product and
        warehouse (like Odoo's incoming quantity of a warehouse). Only open
        moves are read, through the index on their state."""
        return SQL(
            """
            SELECT move.product_id,
                destination.warehouse_id,
                SUM(move.product_qty) AS qty_incoming
            FROM stock_move move
            JOIN stock_location destination
                ON destination.id = COALESCE(
                    move.location_final_id, move.location_dest_id)
            JOIN stock_location source ON source.id = move.location_id
            WHERE move.state IN %s
                AND destination.warehouse_id IS NOT NULL
                AND source.warehouse_id IS DISTINCT FROM destination.warehouse_id
            GROUP BY move.product_id, destination.warehouse_id
            """,
            OPEN_MOVE_STATES,
        )
