# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Marketing campaigns (MC): the campaign targets of a lead."""

from odoo import fields
from odoo import models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    campaign_target_ids = fields.One2many(
        comodel_name="sale.campaign.target",
        inverse_name="lead_id",
        string="Campaign Targets",
    )
