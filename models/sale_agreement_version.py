# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from markupsafe import Markup
from markupsafe import escape

from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import html2plaintext


class SaleAgreementVersion(models.Model):
    """AG-12: what an agreement said when it was confirmed (immutable): its
    printed document and a snapshot of its terms and lines to compare."""

    _name = "sale.agreement.version"
    _description = "Sales Agreement Version"
    _order = "agreement_id, version desc"
    _rec_name = "name"
    _sql_constraints = [
        (
            "version_uniq",
            "unique(agreement_id, version)",
            "An agreement has each version once.",
        ),
    ]

    # === FIELDS ===

    agreement_id = fields.Many2one(
        comodel_name="sale.agreement",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="agreement_id.company_id", store=True, index=True
    )
    name = fields.Char(readonly=True, required=True)
    version = fields.Integer(readonly=True, required=True)
    date = fields.Datetime(readonly=True, required=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Confirmed By", readonly=True
    )
    document = fields.Binary(attachment=True, readonly=True)
    document_name = fields.Char(readonly=True)
    snapshot = fields.Json(readonly=True)
    previous_version_id = fields.Many2one(
        comodel_name="sale.agreement.version",
        compute="_compute_previous_version_id",
    )
    change_summary = fields.Html(
        string="Changes",
        compute="_compute_change_summary",
        sanitize=False,
        help="What changed since the previous version.",
    )

    # === COMPUTE METHODS ===

    @api.depends("agreement_id.version_ids.version")
    def _compute_previous_version_id(self):
        for version in self:
            earlier = version.agreement_id.version_ids.filtered(
                lambda v, version=version: v.version < version.version
            )
            version.previous_version_id = max(
                earlier, key=lambda v: v.version, default=self.browse()
            )

    @api.depends("snapshot", "previous_version_id")
    def _compute_change_summary(self):
        for version in self:
            if not version.previous_version_id:
                version.change_summary = escape(self.env._("First version."))
                continue
            version.change_summary = self._render_changes(
                version.previous_version_id._get_changes(version)
            )

    # === CRUD METHODS ===

    def write(self, vals):
        if self:
            raise UserError(
                self.env._(
                    "Version %(version)s is a record of what was confirmed and cannot "
                    "be changed: change the agreement and confirm it again.",
                    version=self[:1].display_name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Version %(version)s is a record of what was confirmed and cannot be "
                "deleted.",
                version=self[:1].display_name,
            )
        )

    # === ACTION METHODS ===

    def action_print(self):
        """Re-print: the document as it was printed at confirmation."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/document/"
            f"{self.document_name}?download=true",
            "target": "self",
        }

    def action_compare(self):
        """Compare two versions (of the same agreement): what changed."""
        if len(self) != 2 or len(self.agreement_id) != 1:
            raise UserError(
                self.env._("Select two versions of one agreement to compare them.")
            )
        older, newer = self.sorted("version")
        wizard = self.env["sale.agreement.version.compare"].create(
            {"version_from_id": older.id, "version_to_id": newer.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compare Versions"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # === BUSINESS METHODS ===

    def _create_for(self, agreements):
        """Store the next version of each of ``agreements`` with its printed
        document; returns the versions."""
        report = self.env.ref("sales_marketing.sale_agreement_report")
        vals_list = []
        for agreement in agreements:
            number = agreement.version + 1
            content, ext = self._render_document(report, agreement, number)
            name = self.env._(
                "%(agreement)s version %(version)s",
                agreement=agreement.name,
                version=number,
            )
            vals_list.append(
                {
                    "agreement_id": agreement.id,
                    "version": number,
                    "name": name,
                    "date": fields.Datetime.now(),
                    "user_id": self.env.uid,
                    "document": base64.b64encode(content),
                    "document_name": f"{name.replace('/', '_')}.{ext}",
                    "snapshot": self._get_snapshot(agreement),
                }
            )
        # sudo: versions are written by the server alone (no group may create
        # them, so none can be forged); the user confirmed the agreement
        versions = self.sudo().create(vals_list)
        agreements.invalidate_recordset(["version_ids", "version"])
        for version in versions:
            version.agreement_id.message_post(
                body=self.env._(
                    "Version %(version)s confirmed.", version=version.version
                ),
                attachment_ids=[],
            )
        return versions.sudo(False)

    def _render_document(self, report, agreement, number):
        """The printed agreement of version ``number``: the PDF when confirmed
        through the server (web client, XML-RPC); its HTML where no web server
        answers for wkhtmltopdf to fetch the styles from (module installation,
        demo data, scripts) or the server has no wkhtmltopdf, so that
        confirming never fails or waits for it."""
        report = report.with_context(agreement_version=number)
        if not request or report.get_wkhtmltopdf_state() == "install":
            return report._render_qweb_html(report.report_name, agreement.ids)
        return report._render_qweb_pdf(report.report_name, agreement.ids)

    def _get_snapshot(self, agreement):
        """The terms and lines of ``agreement`` as the user reads them
        (labels and formatted values), for comparing versions."""

        def label(record, fname):
            return record._fields[fname]._description_string(self.env)

        def value(record, fname):
            field = record._fields[fname]
            raw = record[fname]
            if field.type == "many2one":
                return raw.display_name or ""
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(raw, "")
            if field.type == "boolean":
                return self.env._("Yes") if raw else self.env._("No")
            if field.type == "html":
                return html2plaintext(raw or "").strip()
            return str(raw or "")

        terms = {
            label(agreement, fname): value(agreement, fname)
            for fname in agreement._get_version_term_fields()
        }
        lines = {}
        for line in agreement.line_ids:
            lines[line._get_target_name()] = {
                label(line, fname): value(line, fname)
                for fname in line._get_version_line_fields()
            }
        return {"terms": terms, "lines": lines}

    def _get_changes(self, other):
        """What changed from this version to ``other``: a list of dicts
        ``what``, ``old``, ``new`` (terms first, then the lines)."""
        self.ensure_one()
        old, new = self.snapshot or {}, other.snapshot or {}
        changes = []
        old_terms, new_terms = old.get("terms", {}), new.get("terms", {})
        for label in dict.fromkeys([*old_terms, *new_terms]):
            if old_terms.get(label) != new_terms.get(label):
                changes.append(
                    {
                        "what": label,
                        "old": old_terms.get(label, ""),
                        "new": new_terms.get(label, ""),
                    }
                )
        old_lines, new_lines = old.get("lines", {}), new.get("lines", {})
        for target in dict.fromkeys([*old_lines, *new_lines]):
            before, after = old_lines.get(target), new_lines.get(target)
            if before is None:
                changes.append(
                    {"what": target, "old": "", "new": self.env._("Line added")}
                )
            elif after is None:
                changes.append(
                    {"what": target, "old": self.env._("Line removed"), "new": ""}
                )
            else:
                for label in dict.fromkeys([*before, *after]):
                    if before.get(label) != after.get(label):
                        changes.append(
                            {
                                "what": f"{target}: {label}",
                                "old": before.get(label, ""),
                                "new": after.get(label, ""),
                            }
                        )
        return changes

    def _render_changes(self, changes):
        if not changes:
            return escape(self.env._("No changes."))
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (change["what"], change["old"], change["new"])
            for change in changes
        )
        return Markup(
            '<table class="table table-sm o_agreement_changes"><thead><tr>'
            "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
        ) % (self.env._("What"), self.env._("Before"), self.env._("After"), rows)


class SaleAgreementVersionCompare(models.TransientModel):
    _name = "sale.agreement.version.compare"
    _description = "Compare Sales Agreement Versions"

    # === FIELDS ===

    version_from_id = fields.Many2one(
        comodel_name="sale.agreement.version", string="From", required=True
    )
    version_to_id = fields.Many2one(
        comodel_name="sale.agreement.version", string="To", required=True
    )
    change_summary = fields.Html(
        string="Changes", compute="_compute_change_summary", sanitize=False
    )

    # === COMPUTE METHODS ===

    @api.depends("version_from_id", "version_to_id")
    def _compute_change_summary(self):
        for wizard in self:
            if wizard.version_from_id and wizard.version_to_id:
                wizard.change_summary = wizard.version_from_id._render_changes(
                    wizard.version_from_id._get_changes(wizard.version_to_id)
                )
            else:
                wizard.change_summary = False
