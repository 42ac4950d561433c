# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError

RELATIONSHIP_STAGES = [
    ("party", "Party"),
    ("prospect", "Prospect"),
    ("lead", "Lead"),
    ("opportunity", "Opportunity"),
    ("customer", "Customer"),
]
STAGE_RANK = {stage: rank for rank, (stage, _label) in enumerate(RELATIONSHIP_STAGES)}

# Context key set while the addon itself writes the stage: such writes are
# either logged by the caller or a synchronisation of a company's contacts.
STAGE_SYNC_KEY = "sales_marketing_stage_sync"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === FIELDS ===

    relationship_stage = fields.Selection(
        selection=RELATIONSHIP_STAGES,
        required=True,
        default="party",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Where the party stands in the sales lifecycle. Companies and their "
        "contacts share the stage of the commercial entity. It advances "
        "automatically (campaign target → Prospect, lead → Lead, opportunity "
        "→ Opportunity, first confirmed sales order → Customer) and never "
        "moves back unless changed by hand.",
    )
    customer_since = fields.Date(
        copy=False,
        readonly=True,
        help="Date of the first confirmed sales or subscription order.",
    )
    stage_history_ids = fields.One2many(
        comodel_name="res.partner.stage.history",
        inverse_name="partner_id",
    )
    stage_history_count = fields.Integer(
        compute="_compute_stage_history_count",
        groups="sales_team.group_sale_salesman",
    )

    # === COMPUTE METHODS ===

    def _compute_stage_history_count(self):
        commercial_partners = self.commercial_partner_id
        counts = dict(
            self.env["res.partner.stage.history"]._read_group(
                [("partner_id", "in", commercial_partners.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.stage_history_count = counts.get(partner.commercial_partner_id, 0)

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        # A stage given at creation (import, XML-RPC) is a change by hand:
        # create the partner as a party and log the change (RL-3).
        initial_stages = [vals.pop("relationship_stage", "party") for vals in vals_list]
        partners = super().create(vals_list)
        for partner, stage in zip(partners, initial_stages, strict=True):
            if stage != "party" and partner.commercial_partner_id == partner:
                partner._set_relationship_stage(stage, manual=True)
        return partners

    def write(self, vals):
        if "relationship_stage" not in vals or self.env.context.get(STAGE_SYNC_KEY):
            return super().write(vals)
        # A direct write (XML-RPC, import) is a change by hand on the
        # commercial entity, logged like the wizard's (RL-2, RL-3).
        vals = dict(vals)
        stage = vals.pop("relationship_stage")
        result = super().write(vals) if vals else True
        self.commercial_partner_id._set_relationship_stage(stage, manual=True)
        # contacts written before their company was (e.g. batch imports)
        out_of_sync = self.filtered(
            lambda p: p.relationship_stage != p.commercial_partner_id.relationship_stage
        )
        for partner in out_of_sync:
            partner.with_context(**{STAGE_SYNC_KEY: True}).write(
                partner.commercial_partner_id._update_fields_values(
                    ["relationship_stage", "customer_since"]
                )
            )
        return result

    # === ACTION METHODS ===

    def action_open_stage_wizard(self):
        """Open the wizard that sets the relationship stage by hand."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Relationship Stage"),
            "res_model": "res.partner.stage.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": self.ids,
            },
        }

    def action_view_stage_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.res_partner_stage_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action

    # === BUSINESS METHODS ===

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "relationship_stage", "customer_since"]

    def _commercial_sync_from_company(self):
        return super(
            ResPartner, self.with_context(**{STAGE_SYNC_KEY: True})
        )._commercial_sync_from_company()

    def _commercial_sync_to_children(self, fields_to_sync=None):
        return super(
            ResPartner, self.with_context(**{STAGE_SYNC_KEY: True})
        )._commercial_sync_to_children(fields_to_sync=fields_to_sync)

    def _advance_relationship_stage(self, stage, sources=None, date=None):
        """RL-2: move the commercial entities of ``self`` forward to ``stage``.

        Never moves a partner backwards: partners already at ``stage`` or
        beyond are left untouched. Every change is logged in the stage history
        (RL-3) with its source document.

        :param stage: a key of ``RELATIONSHIP_STAGES``
        :param sources: the source document of the change, either one record
            for all partners or a dict ``{commercial partner id: record}``
        :param date: date of the change (customer since), default today
        :return: the commercial partners that moved
        """
        partners = self.commercial_partner_id.filtered(
            lambda p: STAGE_RANK[p.relationship_stage] < STAGE_RANK[stage]
        )
        partners._set_relationship_stage(stage, sources=sources, date=date)
        return partners

    def _set_relationship_stage(
        self, stage, sources=None, manual=False, reason=False, date=None
    ):
        """Set ``stage`` on the commercial partners in ``self`` and log it.

        The single place that writes the stage: automatic advancement goes
        through :meth:`_advance_relationship_stage`, changes by hand (wizard,
        XML-RPC write) call this directly with ``manual=True``.
        """
        if stage not in STAGE_RANK:
            raise UserError(
                self.env._("%(stage)s is not a relationship stage.", stage=stage)
            )
        partners = self.commercial_partner_id.filtered(
            lambda p: p.relationship_stage != stage
        )
        if not partners:
            return partners
        now = fields.Datetime.now()
        history_vals = []
        for partner in partners:
            source = sources.get(partner.id) if isinstance(sources, dict) else sources
            history_vals.append(
                partner._prepare_stage_history_vals(
                    stage, source=source, manual=manual, reason=reason, date=now
                )
            )
        vals = {"relationship_stage": stage}
        # the stage belongs to sales, not to the contact data: a salesperson
        # without the right to edit contacts still moves it (ACLs are checked
        # on the documents or the wizard that call this method)
        partners_sudo = partners.sudo().with_context(**{STAGE_SYNC_KEY: True})
        if stage == "customer":
            new_customers = partners_sudo.filtered(lambda p: not p.customer_since)
            new_customers.write(
                {**vals, "customer_since": date or fields.Date.context_today(self)}
            )
            (partners_sudo - new_customers).write(vals)
        else:
            partners_sudo.write(vals)
        # history rows are an audit trail: only the system writes them
        self.env["res.partner.stage.history"].sudo().create(history_vals)
        return partners

    def _prepare_stage_history_vals(
        self, stage, source=None, manual=False, reason=False, date=None
    ):
        self.ensure_one()
        return {
            "partner_id": self.id,
            "stage_from": self.relationship_stage,
            "stage_to": stage,
            "date": date or fields.Datetime.now(),
            "source_ref": f"{source._name},{source.id}" if source else False,
            "user_id": self.env.uid,
            "is_manual": manual,
            "reason": reason,
        }
