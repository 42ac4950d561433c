# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleCampaignMassQuotation(models.TransientModel):
    """MC-11: mass quotations (D365 *mass create quotations*): one quotation
    per positive target of a campaign from a quotation template, in one action,
    carrying the campaign, its medium and the target's responsible. A target
    that has its quotation already gets no second one."""

    _name = "sale.campaign.mass.quotation"
    _description = "Campaign Mass Quotations"

    # === FIELDS ===

    campaign_id = fields.Many2one(
        comodel_name="utm.campaign",
        required=True,
        ondelete="cascade",
    )
    sale_order_template_id = fields.Many2one(
        comodel_name="sale.order.template",
        string="Quotation Template",
        required=True,
        domain="[('company_id', 'in', [False, company_id])]",
    )
    company_id = fields.Many2one(related="campaign_id.company_id")
    quotation_count = fields.Integer(
        string="Quotations to Create",
        compute="_compute_quotation_count",
        help="Positive targets without a quotation yet.",
    )
    existing_count = fields.Integer(
        string="Already Quoted",
        compute="_compute_quotation_count",
        help="Positive targets that have their quotation already: they get no "
        "second one.",
    )

    # === COMPUTE METHODS ===

    @api.depends("campaign_id")
    def _compute_quotation_count(self):
        for wizard in self:
            targets = wizard._get_positive_targets()
            wizard.existing_count = len(targets.filtered("order_id"))
            wizard.quotation_count = len(targets) - wizard.existing_count

    # === ACTION METHODS ===

    def action_create_quotations(self):
        self.ensure_one()
        if self.campaign_id.campaign_stage == "cancelled":
            raise UserError(
                self.env._(
                    "Campaign %(campaign)s is cancelled: it makes no quotations.",
                    campaign=self.campaign_id.display_name,
                )
            )
        targets = self._get_positive_targets()
        new_targets = targets.filtered(lambda t: not t.order_id)
        if not new_targets:
            raise UserError(
                self.env._(
                    "Every positive target of campaign %(campaign)s has its "
                    "quotation already (or none responded positively).",
                    campaign=self.campaign_id.display_name,
                )
            )
        new_targets._get_or_create_quotations(self.sale_order_template_id)
        return new_targets._action_open_records(new_targets.order_id)

    # === BUSINESS METHODS ===

    def _get_positive_targets(self):
        self.ensure_one()
        if not self.campaign_id:
            return self.env["sale.campaign.target"]
        return self.env["sale.campaign.target"].search(
            [("campaign_id", "=", self.campaign_id.id), ("response", "=", "positive")]
        )
