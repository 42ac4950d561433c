# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import Counter
from itertools import cycle

from markupsafe import Markup

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError


class SaleCampaignTargetDistribute(models.TransientModel):
    """MC-8: distribute a campaign's targets among salespeople (D365 *target
    distribution by responsibility*): round robin over chosen salespeople, or
    each target to its partner's salesperson or, in turn, to the members of
    that salesperson's sales team; only the unassigned targets, or all of
    them. The wizard shows how many targets each salesperson gets before
    applying."""

    _name = "sale.campaign.target.distribute"
    _description = "Distribute Campaign Targets"

    # === FIELDS ===

    campaign_id = fields.Many2one(
        comodel_name="utm.campaign",
        required=True,
        ondelete="cascade",
    )
    method = fields.Selection(
        selection=[
            ("round_robin", "Round robin over salespeople"),
            ("partner_salesperson", "Partner's salesperson"),
            ("sales_team", "Sales team of the partner's salesperson"),
        ],
        string="Distribute By",
        required=True,
        default="round_robin",
    )
    scope = fields.Selection(
        selection=[("unassigned", "Unassigned targets"), ("all", "All targets")],
        string="Targets",
        required=True,
        default="unassigned",
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Salespeople",
        domain="[('share', '=', False)]",
        help="Round robin: the targets are dealt out to them in turn.",
    )
    target_count = fields.Integer(
        string="Targets to Distribute",
        compute="_compute_preview",
    )
    unassigned_count = fields.Integer(
        string="Left Unassigned",
        compute="_compute_preview",
        help="Targets whose partner has no salesperson (or whose salesperson "
        "has no sales team).",
    )
    preview = fields.Html(
        string="Distribution",
        compute="_compute_preview",
        sanitize=False,
    )

    # === COMPUTE METHODS ===

    @api.depends("campaign_id", "method", "scope", "user_ids")
    def _compute_preview(self):
        for wizard in self:
            assignment = wizard._get_assignment()
            counts = Counter(assignment.values())
            wizard.target_count = len(assignment)
            wizard.unassigned_count = counts.pop(self.env["res.users"], 0)
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
                % (user.display_name, count)
                for user, count in sorted(
                    counts.items(), key=lambda item: item[0].display_name
                )
            )
            wizard.preview = (
                Markup("<table class='table table-sm'>%s</table>") % rows
                if rows
                else False
            )

    # === ACTION METHODS ===

    def action_apply(self):
        self.ensure_one()
        self.campaign_id._check_not_ended(
            self.env._("its targets are not distributed any more")
        )
        if self.method == "round_robin" and not self.user_ids:
            raise UserError(
                self.env._("Choose the salespeople to deal the targets out to.")
            )
        assignment = {
            target: user for target, user in self._get_assignment().items() if user
        }
        if not assignment:
            raise UserError(
                self.env._(
                    "No target of campaign %(campaign)s to distribute: all are "
                    "assigned, or their partners have no salesperson.",
                    campaign=self.campaign_id.display_name,
                )
            )
        for user, targets in self._group_by_user(assignment).items():
            self._assign_targets(targets, user)
        return self.campaign_id.action_view_targets()

    # === BUSINESS METHODS ===

    def _get_targets(self):
        self.ensure_one()
        domain = [("campaign_id", "=", self.campaign_id.id)]
        if self.scope == "unassigned":
            domain.append(("user_id", "=", False))
        return self.env["sale.campaign.target"].search(domain, order="id")

    def _get_assignment(self):
        """{target: user} for the targets in scope (an empty user: left
        unassigned)."""
        self.ensure_one()
        if not self.campaign_id:
            return {}
        targets = self._get_targets()
        return getattr(self, f"_assign_{self.method}")(targets)

    def _assign_round_robin(self, targets):
        users = self.user_ids.sorted(lambda u: (u.name or "", u.id))
        if not users:
            return dict.fromkeys(targets, self.env["res.users"])
        return dict(zip(targets, cycle(users)))

    def _assign_partner_salesperson(self, targets):
        return {
            target: target.partner_id.commercial_partner_id.user_id
            or target.partner_id.user_id
            for target in targets
        }

    def _assign_sales_team(self, targets):
        """Round robin inside the sales team of each partner's salesperson,
        over its members."""
        assignment = {}
        dealers = {}
        for target in targets:
            partner = target.partner_id
            salesperson = partner.commercial_partner_id.user_id or partner.user_id
            team = salesperson.sale_team_id
            members = team.member_ids.filtered(lambda u: not u.share)
            if not members:
                assignment[target] = self.env["res.users"]
                continue
            if team not in dealers:
                dealers[team] = cycle(members.sorted(lambda u: (u.name or "", u.id)))
            assignment[target] = next(dealers[team])
        return assignment

    def _assign_targets(self, targets, user):
        """The targets and their pending calls go to ``user``."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        targets.activity_ids.filtered(lambda a: a.activity_type_id == call_type).write(
            {"user_id": user.id}
        )
        targets.write({"user_id": user.id})

    def _group_by_user(self, assignment):
        grouped = {}
        for target, user in assignment.items():
            grouped.setdefault(user, self.env["sale.campaign.target"])
            grouped[user] |= target
        return grouped
