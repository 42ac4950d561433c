# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import ValidationError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # === CRUD METHODS ===

    def write(self, vals):
        if vals.get("delivery_steps", "ship_only") != "ship_only":
            self._check_no_running_subscription()
        return super().write(vals)

    # === BUSINESS METHODS ===

    def _check_no_running_subscription(self):
        """OT-3: subscriptions deliver in one step, so a warehouse that running
        subscriptions deliver goods from keeps one-step deliveries (a
        subscription of services only delivers nothing)."""
        # sudo: the warehouse manager may not read the sales orders, and the
        # subscriptions of every user count
        subscriptions = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("warehouse_id", "in", self.ids),
                    ("order_type", "=", "subscription"),
                    ("state", "=", "sale"),
                    ("subscription_state", "=", "running"),
                    ("order_line.product_id.type", "=", "consu"),
                ]
            )
        )
        if subscriptions:
            raise ValidationError(
                self.env._(
                    "Warehouse %(warehouse)s delivers the goods of the running "
                    "subscriptions %(orders)s: it must keep delivering in one step."
                    " "
                    "Close the subscriptions or move them to another warehouse "
                    "first.",
                    warehouse=", ".join(
                        subscriptions.warehouse_id.mapped("display_name")
                    ),
                    orders=", ".join(subscriptions.mapped("display_name")),
                )
            )
