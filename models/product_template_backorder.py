# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # === FIELDS ===

    sale_backorder_qty = fields.Float(
        string="Backorders",
        digits="Product Unit of Measure",
        compute="_compute_sale_backorder_qty",
        groups="sales_team.group_sale_salesman",
        help="Quantity still to deliver on open sales orders.",
    )

    # === COMPUTE METHODS ===

    def _compute_sale_backorder_qty(self):
        groups = self.env["sale.backorder.line"]._read_group(
            [("product_tmpl_id", "in", self._origin.ids)],
            groupby=["product_tmpl_id"],
            aggregates=["product_qty_backorder:sum"],
        )
        quantities = {template.id: qty for template, qty in groups}
        for template in self:
            template.sale_backorder_qty = quantities.get(template._origin.id, 0.0)

    # === ACTION METHODS ===

    def action_view_sale_backorders(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_backorder_line_action"
        )
        action["domain"] = [("product_tmpl_id", "in", self.ids)]
        action["context"] = {}
        return action
