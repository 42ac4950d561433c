# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (RT-1, RT-3, RT-4) on the stock move: a return receipt is
validated only with the disposition of each line and before the return
deadline; once done, each disposition does what it says (scrap, ship back,
replace)."""

from collections import defaultdict

from odoo import Command
from odoo import models
from odoo.exceptions import UserError

from .sale_return_disposition import SCRAP_ACTIONS


class StockMove(models.Model):
    _inherit = "stock.move"

    # === BUSINESS METHODS ===

    def _action_done(self, cancel_backorder=False):
        receipts = self._filtered_return_receipts().filtered("quantity")
        receipts._check_return_receipt()
        done = super()._action_done(cancel_backorder=cancel_backorder)
        done._filtered_return_receipts(state="done")._apply_return_dispositions()
        return done

    def _filtered_return_receipts(self, state=None):
        """The moves receiving the goods of a returned order from the customer.
        The order is read as sudo: whoever validates a picking (an inventory
        user without sales rights, on any delivery) may not read sales orders."""
        return self.filtered(
            lambda m: (
                m.location_id.usage == "customer"
                and m.sudo().sale_line_id.order_id.order_type == "returned"
                and not m.scrapped
                and (m.state == state if state else m.state not in ("done", "cancel"))
            )
        )

    def _check_return_receipt(self):
        """RT-3: every received line has its disposition; RT-1: the return
        deadline holds."""
        missing = self.filtered(lambda m: not m.sale_line_id.disposition_id)
        if missing:
            raise UserError(
                self.env._(
                    "%(order)s: choose the disposition code of %(products)s before "
                    "validating the receipt.",
                    order=missing.sale_line_id.order_id[:1]._get_rma_reference(),
                    products=", ".join(missing.product_id.mapped("display_name")),
                )
            )
        self.sale_line_id.order_id._check_return_receipt_date()

    def _apply_return_dispositions(self):
        """RT-3/RT-4: after the receipt: scrap what the disposition scraps,
        ship back what goes back to the customer, replace what it replaces."""
        actions = defaultdict(lambda: self.env["stock.move"])
        for move in self:
            actions[move.sale_line_id.disposition_id.action] |= move
        scrap = self.browse()
        for action in SCRAP_ACTIONS:
            scrap |= actions.get(action, self.browse())
        scrap._scrap_returned_goods()
        if actions.get("return_to_customer"):
            actions["return_to_customer"]._ship_back_returned_goods()
        self.sale_line_id.order_id._create_replacements_by_disposition(
            self.sale_line_id
        )

    def _scrap_returned_goods(self):
        """RT-3: the received goods go to scrap, never to sellable stock
        (Odoo's scrap, linked to the receipt, so their value goes to loss)."""
        vals_list = []
        for move in self:
            for move_line in move.move_line_ids.filtered("quantity"):
                vals_list.append(move._prepare_return_scrap(move_line))
        if vals_list:
            # sudo: scrapping is what the disposition asks of the receipt the
            # user validates; no separate scrap right is needed for it
            self.env["stock.scrap"].sudo().create(vals_list).do_scrap()

    def _prepare_return_scrap(self, move_line):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom_id": move_line.product_uom_id.id,
            "scrap_qty": move_line.quantity,
            "lot_id": move_line.lot_id.id,
            "package_id": move_line.result_package_id.id,
            "location_id": move_line.location_dest_id.id,
            "picking_id": self.picking_id.id,
            "origin": self.sale_line_id.order_id._get_rma_reference(),
            "company_id": self.company_id.id,
        }

    def _ship_back_returned_goods(self):
        """RT-3: goods returned to the customer leave again on a delivery of
        the returned order (a return of the receipt), ready to ship."""
        for order, moves in self.grouped(lambda m: m.sale_line_id.order_id).items():
            picking_type = order.warehouse_id.out_type_id
            # sudo: the delivery back is what the disposition asks of the
            # receipt the user validates
            picking = (
                self.env["stock.picking"]
                .sudo()
                .create(
                    {
                        "picking_type_id": picking_type.id,
                        "partner_id": order.partner_shipping_id.id,
                        "location_id": moves[0].location_dest_id.id,
                        "location_dest_id": moves[0].location_id.id,
                        "origin": order._get_rma_reference(),
                        "group_id": order.procurement_group_id.id,
                        "company_id": order.company_id.id,
                        "move_ids": [
                            Command.create(move._prepare_ship_back_move(picking_type))
                            for move in moves
                        ],
                    }
                )
            )
            picking.action_confirm()
            picking.action_assign()

    def _prepare_ship_back_move(self, picking_type):
        self.ensure_one()
        return {
            "name": self.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom.id,
            "product_uom_qty": self.quantity,
            "location_id": self.location_dest_id.id,
            "location_dest_id": self.location_id.id,
            "picking_type_id": picking_type.id,
            # a return of the receipt, not refunded: sale counts it neither as
            # delivered nor as returned
            "origin_returned_move_id": self.id,
            "sale_line_id": self.sale_line_id.id,
            "to_refund": False,
            "procure_method": "make_to_stock",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "group_id": self.group_id.id,
            "warehouse_id": picking_type.warehouse_id.id,
        }
