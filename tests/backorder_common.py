# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo import fields

from .common import SalesMarketingCase


class BackorderCase(SalesMarketingCase):
    """Stocked items with controlled quantities, a vendor and helpers for
    purchases and reservations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Leverantör AB"})
        cls.customer_b = cls.env["res.partner"].create({"name": "Kund B AB"})
        cls.item = cls._create_item("Bolt")
        cls.item_b = cls._create_item("Nut")
        cls.today = fields.Date.context_today(cls.env["sale.backorder.line"])

    @classmethod
    def _create_item(cls, name, on_hand=0.0, **vals):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 10.0,
                "standard_price": 4.0,
                "taxes_id": [Command.clear()],
                "supplier_taxes_id": [Command.clear()],
                **vals,
            }
        )
        if on_hand:
            cls._set_on_hand(product, on_hand)
        return product

    @classmethod
    def _set_on_hand(cls, product, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, location or cls.stock_location, qty
        )

    @classmethod
    def _confirmed_order(cls, lines, **vals):
        order = cls._create_order(lines, **vals)
        order.action_confirm()
        return order

    @classmethod
    def _create_purchase(cls, lines, vendor=None, confirm=True, **vals):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": (vendor or cls.vendor).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": 4.0,
                            "taxes_id": [Command.clear()],
                        }
                    )
                    for product, qty in lines
                ],
                **vals,
            }
        )
        if confirm:
            order.button_confirm()
        return order

    def _receive(self, purchase, quantities, backorder=True):
        picking = purchase.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        self.assertEqual(len(picking), 1, "one open receipt expected")
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, move.product_uom_qty)
            move.picked = True
        picking.with_context(cancel_backorder=not backorder)._action_done()
        return picking

    # The reports are SQL views: forget what was read of them before, as a new
    # request of the web client would.
    def _backorders(self, orders):
        self.env["sale.backorder.line"].invalidate_model()
        return self.env["sale.backorder.line"].search([("order_id", "in", orders.ids)])

    def _purchase_backorders(self, orders):
        self.env["purchase.backorder.line"].invalidate_model()
        return self.env["purchase.backorder.line"].search(
            [("order_reference", "in", orders.mapped("name"))]
        )

    def _item_row(self, product, warehouse=None):
        self.env["sale.backorder.item"].invalidate_model()
        return self.env["sale.backorder.item"].search(
            [
                ("product_id", "=", product.id),
                ("warehouse_id", "=", (warehouse or self.warehouse).id),
            ]
        )

    @staticmethod
    def _days_ago(days):
        return fields.Datetime.now() - timedelta(days=days)
