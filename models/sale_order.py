# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from odoo.addons.stock.models.stock_move import PROCUREMENT_PRIORITIES

ORDER_TYPES = [
    ("journal", "Journal"),
    ("subscription", "Subscription"),
    ("sales", "Sales order"),
    ("returned", "Returned order"),
    ("item_requirement", "Item requirement"),
]

SALES_STATUSES = [
    ("open", "Open order"),
    ("delivered", "Delivered"),
    ("invoiced", "Invoiced"),
    ("cancelled", "Cancelled"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    order_type = fields.Selection(
        selection=ORDER_TYPES,
        required=True,
        default="sales",
        tracking=True,
        help="Journal: a draft that never affects inventory and cannot be "
        "confirmed until converted to another type.\n"
        "Subscription: a recurring order invoiced period by period.\n"
        "Sales order: the normal flow.\n"
        "Returned order: goods coming back from the customer (RMA), credited.\n"
        "Item requirement: created from project consumption, never by hand.",
    )
    sales_status = fields.Selection(
        selection=SALES_STATUSES,
        compute="_compute_sales_status",
        store=True,
        index=True,
        help="Open order: something is still to deliver.\n"
        "Delivered: everything is delivered, something is still to invoice.\n"
        "Invoiced: everything is delivered and invoiced (posted).\n"
        "Cancelled: the order is cancelled.",
    )
    rma_number = fields.Char(
        string="RMA Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Return merchandise authorization number of a returned order, from "
        "its own sequence; given at creation and never reused.",
    )
    return_reason_id = fields.Many2one(
        comodel_name="sale.return.reason",
        check_company=True,
        tracking=True,
    )
    origin_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Original Order",
        check_company=True,
        copy=False,
        index="btree_not_null",
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id), "
        "('order_type', '!=', 'returned'), ('state', '=', 'sale')]",
        help="The order the returned goods were sold on.",
    )
    origin_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Original Invoice",
        check_company=True,
        copy=False,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
        help="The invoice the credit note of this return corrects.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    return_order_count = fields.Integer(
        string="Returns", compute="_compute_return_order_count"
    )
    amount_deliver_remainder = fields.Monetary(
        string="Deliver Remainder Amount",
        compute="_compute_amount_remainders",
        store=True,
        help="Untaxed value of the quantities still to deliver.",
    )
    amount_invoice_remainder = fields.Monetary(
        string="Invoice Remainder Amount",
        compute="_compute_amount_remainders",
        store=True,
        help="Untaxed value of the quantities still to invoice (posted invoices).",
    )
    priority = fields.Selection(
        selection=PROCUREMENT_PRIORITIES,
        default="0",
        tracking=True,
        help="Urgent orders are served first: their deliveries are starred (and "
        "reserved first by the warehouse) and the stock distribution of "
        "backorders puts them first (rule BO-3).",
    )

    def _compute_return_order_count(self):
        data = dict(
            self._read_group(
                [("origin_order_id", "in", self.ids), ("order_type", "=", "returned")],
                ["origin_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.return_order_count = data.get(order, 0)

    _sql_constraints = [
        (
            "rma_number_company_uniq",
            "unique(company_id, rma_number)",
            "An RMA number is used once per company.",
        ),
    ]

    @api.depends(
        "state",
        "order_line.sales_status",
        "order_line.display_type",
        "order_line.is_downpayment",
    )
    def _compute_sales_status(self):
        for order in self:
            order.sales_status = order._get_sales_status()

    @api.depends(
        "order_line.qty_deliver_remainder",
        "order_line.qty_invoice_remainder",
        "order_line.price_reduce_taxexcl",
    )
    def _compute_amount_remainders(self):
        for order in self:
            lines = order.order_line._filtered_status_lines()
            order.amount_deliver_remainder = sum(
                line.qty_deliver_remainder * line.price_reduce_taxexcl for line in lines
            )
            order.amount_invoice_remainder = sum(
                line.qty_invoice_remainder * line.price_reduce_taxexcl for line in lines
            )

    def _get_sales_status(self):
        """RS-3: the order status derived from its lines' statuses."""
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        statuses = set(self.order_line._filtered_status_lines().mapped("sales_status"))
        statuses.discard("cancelled")
        if not statuses or "open" in statuses:
            return "open"
        if "delivered" in statuses:
            return "delivered"
        return "invoiced"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("order_type") == "item_requirement":
                    raise ValidationError(self._get_item_requirement_by_hand_error())
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.order_type == "returned")._assign_rma_number()
        return orders

    def write(self, vals):
        if "order_type" in vals:
            self._check_order_type_change(vals["order_type"])
        res = super().write(vals)
        if "priority" in vals:
            self._propagate_priority_to_pickings()
        if vals.get("order_type") == "returned":
            self._assign_rma_number()
        if {"commitment_date", "date_order", "partner_id"} & vals.keys():
            quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
            quotations.order_line._relink_agreement_lines()
            # AG-3: what stays linked must be valid at the new date
            quotations.order_line.filtered(
                "agreement_line_id"
            )._check_agreement_lines_orderable()
        return res

    @api.onchange("commitment_date")
    def _onchange_commitment_date_agreements(self):
        # the form's counterpart of write(): relink before the user saves
        self.order_line._relink_agreement_lines()

    def _check_order_type_change(self, new_type):
        """OT-6: refuse type changes that contradict the rules of a type."""
        for order in self.filtered(lambda o: o.order_type != new_type):
            error = order._get_order_type_change_error(new_type)
            if error:
                raise ValidationError(error)

    def _get_order_type_change_error(self, new_type):
        """Return why this order cannot change to ``new_type``, or False.

        Extend it to add the rules of a type; keep each rule a short message
        naming the order.
        """
        self.ensure_one()
        if new_type == "item_requirement" and not self.env.su:
            return self._get_item_requirement_by_hand_error(self)
        if self.order_type == "item_requirement" and self.sales_status in (
            "delivered",
            "invoiced",
        ):
            return self.env._(
                "%(order)s is a delivered item requirement: its type can no "
                "longer change (rule OT-6).",
                order=self.display_name,
            )
        if new_type in ("journal", "returned") and self._has_logistic_documents():
            return self.env._(
                "%(order)s already has deliveries or invoices: it cannot become "
                "a %(type)s (rule OT-6).",
                order=self.display_name,
                type=self._get_order_type_label(new_type),
            )
        if self.order_type == "returned" and self._has_logistic_documents():
            return self.env._(
                "%(order)s already has return receipts or credit notes: it must "
                "stay a returned order (rule OT-6).",
                order=self.display_name,
            )
        return False

    def _get_item_requirement_by_hand_error(self, order=None):
        return self.env._(
            "%(order)s: item requirement orders are created from project "
            "consumption only; the type cannot be chosen by hand (rules OT-5, OT-6).",
            order=order.display_name if order else self.env._("New order"),
        )

    def _get_order_type_label(self, order_type):
        return dict(self._fields["order_type"]._description_selection(self.env))[
            order_type
        ]

    def _get_agreement_date(self):
        """The requested ship date agreements are checked against (AG-3): the
        delivery date asked by the customer, else the order date."""
        self.ensure_one()
        moment = self.commitment_date or self.date_order
        if not moment:
            return fields.Date.context_today(self)
        return fields.Date.context_today(self, timestamp=moment)

    def _has_logistic_documents(self):
        """Whether stock moves or invoices already exist for this order."""
        self.ensure_one()
        return bool(
            self.state == "sale"
            or self.order_line.move_ids
            or self.order_line.invoice_lines
        )

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if not error and self.order_type == "journal":
            error = self.env._(
                "%(order)s is a journal: journals never affect inventory and cannot "
                "be confirmed. Change its type to release it (rule OT-1).",
                order=self.display_name,
            )
        return error

    def action_confirm(self):
        # AG-2/AG-3: the agreements must still be orderable at confirmation
        self.order_line.filtered("agreement_line_id")._check_agreement_lines_orderable()
        return super().action_confirm()

    def _action_confirm(self):
        # AG-6, once the orders are confirmed: their lines count as released
        self.order_line._check_agreement_max_enforced()
        res = super()._action_confirm()
        self._update_partner_lifecycle_on_confirm()
        return res

    def _update_partner_lifecycle_on_confirm(self):
        """QT-1 / RL-2 hook: confirming a quotation makes its partner a customer.

        Only sales and subscription orders count (journals, returns and item
        requirements do not); the first one sets ``customer_since``. The order
        is the source document of the stage history row.
        """
        orders = self.filtered(
            lambda o: o.order_type in self._get_customer_making_order_types()
        ).sorted("date_order")
        sources = {}
        for order in orders:
            sources.setdefault(order.partner_id.commercial_partner_id.id, order)
        if sources:
            orders.partner_id._advance_relationship_stage(
                "customer", sources=sources, date=fields.Date.context_today(self)
            )
        return True

    @api.model
    def _get_customer_making_order_types(self):
        """Order types whose confirmation makes the partner a customer (RL-2)."""
        return ("sales", "subscription")

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._check_invoiceable_order_type()
        invoices = super()._create_invoices(grouped=grouped, final=final, date=date)
        if self.env["sale.order.line"]._get_slip_quantities() is None:
            # invoiced from the order: the packing slips it settles are invoiced
            invoices._link_settled_slip_moves()
        return invoices

    def _get_invoiceable_lines(self, final=False):
        quantities = self.env["sale.order.line"]._get_slip_quantities()
        if quantities is None:
            return super()._get_invoiceable_lines(final=final)
        # IN-2: exactly the lines of the packing slips being invoiced
        return self.order_line.filtered(lambda line: line.id in quantities)

    def _get_proforma_invoice_values(self):
        """IN-4: what the next invoice of this order would contain.

        A quotation would be invoiced in full once confirmed; a confirmed order
        invoices its invoiceable lines (``qty_to_invoice``). Nothing is created.

        :returns: {"lines": [(sale line, quantity, subtotal)], "tax_totals": dict}
        """
        self.ensure_one()
        if self.state in ("draft", "sent"):
            lines = self.order_line.filtered(lambda line: not line.display_type)
            quantities = {line: line.product_uom_qty for line in lines}
        else:
            lines = self._get_invoiceable_lines().filtered(
                lambda line: not line.display_type
            )
            quantities = {line: line.qty_to_invoice for line in lines}
        AccountTax = self.env["account.tax"]
        base_lines = [
            line._prepare_base_line_for_taxes_computation(quantity=quantities[line])
            for line in lines
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        tax_totals = AccountTax._get_tax_totals_summary(
            base_lines=base_lines,
            currency=self.currency_id or self.company_id.currency_id,
            company=self.company_id,
        )
        return {
            "lines": [
                (
                    base_line["record"],
                    base_line["quantity"],
                    base_line["tax_details"]["total_excluded_currency"],
                )
                for base_line in base_lines
            ],
            "tax_totals": tax_totals,
        }

    def action_proforma_send(self):
        """IN-4: e-mail the pro-forma invoice of the order's next invoice."""
        self.ensure_one()
        template = self.env.ref("sales_marketing.mail_template_sale_order_proforma")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
                "proforma": True,
            },
        }

    def _assign_rma_number(self):
        """OT-4: RMA numbers come from their own sequence (a PostgreSQL sequence:
        concurrent creations never share a number; numbers are never reused)."""
        for order in self.filtered(lambda o: not o.rma_number):
            order.rma_number = (
                self.env["ir.sequence"]
                .with_company(order.company_id)
                .next_by_code("sale.order.rma")
            )

    def _prepare_return_receipt(self, move_vals):
        """The incoming receipt of a returned order (OT-4): from the customer's
        location into the warehouse through its return operation type."""
        self.ensure_one()
        warehouse = self.warehouse_id
        picking_type = (
            warehouse.out_type_id.return_picking_type_id or warehouse.in_type_id
        )
        source = self.partner_shipping_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        destination = picking_type.default_location_dest_id or warehouse.lot_stock_id
        if not self.procurement_group_id:
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "move_type": self.picking_policy,
                    "sale_id": self.id,
                    "partner_id": self.partner_shipping_id.id,
                }
            )
        common = {
            "location_id": source.id,
            "location_dest_id": destination.id,
            "picking_type_id": picking_type.id,
            "group_id": self.procurement_group_id.id,
            "company_id": self.company_id.id,
            "origin": self._get_rma_reference(),
        }
        moves = [
            Command.create({**vals, **common, "warehouse_id": warehouse.id})
            for vals in move_vals
        ]
        return {**common, "partner_id": self.partner_shipping_id.id, "move_ids": moves}

    def _get_rma_reference(self):
        self.ensure_one()
        return f"{self.rma_number} ({self.name})" if self.rma_number else self.name

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.order_type == "returned":
            # OT-4: a returned order is credited
            values["move_type"] = "out_refund"
            values["ref"] = ", ".join(
                filter(None, [self.rma_number, values.get("ref")])
            )
            if self.origin_invoice_id:
                values["reversed_entry_id"] = self.origin_invoice_id.id
        return values

    def action_create_return(self):
        """OT-4: a returned order for goods delivered on this order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Return"),
            "res_model": "sale.order.return.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_view_return_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.sale_order_action_returned"
        )
        action["domain"] = [
            ("origin_order_id", "=", self.id),
            ("order_type", "=", "returned"),
        ]
        return action

    # -- up-sell and cross-sell (XS) ------------------------------------------
    def get_sales_suggestions(self, line_ids=None):
        """XS-3, public API: the up-sell and cross-sell suggestions for the
        lines of these orders (all of them, or ``line_ids``).

        :returns: list of dicts with ``rule_id``, ``rule_name``,
            ``suggestion_type`` (``upsell``/``crosssell``), ``line_id``,
            ``trigger_product_id``, ``product_id``, ``product_name``, ``script``
        """
        lines = self.order_line
        if line_ids:
            lines = lines.filtered(lambda line: line.id in line_ids)
        suggestions = lines._get_sales_suggestions()
        self._log_suggestion_events(suggestions, "offered")
        return suggestions

    @api.model
    def get_line_suggestions(self, order_values, line_values):
        """XS-2, for the web client: the suggestions for a line being edited,
        not saved yet. ``order_values``: ``id`` (when the order is saved),
        ``partner_id``, ``pricelist_id``, ``company_id``, ``order_type``;
        ``line_values``: ``product_id``, ``product_uom_qty``, ``price_unit``,
        ``discount``. Nothing is written but the "offered" statistics."""
        allowed_order = {"partner_id", "pricelist_id", "company_id", "order_type"}
        allowed_line = {"product_id", "product_uom_qty", "price_unit", "discount"}
        origin = self.browse(order_values.get("id") or [])
        order = self.new(
            {k: v for k, v in order_values.items() if k in allowed_order},
            origin=origin.exists(),
        )
        line = self.env["sale.order.line"].new(
            {
                **{k: v for k, v in line_values.items() if k in allowed_line},
                "order_id": order.id,
            }
        )
        suggestions = line._get_sales_suggestions()
        self._log_suggestion_events(
            suggestions, "offered", order=origin.exists(), partner=order.partner_id
        )
        return suggestions

    def action_accept_sales_suggestion(self, line_id, rule_id, product_id):
        """XS-2, public API: accept a suggestion for a saved line: an up-sell
        replaces the line's product (quantity kept), a cross-sell adds a line.

        :returns: the id of the changed or added order line
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestion = next(
            (
                s
                for s in line._get_sales_suggestions()
                if s["rule_id"] == rule_id and s["product_id"] == product_id
            ),
            None,
        )
        if not suggestion:
            raise UserError(
                self.env._(
                    "%(order)s: this suggestion does not apply to the line (rule "
                    "XS-2).",
                    order=self.display_name,
                )
            )
        product = self.env["product.product"].browse(product_id)
        if suggestion["suggestion_type"] == "upsell":
            line.write(
                {"product_id": product.id, "product_uom_qty": line.product_uom_qty}
            )
            result = line
        else:
            result = self.env["sale.order.line"].create(
                line._prepare_crosssell_line(product)
            )
        self._log_suggestion_events([suggestion], "accepted")
        return result.id

    def action_decline_sales_suggestions(self, line_id, rule_ids=None):
        """XS-2, public API: decline the suggestions of a line in one call.

        :returns: True
        """
        self.ensure_one()
        line = self.order_line.filtered(lambda line: line.id == line_id)
        suggestions = [
            s
            for s in line._get_sales_suggestions()
            if not rule_ids or s["rule_id"] in rule_ids
        ]
        self._log_suggestion_events(suggestions, "declined")
        return True

    def _log_suggestion_events(self, suggestions, event_type, order=None, partner=None):
        if not suggestions:
            return
        orders = {o.id: o for o in (order if order is not None else self)}
        lines = self.env["sale.order.line"].browse(
            [s["line_id"] for s in suggestions if s.get("line_id")]
        )
        order_of_line = {line.id: line.order_id for line in lines}
        vals = []
        for suggestion in suggestions:
            line_order = order_of_line.get(suggestion.get("line_id")) or next(
                iter(orders.values()), self.browse()
            )
            vals.append(
                {
                    "rule_id": suggestion["rule_id"],
                    "event_type": event_type,
                    "product_id": suggestion["product_id"],
                    "trigger_product_id": suggestion["trigger_product_id"],
                    "order_id": line_order.id or False,
                    "partner_id": (
                        line_order.partner_id or partner or self.partner_id
                    ).id,
                    "company_id": (line_order.company_id or self.env.company).id,
                }
            )
        # sudo: statistics are written by whoever is offered suggestions
        self.env["sale.suggestion.event"].sudo().create(vals)

    def _check_invoiceable_order_type(self):
        journals = self.filtered(lambda o: o.order_type == "journal")
        if journals:
            raise UserError(
                self.env._(
                    "Journals cannot be invoiced: %(orders)s (rule OT-1).",
                    orders=", ".join(journals.mapped("display_name")),
                )
            )

    def _propagate_priority_to_pickings(self):
        """BO-3: an order's priority is its open transfers' priority, so that
        Odoo's own reservation (urgent first) follows the order priority."""
        for priority, orders in self.grouped("priority").items():
            pickings = orders.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            if pickings:
                pickings.priority = priority
