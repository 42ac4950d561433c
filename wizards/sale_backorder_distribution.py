# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools import float_round

# moves that hold or wait for stock of their source location
RESERVABLE_MOVE_STATES = ("confirmed", "partially_available", "assigned")


class SaleBackorderDistribution(models.TransientModel):
    """BO-3: share the available stock of an item among its sales backorders.

    The wizard lists the item's backorder lines that draw from the
    warehouse's stock, in priority order, proposes how much each receives
    (``_allocate_stock``) and applying it sets the reservations of their
    deliveries accordingly, taking stock back from lower priorities first.
    """

    _name = "sale.backorder.distribution"
    _description = "Distribute Stock among Backorders"
    _check_company_auto = True

    # === FIELDS ===

    state = fields.Selection(
        selection=[("draft", "Proposal"), ("done", "Distributed")],
        default="draft",
        required=True,
    )
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template"
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        compute="_compute_product_id",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        check_company=True,
        domain="[('is_storable', '=', True),"
        " ('product_tmpl_id', '=?', product_tmpl_id)]",
    )
    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        compute="_compute_warehouse_id",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="warehouse_id.company_id", store=True, precompute=True
    )
    location_id = fields.Many2one(
        related="warehouse_id.lot_stock_id", string="Stock Location"
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    line_ids = fields.One2many(
        comodel_name="sale.backorder.distribution.line",
        inverse_name="distribution_id",
        string="Backorders",
        compute="_compute_line_ids",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
    )
    qty_free = fields.Float(
        string="Free in Stock",
        digits="Product Unit of Measure",
        compute="_compute_qty_free",
        compute_sudo=False,
        store=True,
        precompute=True,
        help="On hand in the warehouse's stock location and reserved by nobody.",
    )
    qty_held = fields.Float(
        string="Held by Backorders",
        digits="Product Unit of Measure",
        compute="_compute_quantities",
        help="What the listed backorders already have reserved.",
    )
    qty_available = fields.Float(
        string="To Distribute",
        digits="Product Unit of Measure",
        compute="_compute_quantities",
        help="Free stock plus what the listed backorders hold.",
    )
    qty_allocated = fields.Float(
        string="Allocated",
        digits="Product Unit of Measure",
        compute="_compute_quantities",
    )
    qty_unallocated = fields.Float(
        string="Left",
        digits="Product Unit of Measure",
        compute="_compute_quantities",
        help="To distribute minus allocated. Negative: more is allocated than "
        "there is.",
    )

    # === COMPUTE METHODS ===

    @api.depends("product_tmpl_id")
    def _compute_product_id(self):
        for wizard in self:
            variants = wizard.product_tmpl_id.product_variant_ids
            if wizard.product_tmpl_id and wizard.product_id not in variants:
                wizard.product_id = variants if len(variants) == 1 else False

    @api.depends("product_id")
    def _compute_warehouse_id(self):
        """The warehouse where the product has the most backorders; the
        user's default warehouse when it has none."""
        demand = defaultdict(list)
        if self.product_id:
            groups = (
                self.env["sale.backorder.line"]
                .sudo(False)
                ._read_group(
                    [("product_id", "in", self.product_id.ids)],
                    groupby=["product_id", "warehouse_id"],
                    aggregates=["product_qty_backorder:sum"],
                    order="product_qty_backorder:sum desc",
                )
            )
            for product, warehouse, _qty in groups:
                if warehouse:
                    demand[product].append(warehouse)
        for wizard in self:
            warehouses = demand.get(wizard.product_id._origin, [])
            if wizard.warehouse_id and (
                wizard.warehouse_id in warehouses or not warehouses
            ):
                continue
            wizard.warehouse_id = (
                warehouses[0]
                if warehouses
                else self.env.user.with_company(
                    wizard.company_id or self.env.company
                )._get_default_warehouse_id()
            )

    @api.depends("product_id", "warehouse_id")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in wizard._prepare_line_vals_list()
            ]

    @api.depends("product_id", "warehouse_id")
    def _compute_qty_free(self):
        for wizard in self:
            wizard.qty_free = wizard._get_free_qty()

    @api.depends("qty_free", "line_ids.qty_reserved", "line_ids.qty_allocated")
    def _compute_quantities(self):
        for wizard in self:
            wizard.qty_held = sum(wizard.line_ids.mapped("qty_reserved"))
            wizard.qty_available = wizard.qty_free + wizard.qty_held
            wizard.qty_allocated = sum(wizard.line_ids.mapped("qty_allocated"))
            wizard.qty_unallocated = wizard.qty_available - wizard.qty_allocated

    # === ACTION METHODS ===

    def action_propose(self):
        """Propose again in the current order of the lines; quantities the
        user typed are kept."""
        self.ensure_one()
        self._check_can_distribute()
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        free = self._get_free_qty()
        available = free + sum(lines.mapped("qty_reserved"))
        allocation = self._allocate_stock(
            available,
            [line._prepare_allocation_request() for line in lines],
            self.uom_id.rounding,
        )
        self.qty_free = free
        for line, qty in zip(lines, allocation, strict=True):
            if not line.is_manual:
                line.write({"qty_proposed": qty, "qty_allocated": qty})
        return self._action_reopen()

    def action_reset(self):
        """Back to the priority order and the first proposal."""
        self.ensure_one()
        self._check_can_distribute()
        self.qty_free = self._get_free_qty()
        self.line_ids = [Command.clear()] + [
            Command.create(vals) for vals in self._prepare_line_vals_list()
        ]
        return self._action_reopen()

    def action_apply(self):
        """BO-3: reserve the deliveries as allocated, in the order of the
        lines; then show who got what."""
        self.ensure_one()
        self._check_can_distribute()
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        if not lines:
            raise UserError(
                self.env._(
                    "No backorder of %(product)s in %(warehouse)s can receive stock.",
                    product=self.product_id.display_name,
                    warehouse=self.warehouse_id.name,
                )
            )
        moves_by_line = self._get_reservable_moves(lines.sale_line_id)
        empty = self.env["stock.move"]
        figures = {
            line: moves_by_line.get(
                line.sale_line_id, empty
            )._get_distribution_figures()
            for line in lines
        }
        self._check_allocation(lines, figures)
        rounding = self.uom_id.rounding
        # first take back what lower priorities hold beyond their share...
        for line in lines:
            excess = figures[line].reserved - line.qty_allocated
            if float_compare(excess, 0, precision_rounding=rounding) > 0:
                moves_by_line[line.sale_line_id]._release_distributed_qty(excess)
        # ...then serve the lines in their order
        for line in lines:
            moves = moves_by_line.get(line.sale_line_id, empty)
            missing = line.qty_allocated - moves._get_distribution_figures().reserved
            if float_compare(missing, 0, precision_rounding=rounding) > 0:
                moves._reserve_distributed_qty(missing)
        for line in lines:
            moves = moves_by_line.get(line.sale_line_id, empty)
            line.write(
                {
                    "qty_reserved": figures[line].reserved,
                    "qty_result": moves._get_distribution_figures().reserved,
                }
            )
        self.state = "done"
        self._post_distribution_summary(lines)
        return self._action_reopen()

    # === BUSINESS METHODS ===

    @api.model
    def _allocate_stock(self, available, requests, rounding=0.01):
        """Share ``available`` among ``requests`` (BO-3). Pure: no database.

        :param float available: the quantity to distribute
        :param list requests: one dict per backorder, highest priority first:
            ``demand`` (the most it can receive), ``minimum`` (what it keeps
            anyway: quantities already picked) and ``fixed`` (a quantity the
            user chose, or None)
        :param float rounding: the rounding of the product's unit
        :return: the allocated quantities, in the order of ``requests``
        """
        allocation = []
        remaining = available
        # what is decided already: the user's quantities and picked goods
        for request in requests:
            fixed = request.get("fixed")
            qty = (
                fixed
                if fixed is not None
                else min(request.get("minimum") or 0.0, request["demand"])
            )
            qty = float_round(qty, precision_rounding=rounding)
            allocation.append(qty)
            remaining -= qty
        # the rest goes down the list until nothing is left
        for index, request in enumerate(requests):
            if request.get("fixed") is not None:
                continue
            extra = float_round(
                min(request["demand"] - allocation[index], remaining),
                precision_rounding=rounding,
                rounding_method="DOWN",
            )
            if float_compare(extra, 0, precision_rounding=rounding) <= 0:
                continue
            allocation[index] += extra
            remaining -= extra
        return allocation

    def _get_backorder_domain(self):
        self.ensure_one()
        return [
            ("product_id", "=", self.product_id.id),
            ("warehouse_id", "=", self.warehouse_id.id),
        ]

    def _get_backorder_order(self):
        """The default priority: order priority, then requested date."""
        return "priority desc, requested_date, date_order, id"

    def _prepare_line_vals_list(self):
        """The backorder lines that can receive stock from the warehouse, in
        priority order, with the first proposal."""
        self.ensure_one()
        if not (self.product_id and self.warehouse_id):
            return []
        backorders = (
            self.env["sale.backorder.line"]
            .sudo(False)
            .search(self._get_backorder_domain(), order=self._get_backorder_order())
        )
        moves_by_line = self._get_reservable_moves(backorders.sale_line_id)
        vals_list = []
        for backorder in backorders:
            moves = moves_by_line.get(backorder.sale_line_id)
            if not moves:
                continue
            figures = moves._get_distribution_figures()
            vals_list.append(
                {
                    "sequence": 10 * (len(vals_list) + 1),
                    "sale_line_id": backorder.sale_line_id.id,
                    "partner_id": backorder.partner_id.id,
                    "priority": backorder.priority,
                    "requested_date": backorder.requested_date,
                    "days_late": backorder.days_late,
                    "qty_backorder": backorder.product_qty_backorder,
                    "qty_demand": min(backorder.product_qty_backorder, figures.demand),
                    "qty_reserved": figures.reserved,
                    "qty_picked": figures.picked,
                }
            )
        available = self._get_free_qty() + sum(v["qty_reserved"] for v in vals_list)
        allocation = self._allocate_stock(
            available,
            [
                {"demand": v["qty_demand"], "minimum": v["qty_picked"], "fixed": None}
                for v in vals_list
            ],
            self.product_id.uom_id.rounding,
        )
        for vals, qty in zip(vals_list, allocation, strict=True):
            vals["qty_proposed"] = vals["qty_allocated"] = qty
        return vals_list

    def _get_free_qty(self):
        """Unreserved quantity in the warehouse's stock location."""
        self.ensure_one()
        if not (self.product_id and self.warehouse_id):
            return 0.0
        return self.env["stock.quant"]._get_available_quantity(
            self.product_id, self.warehouse_id.lot_stock_id
        )

    def _get_reservable_moves(self, sale_lines):
        """The open moves taking the product out of the warehouse's stock for
        each sale line: its delivery, or the first step (pick) of a
        multi-step delivery. Moves waiting for a specific replenishment (make
        to order) are not reservable from stock."""
        self.ensure_one()
        stock_location = self.warehouse_id.lot_stock_id
        moves_by_line = {}
        for sale_line in sale_lines:
            moves = sale_line.move_ids
            moves = moves.browse(moves._rollup_move_origs()).filtered(
                lambda move: (
                    move.state in RESERVABLE_MOVE_STATES
                    and move.product_id == self.product_id
                    and move.procure_method == "make_to_stock"
                    and move.location_id._child_of(stock_location)
                )
            )
            if moves:
                moves_by_line[sale_line] = moves.sorted(lambda m: (m.date, m.id))
        return moves_by_line

    def _check_can_distribute(self):
        if not self.product_id.is_storable:
            raise UserError(
                self.env._(
                    "%(product)s is not tracked in stock: its deliveries need no "
                    "reservation.",
                    product=self.product_id.display_name,
                )
            )
        if self.state != "draft":
            raise UserError(
                self.env._(
                    "The stock of %(product)s is distributed already: open the "
                    "distribution again to change it.",
                    product=self.product_id.display_name,
                )
            )

    def _check_allocation(self, lines, figures):
        """Refuse an allocation the stock cannot honour, before touching any
        reservation."""
        self.ensure_one()
        rounding = self.uom_id.rounding
        uom = self.uom_id.name
        for line in lines:
            line._check_qty_allocated()
            fresh = figures[line]
            if (
                float_compare(
                    line.qty_allocated, fresh.demand, precision_rounding=rounding
                )
                > 0
                or float_compare(
                    line.qty_allocated, fresh.picked, precision_rounding=rounding
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "The deliveries of %(order)s changed since the proposal "
                        "(they can receive %(demand)s %(uom)s, %(picked)s are "
                        "picked): propose again.",
                        order=line.sale_line_id.order_id.display_name,
                        demand=fresh.demand,
                        picked=fresh.picked,
                        uom=uom,
                    )
                )
        available = self._get_free_qty() + sum(f.reserved for f in figures.values())
        allocated = sum(lines.mapped("qty_allocated"))
        if float_compare(allocated, available, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "%(allocated)s %(uom)s of %(product)s are allocated but only "
                    "%(available)s %(uom)s are available in %(location)s. Lower "
                    "the quantities or propose again.",
                    allocated=allocated,
                    available=available,
                    uom=uom,
                    product=self.product_id.display_name,
                    location=self.warehouse_id.lot_stock_id.display_name,
                )
            )

    def _post_distribution_summary(self, lines):
        """Who got what: a note on each order whose reservation changed and
        one on the product."""
        rounding = self.uom_id.rounding
        changed = lines.filtered(
            lambda line: (
                float_compare(
                    line.qty_result, line.qty_reserved, precision_rounding=rounding
                )
                != 0
            )
        )
        items = []
        for line in lines:
            text = self.env._(
                "%(order)s (%(customer)s): %(before)s → %(after)s %(uom)s",
                order=line.sale_line_id.order_id.name,
                customer=line.partner_id.display_name,
                before=line.qty_reserved,
                after=line.qty_result,
                uom=self.uom_id.name,
            )
            items.append(Markup("<li>%s</li>") % text)
        for order, order_lines in changed.grouped(
            lambda line: line.sale_line_id.order_id
        ).items():
            for line in order_lines:
                order.message_post(
                    body=self.env._(
                        "Stock distribution of %(product)s in %(warehouse)s: "
                        "the reservation went from %(before)s to %(after)s "
                        "%(uom)s.",
                        product=self.product_id.display_name,
                        warehouse=self.warehouse_id.name,
                        before=line.qty_reserved,
                        after=line.qty_result,
                        uom=self.uom_id.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        if items:
            # inventory users may not write products: the note only logs what
            # they just did with their own rights (the author stays the user)
            self.product_id.product_tmpl_id.sudo().message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Stock distributed among the backorders in %(warehouse)s "
                        "(reserved before → after):",
                        warehouse=self.warehouse_id.name,
                    ),
                    Markup().join(items),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _action_reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Distribute Stock"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
