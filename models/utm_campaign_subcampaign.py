# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-9: subcampaigns. A campaign may have a parent; its results (MC-5) roll
up into every campaign above it, each target, opportunity and order counted
once (``sale.campaign.report._get_results``)."""

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import ValidationError


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"
    _parent_name = "parent_id"
    _parent_store = True

    # === FIELDS ===

    parent_id = fields.Many2one(
        comodel_name="utm.campaign",
        string="Parent Campaign",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The campaign this one is part of: its results count in the "
        "parent's results too.",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        comodel_name="utm.campaign",
        inverse_name="parent_id",
        string="Subcampaigns",
    )
    subcampaign_count = fields.Integer(
        string="Number of Subcampaigns",
        compute="_compute_subcampaign_count",
    )

    # === COMPUTE METHODS ===

    @api.depends("child_ids")
    def _compute_subcampaign_count(self):
        counts = dict(
            self.env["utm.campaign"]._read_group(
                [("parent_id", "in", self._origin.ids)], ["parent_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.subcampaign_count = counts.get(campaign._origin, 0)

    # === CONSTRAINT METHODS ===

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            self._raise_own_subcampaign(self)

    # === CRUD METHODS ===

    def write(self, vals):
        if vals.get("parent_id"):
            # before Odoo's parent store refuses it with a bare "Recursion"
            parent = self.browse(vals["parent_id"])
            loops = self.filtered(
                lambda c: (
                    c.parent_path
                    and (parent.parent_path or "").startswith(c.parent_path)
                )
            )
            if loops:
                self._raise_own_subcampaign(loops)
        return super().write(vals)

    # === ACTION METHODS ===

    def action_view_subcampaigns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.utm_campaign_action_sales"
        )
        action["domain"] = [("parent_id", "=", self.id)]
        action["context"] = {
            "default_parent_id": self.id,
            "default_campaign_type": self.campaign_type or "telemarketing",
        }
        return action

    # === BUSINESS METHODS ===

    def _raise_own_subcampaign(self, campaigns):
        raise ValidationError(
            self.env._(
                "Campaign %(campaign)s cannot be its own subcampaign, even "
                "through others: choose another parent campaign.",
                campaign=", ".join(campaigns.mapped("display_name")),
            )
        )
