# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""MC-4 and MC-11: a positive response starts the sales process (an
opportunity or a quotation, one per target, from a quotation template when
mass quotations are made)."""

from odoo import Command
from odoo import models
from odoo.exceptions import UserError

from .utils import lock_rows


class SaleCampaignTarget(models.Model):
    _inherit = "sale.campaign.target"

    # === ACTION METHODS ===

    def action_start_sales_process(self):
        """MC-4: turn positive responses into opportunities (or quotations, as
        the campaign says) carrying the campaign, the partner and the
        responsible, in one click."""
        self._check_can_start_sales_process()
        by_kind = self.grouped(lambda t: t.campaign_id.sales_process_start)
        quotation_targets = by_kind.get("quotation", self.browse())
        opportunity_targets = self - quotation_targets
        leads = opportunity_targets._get_or_create_opportunities()
        orders = quotation_targets._get_or_create_quotations()
        if orders and not leads:
            return self._action_open_records(orders)
        return self._action_open_records(leads)

    def action_create_quotation(self):
        """MC-4: a quotation for positive responses, linked to their
        opportunity when there is one."""
        self._check_can_start_sales_process()
        return self._action_open_records(self._get_or_create_quotations())

    # === BUSINESS METHODS ===

    def _check_can_start_sales_process(self):
        not_positive = self.filtered(lambda t: t.response != "positive")
        if not_positive:
            raise UserError(
                self.env._(
                    "Only positive responses start the sales process; %(targets)s "
                    "did not respond positively.",
                    targets=", ".join(not_positive.mapped("display_name")),
                )
            )

    def _get_or_create_opportunities(self):
        """The opportunity of each target: its own when it has one, its lead
        converted, or a new one."""
        for target in self.filtered(lambda t: t.lead_id.type == "lead"):
            lead = target.lead_id
            lead.convert_opportunity(lead.partner_id or target.partner_id)
            if not lead.campaign_id:
                lead.campaign_id = target.campaign_id
        new_targets = self.filtered(lambda t: not t.lead_id)
        if new_targets:
            new_leads = self.env["crm.lead"].create(
                [target._prepare_opportunity_vals() for target in new_targets]
            )
            for target, lead in zip(new_targets, new_leads, strict=True):
                target.lead_id = lead
        return self.lead_id

    def _prepare_opportunity_vals(self):
        self.ensure_one()
        return {
            "name": self.display_name,
            "type": "opportunity",
            "partner_id": self.partner_id.id,
            "campaign_id": self.campaign_id.id,
            "medium_id": self._get_medium().id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id or self.env.company.id,
            "description": self.note,
        }

    def _get_or_create_quotations(self, template=None):
        """The quotation of each target: its own, or a new one (from the
        quotation ``template`` when given). A target gets one quotation, even
        when two users make them at once: the targets are locked and read
        again first."""
        lock_rows(self)
        self.invalidate_recordset(["order_id"])
        new_targets = self.filtered(lambda t: not t.order_id)
        if new_targets:
            orders = self.env["sale.order"].create(
                [target._prepare_quotation_vals(template) for target in new_targets]
            )
            for target, order in zip(new_targets, orders, strict=True):
                target.order_id = order
        return self.order_id

    def _prepare_quotation_vals(self, template=None):
        self.ensure_one()
        vals = {
            "partner_id": self.partner_id.id,
            "campaign_id": self.campaign_id.id,
            "medium_id": self._get_medium().id,
            "user_id": self.user_id.id,
            "origin": self.campaign_id.title,
            "note": self.note or False,
        }
        if self.company_id:
            vals["company_id"] = self.company_id.id
        if self.lead_id:
            vals["opportunity_id"] = self.lead_id.id
            if self.lead_id.team_id:
                vals["team_id"] = self.lead_id.team_id.id
        if template:
            vals.update(self._prepare_quotation_template_vals(template))
        return vals

    def _prepare_quotation_template_vals(self, template):
        """MC-11: the template's lines and options, in the partner's language,
        through sale_management's own line hooks."""
        self.ensure_one()
        template = template.with_context(lang=self.partner_id.lang)
        lines = [
            Command.create(line._prepare_order_line_values())
            for line in template.sale_order_template_line_ids
        ]
        if lines:
            # the first line before the page's others, as Odoo's template does
            lines[0][2]["sequence"] = -99
        return {
            "sale_order_template_id": template.id,
            "order_line": lines,
            "sale_order_option_ids": [
                Command.create(option._prepare_option_line_values())
                for option in template.sale_order_template_option_ids
            ],
        }

    def _action_open_records(self, records):
        if len(records) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": records._name,
                "res_id": records.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        return {
            "type": "ir.actions.act_window",
            "name": records._description,
            "res_model": records._name,
            "domain": [("id", "in", records.ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "target": "current",
        }
