# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Item requirements (OT-5): the open item requirement order of a project."""

from odoo import api
from odoo import fields
from odoo import models

from .utils import lock_rows


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === FIELDS ===

    item_requirement_task_count = fields.Integer(
        compute="_compute_item_requirement_task_count"
    )

    # === COMPUTE METHODS ===

    def _compute_item_requirement_task_count(self):
        data = dict(
            self.env["project.task.material"]
            .sudo()
            ._read_group(
                [("sale_order_id", "in", self.ids)],
                ["sale_order_id"],
                ["task_id:count_distinct"],
            )
        )
        for order in self:
            order.item_requirement_task_count = data.get(order, 0)

    # === ACTION METHODS ===

    def action_view_item_requirement_tasks(self):
        self.ensure_one()
        tasks = (
            self.env["project.task.material"]
            .search([("sale_order_id", "=", self.id)])
            .task_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "project.action_view_all_task"
        )
        action["domain"] = [("id", "in", tasks.ids)]
        action["context"] = {"create": False}
        if len(tasks) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=tasks.id)
        return action

    # === BUSINESS METHODS ===

    @api.model
    def _get_item_requirement_orders(self, projects):
        """OT-5: {project: its open item requirement order}, creating the
        missing ones. Open: not cancelled, not locked, not fully invoiced;
        when a project's order is done, the next material opens a new one.
        Called as superuser only (nobody picks this type by hand)."""
        # one open item requirement per project, even with concurrent users:
        # the project rows are locked while their orders are looked up or made
        lock_rows(projects)
        orders = self.search(
            [
                ("order_type", "=", "item_requirement"),
                ("project_id", "in", projects.ids),
                ("state", "in", ("draft", "sent", "sale")),
                ("locked", "=", False),
                ("sales_status", "!=", "invoiced"),
            ],
            order="id desc",
        )
        result = {}
        for order in orders:
            result.setdefault(order.project_id, order)
        missing = projects.filtered(lambda p: p not in result)
        if missing:
            new_orders = self.create(
                [self._prepare_item_requirement_order_vals(p) for p in missing]
            )
            result.update(zip(missing, new_orders, strict=True))
        return result

    @api.model
    def _prepare_item_requirement_order_vals(self, project):
        partner = project.partner_id
        return {
            "order_type": "item_requirement",
            "partner_id": partner.id,
            "company_id": (project.company_id or self.env.company).id,
            "project_id": project.id,
            "origin": project.display_name,
            "user_id": (partner.commercial_partner_id.user_id or project.user_id).id,
        }
