# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models
from odoo.tools import SQL
from odoo.tools.sql import create_index

# the partial index of purchase_order_line (this report's init()) serving
# the purchase backorders; the WHERE clause below repeats it word for word
PURCHASE_LINE_BACKORDER_INDEX = "purchase_order_line_backorder_index"
PURCHASE_LINE_BACKORDER_PREDICATE = (
    "{t}state IN ('purchase', 'done') AND {t}qty_received_method = 'stock_moves'"
    " AND {t}product_qty > {t}qty_received"
)


class PurchaseBackorderLine(models.Model):
    """BO-1: one row per confirmed purchase order line of goods not fully
    received yet, whose receipt is still open."""

    _name = "purchase.backorder.line"
    _inherit = ["backorder.line.report.mixin"]
    _description = "Purchase Backorder Line"
    _auto = False
    _order = "priority desc, date_planned, id"
    _depends = {
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_qty",
            "qty_received",
            "qty_received_method",
            "state",
            "price_subtotal",
            "date_planned",
        ],
        "purchase.order": [
            "name",
            "partner_id",
            "partner_ref",
            "user_id",
            "company_id",
            "picking_type_id",
            "priority",
            "date_order",
            "currency_rate",
        ],
        "stock.picking.type": ["warehouse_id"],
        "stock.move": ["purchase_line_id", "state"],
        "res.partner": ["commercial_partner_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "uom_id"],
        "uom.uom": ["factor"],
    }

    # === FIELDS ===

    purchase_line_id = fields.Many2one(
        comodel_name="purchase.order.line",
        readonly=True,
        groups="purchase.group_purchase_user",
    )
    order_id = fields.Many2one(
        comodel_name="purchase.order",
        string="Purchase Order",
        readonly=True,
        groups="purchase.group_purchase_user",
    )
    order_reference = fields.Char(readonly=True)
    partner_ref = fields.Char(string="Vendor Reference", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Vendor",
        readonly=True,
        help="The vendor entity (commercial partner) of the purchase order.",
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Buyer", readonly=True)
    product_qty = fields.Float(
        string="Ordered", digits="Product Unit of Measure", readonly=True
    )
    qty_received = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    qty_backorder = fields.Float(
        string="Backorder Qty",
        digits="Product Unit of Measure",
        readonly=True,
        help="Ordered minus received, in the line's unit.",
    )
    amount_backorder = fields.Monetary(
        string="Backorder Value",
        readonly=True,
        groups="purchase.group_purchase_user",
        help="Untaxed value still to receive, in the company's currency.",
    )
    date_planned = fields.Date(
        string="Expected Date",
        readonly=True,
        help="The date the vendor is expected to deliver the line.",
    )
    days_late = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days since the expected date (0 while it is not past).",
    )

    # === COMPUTE METHODS ===

    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.order_reference} - {line.product_id.display_name}"
            )

    # === CRUD METHODS ===

    def init(self):
        res = super().init()
        create_index(
            self.env.cr,
            PURCHASE_LINE_BACKORDER_INDEX,
            self.env["purchase.order.line"]._table,
            ["product_id"],
            where=PURCHASE_LINE_BACKORDER_PREDICATE.format(t=""),
        )
        return res

    # === ACTION METHODS ===

    # === BUSINESS METHODS ===

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
        date_planned = self._sql_local_date(SQL("pol.date_planned"))
        return SQL(
            """
            pol.id AS id,
            pol.id AS purchase_line_id,
            pol.order_id AS order_id,
            po.name AS order_reference,
            po.partner_ref AS partner_ref,
            COALESCE(po.priority, '0') AS priority,
            partner.commercial_partner_id AS partner_id,
            po.user_id AS user_id,
            po.company_id AS company_id,
            picking_type.warehouse_id AS warehouse_id,
            pol.product_id AS product_id,
            product.product_tmpl_id AS product_tmpl_id,
            template.categ_id AS categ_id,
            pol.product_uom AS product_uom_id,
            template.uom_id AS uom_id,
            pol.product_qty AS product_qty,
            pol.qty_received AS qty_received,
            pol.product_qty - pol.qty_received AS qty_backorder,
            (pol.product_qty - pol.qty_received) / line_uom.factor * product_uom.factor
                AS product_qty_backorder,
            %(amount)s AS amount_backorder,
            po.date_order AS date_order,
            %(date_planned)s AS date_planned,
            %(days_late)s AS days_late
            """,
            amount=self._sql_company_amount(
                SQL(
                    "pol.price_subtotal * (pol.product_qty - pol.qty_received)"
                    " / pol.product_qty"
                ),
                SQL("po.currency_rate"),
            ),
            date_planned=date_planned,
            days_late=self._sql_days_late(date_planned),
        )

    def _from(self):
        return SQL(
            """
            purchase_order_line pol
            JOIN purchase_order po ON po.id = pol.order_id
            JOIN res_partner partner ON partner.id = po.partner_id
            JOIN product_product product ON product.id = pol.product_id
            JOIN product_template template ON template.id = product.product_tmpl_id
            JOIN uom_uom line_uom ON line_uom.id = pol.product_uom
            JOIN uom_uom product_uom ON product_uom.id = template.uom_id
            LEFT JOIN stock_picking_type picking_type
                ON picking_type.id = po.picking_type_id
            JOIN %s ON account_currency_table.company_id = po.company_id
            """,
            self._sql_currency_table(),
        )

    def _where(self):
        """BO-1: confirmed lines of goods received by stock moves with less
        received than ordered, while a receipt for them is still open (a
        remainder the buyer cancelled, e.g. by validating a receipt without
        backorder, is not owed by the vendor any more)."""
        return SQL(
            """
            %s
            AND EXISTS (
                SELECT 1 FROM stock_move move
                WHERE move.purchase_line_id = pol.id
                    AND move.state NOT IN ('draft', 'done', 'cancel')
            )
            """,
            SQL(PURCHASE_LINE_BACKORDER_PREDICATE.format(t="pol.")),
        )
