# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import ValidationError


class AccountAccount(models.Model):
    _inherit = "account.account"

    # === CRUD METHODS ===

    def write(self, vals):
        if vals.get("account_type", "asset_receivable") != "asset_receivable":
            self._check_not_posting_profile_account()
        return super().write(vals)

    # === BUSINESS METHODS ===

    def _check_not_posting_profile_account(self):
        """IN-3: a summary account of a posting profile stays receivable."""
        # sudo: the profiles of every company using the account count, also
        # those the accountant changing the account cannot read
        profiles = (
            self.env["account.posting.profile"]
            .sudo()
            .with_context(active_test=False)
            .search([("account_id", "in", self.ids)])
        )
        if profiles:
            raise ValidationError(
                self.env._(
                    "%(accounts)s is the summary account of posting profile "
                    "%(profiles)s and must stay a receivable account. "
                    "Change the profiles first.",
                    accounts=", ".join(profiles.account_id.mapped("display_name")),
                    profiles=", ".join(profiles.mapped("display_name")),
                )
            )
