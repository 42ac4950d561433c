# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Returned orders (OT-4) on the receipt: its RMA number."""

from odoo import fields
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    rma_number = fields.Char(
        related="sale_id.rma_number",
        string="RMA Number",
        help="RMA number of the returned order this receipt belongs to.",
    )
