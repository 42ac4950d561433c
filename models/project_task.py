# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models


class ProjectTask(models.Model):
    _inherit = "project.task"

    material_ids = fields.One2many(
        comodel_name="project.task.material",
        inverse_name="task_id",
        string="Materials",
        copy=False,
    )
    item_requirement_order_ids = fields.Many2many(
        comodel_name="sale.order",
        string="Item Requirements",
        compute="_compute_item_requirement_order_ids",
    )
    item_requirement_order_count = fields.Integer(
        compute="_compute_item_requirement_order_ids"
    )

    def _compute_item_requirement_order_ids(self):
        # sudo: project users see which order their material went to
        materials = (
            self.env["project.task.material"]
            .sudo()
            .search_fetch([("task_id", "in", self.ids)], ["task_id", "sale_line_id"])
        )
        by_task = {}
        for material in materials:
            by_task.setdefault(material.task_id.id, set()).add(
                material.sale_line_id.order_id.id
            )
        for task in self:
            ids = [i for i in by_task.get(task.id, ()) if i]
            task.item_requirement_order_ids = [(6, 0, ids)]
            task.item_requirement_order_count = len(ids)

    def action_view_item_requirement_orders(self):
        self.ensure_one()
        orders = self.item_requirement_order_ids
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Item Requirements"),
            "res_model": "sale.order",
            "domain": [("id", "in", orders.ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
        }
        if len(orders) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=orders.id)
        return action
