# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Free text invoice templates (IN-7): a customer's lines (account,
description, amount, taxes, optionally distributed over several accounts),
turned into a draft invoice in one click, or invoiced period by period on
the subscription period engine (OT-3) by its scheduled action."""

import logging
from datetime import timedelta

from odoo import Command
from odoo import api
from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError

from .utils import RECURRENCE_UNITS
from .utils import get_period_start
from .utils import is_concurrency_error
from .utils import lock_rows

_logger = logging.getLogger(__name__)


class AccountFreeTextTemplate(models.Model):
    _name = "account.free.text.template"
    _description = "Free Text Invoice Template"
    _inherit = ["mail.thread"]
    _order = "partner_id, name, id"
    _check_company_auto = True

    # === FIELDS ===

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    posting_profile_id = fields.Many2one(
        comodel_name="account.posting.profile",
        check_company=True,
        help="Empty: the profile proposed for the customer.",
    )
    line_ids = fields.One2many(
        comodel_name="account.free.text.template.line",
        inverse_name="template_id",
        string="Lines",
        copy=True,
    )
    amount_untaxed = fields.Monetary(compute="_compute_amount_untaxed")
    is_recurring = fields.Boolean(
        string="Recurring",
        tracking=True,
        help="Invoice this template every period: the scheduled action of "
        "subscriptions creates and posts one invoice per period.",
    )
    recurrence_interval = fields.Integer(string="Invoice Every", default=1)
    recurrence_unit = fields.Selection(selection=RECURRENCE_UNITS, default="month")
    date_start = fields.Date(
        string="First Period",
        help="First day of the first period (month-end safe, as subscriptions).",
    )
    date_end = fields.Date(
        string="Last Period",
        help="Optional: no period starting after this day is invoiced.",
    )
    period_index = fields.Integer(string="Invoiced Periods", readonly=True, copy=False)
    next_invoice_date = fields.Date(
        compute="_compute_next_invoice_date",
        store=True,
        index="btree_not_null",
        help="The first day of the next period; it is invoiced that day.",
    )
    recurring_error = fields.Text(
        copy=False,
        readonly=True,
        help="Why the last scheduled invoicing failed; the scheduled action "
        "skips the template until it is saved again.",
    )
    invoice_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="free_text_template_id",
        string="Invoices",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    # === COMPUTE METHODS ===

    @api.depends("line_ids.amount")
    def _compute_amount_untaxed(self):
        for template in self:
            template.amount_untaxed = sum(template.line_ids.mapped("amount"))

    @api.depends(
        "is_recurring",
        "active",
        "date_start",
        "date_end",
        "period_index",
        "recurrence_interval",
        "recurrence_unit",
    )
    def _compute_next_invoice_date(self):
        for template in self:
            date = False
            if (
                template.is_recurring
                and template.active
                and template.date_start
                and template.recurrence_interval > 0
                and template.recurrence_unit
            ):
                date = template._get_period_date(template.period_index)
                if template.date_end and date > template.date_end:
                    date = False
            template.next_invoice_date = date

    def _compute_invoice_count(self):
        data = dict(
            self.env["account.move"]._read_group(
                [("free_text_template_id", "in", self.ids)],
                ["free_text_template_id"],
                ["__count"],
            )
        )
        for template in self:
            template.invoice_count = data.get(template, 0)

    # === CONSTRAINT METHODS ===

    @api.constrains("is_recurring", "recurrence_interval", "date_start", "date_end")
    def _check_recurrence(self):
        for template in self.filtered("is_recurring"):
            if template.recurrence_interval < 1 or not template.date_start:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s: a recurring template needs a first "
                        "period and Invoice Every of 1 or more.",
                        template=template.display_name,
                    )
                )
            if template.date_end and template.date_end < template.date_start:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s: the last period is before the first.",
                        template=template.display_name,
                    )
                )

    # === CRUD METHODS ===

    def write(self, vals):
        if set(vals) - {"period_index", "recurring_error"}:
            # a template saved again is retried by the scheduled action
            vals = dict(vals, recurring_error=False)
        return super().write(vals)

    # === ACTION METHODS ===

    def action_create_invoice(self):
        """IN-7, button and public API: the draft free text invoice of this
        template; returns its form."""
        self.ensure_one()
        invoice = self._create_invoices()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.account_move_action_free_text"
        )
        action.update(
            views=[
                (
                    self.env.ref("sales_marketing.account_move_view_form_free_text").id,
                    "form",
                )
            ],
            res_id=invoice.id,
        )
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_marketing.account_move_action_free_text"
        )
        action["domain"] = [("free_text_template_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # === BUSINESS METHODS ===

    def _get_period_date(self, index):
        self.ensure_one()
        return get_period_start(
            self.date_start, self.recurrence_interval, self.recurrence_unit, index
        )

    def _create_invoices(self, periods=None):
        """Draft free text invoices, one per template (``periods``: {template:
        (start, end)} for recurring invoices)."""
        periods = periods or {}
        vals_list = []
        for template in self:
            if not template.line_ids:
                raise UserError(
                    self.env._(
                        "Template %(template)s has no lines.",
                        template=template.display_name,
                    )
                )
            vals_list.append(template._prepare_invoice_vals(periods.get(template)))
        return (
            self.env["account.move"]
            .with_context(default_move_type="out_invoice")
            .create(vals_list)
        )

    def _prepare_invoice_vals(self, period=None):
        self.ensure_one()
        vals = {
            "move_type": "out_invoice",
            "is_free_text": True,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "free_text_template_id": self.id,
            "invoice_line_ids": [
                Command.create(line_vals)
                for line in self.line_ids
                for line_vals in line._prepare_invoice_line_vals()
            ],
        }
        if self.posting_profile_id:
            vals["posting_profile_id"] = self.posting_profile_id.id
        if period:
            start, end = period
            vals.update(
                free_text_period_start=start,
                invoice_date=start,
                ref=self.env._(
                    "%(template)s, period %(start)s - %(end)s",
                    template=self.name,
                    start=start,
                    end=end,
                ),
            )
        return vals

    @api.model
    def _invoice_due_periods(self, date, limit=None):
        """IN-7 on the OT-3 engine, run by the subscriptions' scheduled action:
        create and post one invoice per due period (oldest first) of the
        recurring templates, each template in a savepoint (a broken one keeps
        its error, the others go on). Templates another run is invoicing are
        skipped (row locks) and a period is invoiced once (unique per
        template and period). Returns the invoices."""
        due = self.search(
            [
                ("is_recurring", "=", True),
                ("next_invoice_date", "<=", date),
                ("recurring_error", "=", False),
            ],
            order="next_invoice_date, id",
            limit=limit,
        )
        invoices = self.env["account.move"]
        for template in lock_rows(due, skip_locked=True):
            try:
                with self.env.cr.savepoint():
                    invoices |= template._invoice_periods_until(date)
            except Exception as error:
                if is_concurrency_error(error):
                    raise
                _logger.warning(
                    "Recurring template %s could not be invoiced: %s",
                    template.display_name,
                    error,
                )
                self.env.invalidate_all()
                message = str(error.args[0] if error.args else error)
                template.write({"recurring_error": message})
                template.message_post(
                    body=self.env._(
                        "The scheduled invoicing of this template failed: %(error)s",
                        error=message,
                    )
                )
        return invoices

    def _invoice_periods_until(self, date):
        self.ensure_one()
        self.invalidate_recordset(["period_index", "next_invoice_date"])
        invoices = self.env["account.move"]
        while self.next_invoice_date and self.next_invoice_date <= date:
            start = self._get_period_date(self.period_index)
            end = self._get_period_date(self.period_index + 1) - timedelta(days=1)
            invoice = self._create_invoices({self: (start, end)})
            invoice.action_post()
            invoices |= invoice
            self.write({"period_index": self.period_index + 1})
        return invoices
