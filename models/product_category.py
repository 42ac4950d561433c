# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The category path, shared by the features that match products by category
(sales agreements, up-sell and cross-sell rules)."""

from odoo import models


class ProductCategory(models.Model):
    _inherit = "product.category"

    def _get_path_ids(self):
        """The ids of this category and of its parents, root first: read from
        Odoo's materialized ``parent_path`` (no query); none for no category."""
        if not self:
            return []
        self.ensure_one()
        return [int(part) for part in (self.parent_path or "").split("/") if part]
