# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class ProjectTask(models.Model):
    _inherit = "project.task"

    # === FIELDS ===

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

    # === COMPUTE METHODS ===

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

    # === CRUD METHODS ===

    def write(self, vals):
        moved = self.browse()
        if "project_id" in vals:
            # Odoo's access rules speak first; the material is read as sudo: a
            # project sharing collaborator (portal) may write a task without
            # the right to read its material
            self.check_access("write")
            moved = self.filtered(
                lambda task: (
                    task.sudo().material_ids
                    and task.project_id.id != vals["project_id"]
                )
            )
            moved.sudo()._check_material_movable()
        result = super().write(vals)
        if moved:
            # OT-5: the undelivered material follows the task to the open item
            # requirement order of its new project
            moved.sudo().material_ids._sync_item_requirements()
        return result

    def unlink(self):
        # OT-5: deleting a task deletes its material the way deleting the
        # material lines does (refused for delivered material), instead of
        # PostgreSQL's cascade that would leave the order lines behind.
        # Subtasks go with their task (as in project.task.unlink).
        # Odoo's access rules speak first, in the order of project's own
        # unlink (which reads the tasks, then deletes them); the material is
        # then removed as sudo: a project sharing collaborator (portal) may
        # not read it, and it still goes under its own rules (delivered
        # material: refused).
        tasks = self | self._get_all_subtasks()
        tasks.check_access("read")
        tasks.check_access("unlink")
        tasks.sudo().with_context(active_test=False).material_ids.unlink()
        return super().unlink()

    # === ACTION METHODS ===

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

    # === BUSINESS METHODS ===

    def _check_material_movable(self):
        """A task whose material was already delivered stays on its project:
        the goods went to that project's customer."""
        delivered = self.material_ids.filtered(
            lambda m: m.sale_line_id.sudo().qty_delivered
        )
        if delivered:
            raise UserError(
                self.env._(
                    "%(tasks)s: material already delivered on the item requirement "
                    "order of project %(project)s, the task cannot move to another "
                    "project. Return the goods first.",
                    tasks=", ".join(delivered.task_id.mapped("display_name")),
                    project=", ".join(delivered.project_id.mapped("display_name")),
                )
            )
