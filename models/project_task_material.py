# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class ProjectTaskMaterial(models.Model):
    """OT-5: an item consumed on a project task. Saving material lines keeps
    one open item-requirement sales order per project in sync, one order line
    per material line."""

    _name = "project.task.material"
    _description = "Task Material"
    _order = "task_id, sequence, id"
    _check_company_auto = True

    # === FIELDS ===

    sequence = fields.Integer(default=10)
    task_id = fields.Many2one(
        comodel_name="project.task",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    project_id = fields.Many2one(related="task_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    product_uom_qty = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        required=True,
        default=1.0,
    )
    product_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    note = fields.Char()
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Order Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id",
        string="Item Requirement",
        store=True,
        index="btree_not_null",
    )
    qty_delivered = fields.Float(
        related="sale_line_id.qty_delivered", digits="Product Unit of Measure"
    )

    # === COMPUTE METHODS ===

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for material in self:
            if (
                not material.product_uom_id
                or material.product_uom_id.category_id
                != material.product_id.uom_id.category_id
            ):
                material.product_uom_id = material.product_id.uom_id

    # === CONSTRAINT METHODS ===

    @api.constrains("product_uom_qty")
    def _check_quantity(self):
        for material in self:
            if material.product_uom_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "Task %(task)s: the quantity of %(product)s must be positive.",
                        task=material.task_id.display_name,
                        product=material.product_id.display_name,
                    )
                )

    @api.constrains("product_id", "product_uom_id")
    def _check_uom(self):
        for material in self:
            if (
                material.product_uom_id.category_id
                != material.product_id.uom_id.category_id
            ):
                raise ValidationError(
                    self.env._(
                        "Task %(task)s: %(uom)s is not a unit of %(product)s.",
                        task=material.task_id.display_name,
                        uom=material.product_uom_id.display_name,
                        product=material.product_id.display_name,
                    )
                )

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        materials = super().create(vals_list)
        materials._sync_item_requirements()
        return materials

    def write(self, vals):
        synced = {"product_id", "product_uom_qty", "product_uom_id", "note", "task_id"}
        if synced & vals.keys():
            self._check_changeable(vals)
        result = super().write(vals)
        if synced & vals.keys():
            self._sync_item_requirements()
        return result

    def unlink(self):
        self._check_removable()
        lines = self.sale_line_id.sudo()
        result = super().unlink()
        draft = lines.filtered(lambda line: line.state in ("draft", "sent"))
        draft.unlink()
        # confirmed orders keep the line (Odoo's rule) with nothing to deliver
        (lines - draft).write({"product_uom_qty": 0.0})
        return result

    # === BUSINESS METHODS ===

    def _check_removable(self):
        delivered = self.filtered(lambda m: m.sale_line_id.sudo().qty_delivered)
        if delivered:
            raise UserError(
                self.env._(
                    "%(materials)s: already delivered on the item requirement "
                    "order, the material line cannot be removed. "
                    "Return the goods first.",
                    materials=", ".join(
                        f"{m.task_id.display_name} / {m.product_id.display_name}"
                        for m in delivered
                    ),
                )
            )

    def _check_changeable(self, vals):
        """A delivered material keeps its product and task, and its quantity
        never drops below what was delivered."""
        for material in self:
            line = material.sale_line_id.sudo()
            if not line.qty_delivered:
                continue
            if (
                "product_id" in vals and vals["product_id"] != material.product_id.id
            ) or ("task_id" in vals and vals["task_id"] != material.task_id.id):
                raise UserError(
                    self.env._(
                        "%(task)s / %(product)s is already delivered: its product "
                        "and task cannot change.",
                        task=material.task_id.display_name,
                        product=material.product_id.display_name,
                    )
                )
            if "product_uom_qty" in vals:
                uom = self.env["uom.uom"].browse(
                    vals.get("product_uom_id", material.product_uom_id.id)
                )
                qty = uom._compute_quantity(vals["product_uom_qty"], line.product_uom)
                if (
                    float_compare(
                        qty,
                        line.qty_delivered,
                        precision_rounding=line.product_uom.rounding,
                    )
                    < 0
                ):
                    raise UserError(
                        self.env._(
                            "%(task)s / %(product)s: %(delivered)s already "
                            "delivered, the quantity cannot be lower.",
                            task=material.task_id.display_name,
                            product=material.product_id.display_name,
                            delivered=line.qty_delivered,
                        )
                    )

    def _sync_item_requirements(self):
        """Create or update the order lines of these materials on the open
        item-requirement order of their project (created when missing), in
        batch: one order search and one line create per call."""
        if not self:
            return
        projects = self.project_id
        missing = self.filtered(lambda m: not m.project_id)
        if missing:
            raise UserError(
                self.env._(
                    "Task %(task)s has no project: material is consumed on a project.",
                    task=missing[0].task_id.display_name,
                )
            )
        no_customer = projects.filtered(lambda p: not p.partner_id)
        if no_customer:
            raise UserError(
                self.env._(
                    "Project %(project)s has no customer: set one before recording "
                    "material, its item requirement order is for that customer.",
                    project=no_customer[0].display_name,
                )
            )
        # sudo: users never create item requirements by hand; the project
        # user recording material may have no sales rights
        orders = self.env["sale.order"].sudo()._get_item_requirement_orders(projects)
        new_lines = []
        new_materials = self.browse()
        for material in self:
            order = orders[material.project_id]
            line = material.sale_line_id.sudo()
            same_product = line.product_id == material.product_id
            if (
                line
                and line.order_id == order
                and (same_product or line.state != "sale")
            ):
                vals = material._prepare_item_requirement_line_update(line)
                if vals:
                    line.write(vals)
                continue
            if line:
                # moved to another project or order, or another product on a
                # confirmed order (Odoo keeps a confirmed line's product): the
                # old line ends and a new one takes over
                material._release_sale_line(line)
            new_lines.append(material._prepare_item_requirement_line_vals(order))
            new_materials |= material
        if new_lines:
            lines = self.env["sale.order.line"].sudo().create(new_lines)
            for material, line in zip(new_materials, lines, strict=True):
                material.sale_line_id = line
        # the items are consumed: the order is confirmed and delivers
        orders_sudo = (
            self.env["sale.order"]
            .sudo()
            .browse([order.id for order in orders.values()])
        )
        orders_sudo.filtered(
            lambda o: o.state in ("draft", "sent") and o.order_line
        ).action_confirm()

    def _release_sale_line(self, line):
        if line.state in ("draft", "sent"):
            line.unlink()
        else:
            line.product_uom_qty = line.qty_delivered

    def _prepare_item_requirement_line_vals(self, order):
        self.ensure_one()
        vals = {
            "order_id": order.id,
            "product_id": self.product_id.id,
            "product_uom_qty": self.product_uom_qty,
            "product_uom": self.product_uom_id.id,
        }
        if self.note:
            vals["name"] = f"{self.product_id.display_name}\n{self.note}"
        return vals

    def _prepare_item_requirement_line_update(self, line):
        self.ensure_one()
        vals = {}
        if line.product_id != self.product_id:
            vals["product_id"] = self.product_id.id
        if line.product_uom != self.product_uom_id:
            vals["product_uom"] = self.product_uom_id.id
        if line.product_uom_qty != self.product_uom_qty:
            vals["product_uom_qty"] = self.product_uom_qty
        return vals
