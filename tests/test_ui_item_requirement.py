# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestUiItemRequirement(HttpCase):
    def test_tour_material_on_a_task_opens_the_item_requirement(self):
        partner = self.env["res.partner"].create({"name": "Tour Projektkund AB"})
        product = self.env["product.product"].create(
            {"name": "Tour Cable Drum", "type": "consu", "list_price": 120}
        )
        project = self.env["project.project"].create(
            {"name": "Tour Projekt", "partner_id": partner.id}
        )
        task = self.env["project.task"].create(
            {"name": "Tour Dra kabel", "project_id": project.id}
        )
        self.start_tour(
            f"/odoo/action-project.action_view_all_task/{task.id}",
            "sales_marketing_item_requirement_tour",
            login="admin",
        )
        order = task.material_ids.sale_order_id
        self.assertEqual(order.order_type, "item_requirement")
        self.assertEqual(order.partner_id, partner)
        self.assertEqual(order.order_line.product_id, product)
        self.assertEqual(order.order_line.product_uom_qty, 3)
