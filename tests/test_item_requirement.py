# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import Form
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestItemRequirement(SalesMarketingCase):
    """OT-5/OT-6: item requirement orders from project consumption."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_user = new_test_user(
            cls.env,
            login="sm_ir_project",
            groups="project.group_project_user",
        )
        cls.project = cls.env["project.project"].create(
            {"name": "Kontorsbygget", "partner_id": cls.customer.id}
        )
        cls.task = cls.env["project.task"].create(
            {"name": "Montering", "project_id": cls.project.id}
        )
        cls.task2 = cls.env["project.task"].create(
            {"name": "Golv", "project_id": cls.project.id}
        )

    def _add(self, task, product, qty, **vals):
        task.write(
            {
                "material_ids": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, **vals}
                    )
                ]
            }
        )
        return task.material_ids[-1]

    def _orders(self, project=None):
        return self.env["sale.order"].search(
            [
                ("order_type", "=", "item_requirement"),
                ("project_id", "=", (project or self.project).id),
            ]
        )

    def test_ot5_material_creates_the_project_order(self):
        material = self._add(self.task.with_user(self.project_user), self.product, 4)
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_type, "item_requirement")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.project_id, self.project)
        self.assertEqual(order.state, "sale")
        self.assertEqual(material.sale_line_id.order_id, order)
        self.assertEqual(material.sale_line_id.product_uom_qty, 4)
        self.assertEqual(
            order.order_line.analytic_distribution,
            {str(self.project.account_id.id): 100}
            if self.project.account_id
            else False,
        )
        # a delivery for the consumed items
        self.assertEqual(order.picking_ids.move_ids.product_uom_qty, 4)
        self.assertEqual(self.task.item_requirement_order_ids, order)
        self.assertEqual(order.item_requirement_task_count, 1)
        # the customer does not become a customer by consumption (RL-2)
        self.assertEqual(self.customer.relationship_stage, "party")

    def test_ot5_one_order_per_project_one_line_per_material(self):
        self._add(self.task, self.product, 1)
        self._add(self.task, self.product_b, 2)
        self._add(self.task2, self.product, 3, note="Extra skruv")
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(len(order.order_line), 3)
        self.assertIn("Extra skruv", order.order_line[-1].name)
        self.assertEqual(order.item_requirement_task_count, 2)
        other = self.env["project.project"].create(
            {"name": "Annat projekt", "partner_id": self.customer.id}
        )
        other_task = self.env["project.task"].create(
            {"name": "X", "project_id": other.id}
        )
        self._add(other_task, self.product, 1)
        self.assertEqual(len(self._orders(other)), 1)
        self.assertNotEqual(self._orders(other), order)

    def test_ot5_sync_on_change_and_removal(self):
        material = self._add(self.task, self.product, 5)
        line = material.sale_line_id
        material.product_uom_qty = 7
        self.assertEqual(line.product_uom_qty, 7)
        material.write({"product_uom_qty": 2, "product_uom_id": self.uom_dozen.id})
        self.assertEqual(line.product_uom, self.uom_dozen)
        self.assertEqual(line.product_uom_qty, 2)
        # a confirmed line keeps its product (Odoo's rule): a new line takes
        # over and the old one has nothing left to deliver
        material.product_id = self.product_b
        new_line = material.sale_line_id
        self.assertNotEqual(new_line, line)
        self.assertEqual(new_line.product_id, self.product_b)
        self.assertEqual(line.product_uom_qty, 0)
        material.unlink()
        self.assertEqual(new_line.product_uom_qty, 0)
        self.assertEqual(new_line.qty_deliver_remainder, 0)

    def test_ot5_delivered_material_cannot_be_removed_or_reduced(self):
        material = self._add(self.task, self.product, 5)
        order = material.sale_order_id
        self._deliver(order, {self.product: 3.0})
        with self.assertRaisesRegex(UserError, "already delivered"):
            material.unlink()
        with self.assertRaisesRegex(UserError, "cannot be lower"):
            material.product_uom_qty = 2
        with self.assertRaisesRegex(UserError, "cannot change"):
            material.product_id = self.product_b
        self.assertTrue(material.exists())
        self.assertEqual(material.sale_line_id.product_uom_qty, 5)
        material.product_uom_qty = 6  # more is fine
        self.assertEqual(material.sale_line_id.product_uom_qty, 6)

    def test_ot5_deleting_a_task_removes_its_material_from_the_order(self):
        material = self._add(self.task, self.product, 7)
        line = material.sale_line_id
        kept = self._add(self.task2, self.product_b, 2)
        self.assertEqual(line.qty_deliver_remainder, 7)
        self.task.with_user(self.project_user).unlink()
        self.assertFalse(material.exists())
        self.assertEqual(line.product_uom_qty, 0)
        self.assertEqual(line.qty_deliver_remainder, 0)
        self.assertEqual(kept.sale_line_id.product_uom_qty, 2)
        delivery = self._orders().picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        pending = delivery.move_ids.filtered(
            lambda m: m.state != "cancel" and m.product_id == self.product
        )
        self.assertEqual(sum(pending.mapped("product_uom_qty")), 0)

    def test_ot5_deleting_a_task_with_delivered_material_refused(self):
        material = self._add(self.task, self.product, 5)
        self._deliver(material.sale_order_id, {self.product: 2.0})
        with self.assertRaisesRegex(UserError, "already delivered"):
            self.task.unlink()
        self.assertTrue(self.task.exists())
        self.assertTrue(material.exists())
        self.assertEqual(material.sale_line_id.product_uom_qty, 5)

    def test_ot5_deleting_a_parent_task_removes_the_subtask_material(self):
        subtask = self.env["project.task"].create(
            {
                "name": "Deluppgift",
                "project_id": self.project.id,
                "parent_id": self.task.id,
            }
        )
        material = self._add(subtask, self.product, 3)
        line = material.sale_line_id
        self.task.unlink()
        self.assertFalse(subtask.exists())
        self.assertEqual(line.product_uom_qty, 0)

    def test_ot5_moving_a_task_moves_its_material_to_the_new_project(self):
        other_customer = self.env["res.partner"].create({"name": "Annan Kund AB"})
        other = self.env["project.project"].create(
            {"name": "Lagerbygget", "partner_id": other_customer.id}
        )
        material = self._add(self.task, self.product, 6)
        old_line = material.sale_line_id
        self._add(self.task2, self.product_b, 1)
        self.task.with_user(self.project_user).project_id = other
        self.assertEqual(old_line.product_uom_qty, 0)
        self.assertEqual(old_line.qty_deliver_remainder, 0)
        new_order = self._orders(other)
        self.assertEqual(len(new_order), 1)
        self.assertEqual(new_order.partner_id, other_customer)
        self.assertEqual(material.sale_line_id.order_id, new_order)
        self.assertEqual(material.sale_line_id.product_uom_qty, 6)
        self.assertEqual(new_order.order_line.qty_deliver_remainder, 6)
        # the first project's order keeps the other task's material only
        self.assertEqual(
            self._orders().order_line.filtered("product_uom_qty").product_id,
            self.product_b,
        )

    def test_ot5_moving_a_task_with_delivered_material_refused(self):
        other = self.env["project.project"].create(
            {"name": "Lagerbygget", "partner_id": self.customer.id}
        )
        material = self._add(self.task, self.product, 6)
        self._deliver(material.sale_order_id, {self.product: 1.0})
        with self.assertRaisesRegex(UserError, "cannot move to another project"):
            self.task.project_id = other
        self.assertEqual(self.task.project_id, self.project)
        self.assertEqual(material.sale_line_id.product_uom_qty, 6)
        self.assertFalse(self._orders(other))

    def test_ot5_archiving_a_task_keeps_its_material(self):
        """Archiving hides a task; what it consumed stays consumed (delete the
        material lines, or the task, to take it back)."""
        material = self._add(self.task, self.product, 4)
        self.task.active = False
        self.assertTrue(material.exists())
        self.assertEqual(material.sale_line_id.product_uom_qty, 4)
        self.assertEqual(material.sale_line_id.qty_deliver_remainder, 4)
        self.task.active = True
        self.assertEqual(material.sale_line_id.product_uom_qty, 4)

    def test_ot5_bad_input_refused(self):
        no_customer = self.env["project.project"].create({"name": "Internt"})
        task = self.env["project.task"].create(
            {"name": "Intern", "project_id": no_customer.id}
        )
        with self.assertRaisesRegex(UserError, "has no customer"):
            self._add(task, self.product, 1)
        self.assertFalse(task.material_ids)
        self.assertFalse(self._orders(no_customer))
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self._add(self.task, self.product, -1)
        with self.assertRaisesRegex(ValidationError, "is not a unit of"):
            self._add(
                self.task,
                self.product,
                1,
                product_uom_id=self.env.ref("uom.product_uom_kgm").id,
            )
        self.assertFalse(self._orders())

    def test_ot5_invoice_like_a_sales_order(self):
        material = self._add(self.task, self.product, 2)
        order = material.sale_order_id
        self._deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.invoice_line_ids.quantity, 2)
        self.assertEqual(order.sales_status, "invoiced")
        # a fully invoiced order is closed: new material opens a new order
        self._add(self.task, self.product_b, 1)
        orders = self._orders()
        self.assertEqual(len(orders), 2)
        self.assertEqual(self.task.item_requirement_order_count, 2)

    def test_ot5_ot6_type_never_by_hand(self):
        with self.assertRaises(ValidationError):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "order_type": "item_requirement"}
            )
        material = self._add(self.task, self.product, 1)
        order = material.sale_order_id
        self._deliver(order)
        self.assertEqual(order.sales_status, "delivered")
        with self.assertRaises(ValidationError):
            order.order_type = "sales"
        self.assertEqual(order.order_type, "item_requirement")

    def test_ot5_project_user_without_sales_rights(self):
        task = self.task.with_user(self.project_user)
        self._add(task, self.product, 1)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.project_user).search([]).read(
                ["name"]
            )
        form = Form(task)
        with form.material_ids.new() as line:
            line.product_id = self.product_b
            line.product_uom_qty = 3
        form.save()
        self.assertEqual(len(self._orders().order_line), 2)

    def test_ot5_project_sharing_collaborator_meets_odoos_rules(self):
        """A portal collaborator of a shared project edits tasks without the
        right to read their material: Odoo's own access rules answer, never a
        refusal to read material_ids, and the material stays as it was."""
        portal = new_test_user(
            self.env, login="sm_ir_portal", groups="base.group_portal"
        )
        shared = self.env["project.project"].create(
            {
                "name": "Delat bygge",
                "partner_id": self.customer.id,
                "privacy_visibility": "portal",
                "collaborator_ids": [
                    Command.create({"partner_id": portal.partner_id.id})
                ],
            }
        )
        task = self.env["project.task"].create(
            {"name": "Delad uppgift", "project_id": shared.id}
        )
        material = self._add(task, self.product, 2)
        hidden = self.task  # a task of a project the collaborator cannot see
        self._add(hidden, self.product_b, 1)
        as_portal = task.with_user(portal)
        as_portal.name = "Delad uppgift, ändrad"
        self.assertEqual(task.name, "Delad uppgift, ändrad")
        with self.assertRaisesRegex(AccessError, "not allowed to delete"):
            as_portal.unlink()
        with self.assertRaisesRegex(AccessError, "top-secret records"):
            as_portal.write({"child_ids": [Command.delete(hidden.id)]})
        with self.assertRaisesRegex(AccessError, "top-secret records"):
            hidden.with_user(portal).write({"project_id": shared.id})
        self.assertTrue(task.exists() and hidden.exists())
        self.assertEqual(material.sale_line_id.product_uom_qty, 2)
        self.assertEqual(hidden.material_ids.sale_line_id.product_uom_qty, 1)

    def test_ot5_saving_thirty_lines_costs_bounded_queries(self):
        """Saving material costs Odoo's own price of adding the lines to a
        confirmed order (procurement, stock moves: per line, Odoo's) plus a
        fixed number of queries for the synchronisation, whatever the number
        of lines."""
        products = self.env["product.product"].create(
            [{"name": f"Material {i}", "type": "consu"} for i in range(30)]
        )
        self._add(self.task2, self.product, 1)  # the order exists, caches warm
        reference = self._create_order([(self.product, 1.0)])
        reference.action_confirm()

        def count(record, field, comodel_vals):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            record.write({field: [Command.create(v) for v in comodel_vals]})
            self.env.flush_all()
            return self.cr.sql_log_count - before

        overheads = []
        for size in (5, 30):
            task = self.env["project.task"].create(
                {"name": f"Uppgift {size}", "project_id": self.project.id}
            )
            lines = [
                {"product_id": p.id, "product_uom_qty": 2} for p in products[:size]
            ]
            odoo = count(reference, "order_line", lines)
            ours = count(task, "material_ids", lines)
            overheads.append(ours - odoo)
        self.assertLessEqual(max(overheads), 25, overheads)
        self.assertLessEqual(abs(overheads[1] - overheads[0]), 3, overheads)
        self.assertEqual(len(self._orders().order_line), 36)
