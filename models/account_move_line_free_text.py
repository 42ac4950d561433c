# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import models
from odoo.exceptions import ValidationError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # === COMPUTE METHODS ===

    def _compute_account_id(self):
        res = super()._compute_account_id()
        # IN-3: new receivable lines of a move with a posting profile
        for line in self:
            profile = line.move_id.posting_profile_id
            if line.display_type == "payment_term" and profile:
                line.account_id = profile.account_id
        return res

    # === CONSTRAINT METHODS ===

    @api.constrains("product_id")
    def _check_free_text_product(self):
        for line in self:
            if line.product_id and line.move_id.is_free_text:
                raise ValidationError(
                    self.env._(
                        "Free text invoice %(move)s: free text lines have no product "
                        "(%(product)s).",
                        move=line.move_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
