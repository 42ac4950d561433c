# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleAgreementRelease(models.TransientModel):
    """AG-11: the release dialog: per agreement line, the quantity (or amount)
    and requested date of this call-off; the quotation is created from it."""

    _name = "sale.agreement.release"
    _description = "Sales Agreement Release"
    _check_company_auto = True

    # === FIELDS ===

    agreement_id = fields.Many2one(
        comodel_name="sale.agreement", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="agreement_id.company_id")
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    date_requested = fields.Date(
        string="Requested Date",
        compute="_compute_date_requested",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The default requested date of the lines.",
    )
    line_ids = fields.One2many(
        comodel_name="sale.agreement.release.line",
        inverse_name="release_id",
        string="Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )

    # === COMPUTE METHODS ===

    @api.depends("agreement_id")
    def _compute_date_requested(self):
        today = fields.Date.context_today(self)
        for release in self:
            release.date_requested = max(
                today, release.agreement_id.date_start or today
            )

    @api.depends("agreement_id")
    def _compute_line_ids(self):
        for release in self:
            release.line_ids = [Command.clear()] + [
                Command.create(vals)
                for vals in release.agreement_id.line_ids._prepare_release_lines()
            ]

    # === ACTION METHODS ===

    def action_create(self):
        """Create the quotation of this call-off; returns its form."""
        self.ensure_one()
        agreement = self.agreement_id
        lines = self.line_ids.filtered(lambda line: not line._is_empty())
        if not lines:
            raise UserError(
                self.env._(
                    "Enter the quantity or amount of at least one line to release "
                    "from agreement %(agreement)s.",
                    agreement=agreement.display_name,
                )
            )
        for line in lines:
            line._check_release_line()
        dates = [line.date_requested or self.date_requested for line in lines]
        vals = agreement._prepare_release_order(
            [line._prepare_order_line() for line in lines]
        )
        vals["commitment_date"] = fields.Datetime.to_datetime(min(dates))
        order = self.env["sale.order"].create(vals)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
