# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rescheduled backorders (BO-5) and delay notices (BO-6) on the order line:
a new confirmed date moves the pending deliveries and is written in the
order's chatter; lines moved later can be announced to their customer, one
e-mail per customer through Odoo's mail queue."""

from collections import defaultdict

from odoo import fields
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools import format_date

from .utils import lock_rows


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === CRUD METHODS ===

    def write(self, vals):
        if "confirmed_date" not in vals or self.env.context.get("sm_rescheduling"):
            return super().write(vals)
        # BO-5 on every write path: a new confirmed date of a confirmed line
        # (an import, an integration, the order's delivery date) moves its
        # deliveries and is logged, as rescheduling does
        old = {line: line.confirmed_date for line in self if line.state == "sale"}
        res = super().write(vals)
        changes = {
            line: (old_date, line.confirmed_date)
            for line, old_date in old.items()
            if line.confirmed_date and line.confirmed_date != old_date
        }
        if changes:
            lines = self.union(*changes)
            lines._plan_pending_moves(changes)
            lines._post_reschedule_message(changes)
        return res

    # === BUSINESS METHODS ===

    def _reschedule_confirmed_dates(self, new_dates):
        """BO-5: give the lines of ``new_dates`` ({line: date}) their new
        confirmed date; their pending moves to the customer (and the steps
        before them) are planned for it, and each order's chatter lists old ->
        new. Returns {line: (old, new)} of the lines that changed."""
        lines = self.union(*new_dates)
        lines.check_access("write")
        lines = lock_rows(lines)
        lines.invalidate_recordset(["confirmed_date"])
        for line in lines:
            if line.state != "sale":
                raise UserError(
                    self.env._(
                        "%(order)s is not a confirmed order: its lines are not "
                        "backorders to reschedule.",
                        order=line.order_id.name,
                    )
                )
            if line.order_id.locked:
                raise UserError(
                    self.env._(
                        "%(order)s is locked: unlock it to reschedule its lines.",
                        order=line.order_id.name,
                    )
                )
        changes = {}
        for line in lines:
            new = fields.Date.to_date(new_dates[line])
            if not new:
                raise UserError(
                    self.env._(
                        "%(order)s, %(product)s: a new confirmed date is needed.",
                        order=line.order_id.name,
                        product=line.product_id.display_name,
                    )
                )
            if new != line.confirmed_date:
                changes[line] = (line.confirmed_date, new)
        if not changes:
            return {}
        for line, (_old, new) in changes.items():
            line.sudo().with_context(sm_rescheduling=True).confirmed_date = new
        self.union(*changes)._plan_pending_moves(changes)
        self.union(*changes)._post_reschedule_message(changes)
        return changes

    def _plan_pending_moves(self, changes):
        """The pending moves of the lines of ``changes`` ({line: (old, new)})
        move with their confirmed date: the delivery is planned for the new
        date (same time of day), the steps feeding it (pick, pack) move by as
        many days, so the route's delays between them hold; the transfers'
        scheduled dates follow (Odoo computes them from the moves)."""
        self.sudo().move_ids.fetch(["state", "date", "move_orig_ids"])
        for line, (old, new) in changes.items():
            pending = line.sudo().move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            if not pending:
                continue
            last = max(pending, key=lambda m: m.date)
            shift = new - (old or last.date.date())
            todo, seen = pending, self.env["stock.move"]
            while todo:
                for move in todo:
                    move.date = move.date + shift
                seen |= todo
                todo = (
                    todo.move_orig_ids.filtered(
                        lambda m: m.state not in ("done", "cancel")
                    )
                    - seen
                )

    def _post_reschedule_message(self, changes):
        self._post_lines_note(
            self.env._("Confirmed dates rescheduled"),
            {
                line: f"{format_date(self.env, old) if old else '—'}"
                f" → {format_date(self.env, new)}"
                for line, (old, new) in changes.items()
            },
        )

    def _get_purchase_supply_dates(self):
        """BO-5 "from the purchase lines": {line: (date, purchase line)} — the
        date each of these lines can be delivered by, from what feeds it: the
        purchase line its delivery waits on (make to order), otherwise, per
        product and warehouse, the free stock first and then the open
        purchase lines by expected date, shared out to the waiting lines in
        the order the warehouse serves them (urgent first, then by confirmed
        date). Lines nothing covers are left out."""
        result = {}
        linked = self.env["sale.order.line"]
        for line in self:
            feeding = (
                line.sudo()
                .move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
                .move_orig_ids.purchase_line_id.filtered(
                    lambda p: p.state in ("purchase", "done")
                )
            )
            if feeding:
                latest = max(feeding, key=lambda p: p.date_planned)
                result[line] = (
                    fields.Date.context_today(self, timestamp=latest.date_planned),
                    latest,
                )
                linked |= line
        others = self - linked
        if not others:
            return result
        backorders = self.env["sale.backorder.line"].sudo()
        for (product, warehouse), waiting in others.grouped(
            lambda line: (line.product_id, line.warehouse_id)
        ).items():
            queue = backorders.search(
                [
                    ("product_id", "=", product.id),
                    ("warehouse_id", "=", warehouse.id),
                ]
            )  # in the order the warehouse serves them (the report's order)
            supply = self._get_purchase_supply(product, warehouse)
            rounding = product.uom_id.rounding
            for row in queue:
                need = row.product_qty_backorder - row.qty_reserved
                covered_by = None
                while float_compare(need, 0, precision_rounding=rounding) > 0:
                    if not supply:
                        covered_by = False
                        break
                    date, purchase_line, qty = supply[0]
                    take = min(qty, need)
                    need -= take
                    covered_by = (date, purchase_line)
                    if float_compare(qty - take, 0, precision_rounding=rounding) > 0:
                        supply[0] = (date, purchase_line, qty - take)
                    else:
                        supply.pop(0)
                if row.sale_line_id in waiting and covered_by and covered_by[1]:
                    result[row.sale_line_id] = covered_by
        return result

    def _get_purchase_supply(self, product, warehouse):
        """[(date, purchase line or None, qty in the product's unit)]: the
        free stock of ``warehouse`` (no date, None), then its open purchase
        lines of ``product`` by expected date."""
        free = product.with_context(warehouse_id=warehouse.id).free_qty
        supply = [(None, None, free)] if free > 0 else []
        purchase_rows = (
            self.env["purchase.backorder.line"]
            .sudo()
            .search(
                [("product_id", "=", product.id), ("warehouse_id", "=", warehouse.id)],
                order="date_planned, id",
            )
        )
        for row in purchase_rows:
            supply.append(
                (row.date_planned, row.purchase_line_id, row.product_qty_backorder)
            )
        return supply

    def _send_delay_notices(self, changes):
        """BO-6: one e-mail per customer (the order's commercial partner)
        listing its delayed lines with old and new dates, in the customer's
        language, queued in Odoo's mail queue; each order logs the notice.
        ``changes``: {line: (old, new)}; only lines moved later count.
        Returns the queued mails."""
        delayed = {
            line: (old, new)
            for line, (old, new) in changes.items()
            if old and new and new > old
        }
        template = self.env.ref(
            "sales_marketing.mail_template_sale_delay_notice", raise_if_not_found=False
        )
        mails = self.env["mail.mail"]
        if not delayed or not template:
            return mails
        by_customer = defaultdict(dict)
        for line, dates in delayed.items():
            by_customer[line.order_id.partner_id.commercial_partner_id][line] = dates
        for customer, rows in by_customer.items():
            recipient = (
                customer if customer.email else next(iter(rows)).order_id.partner_id
            )
            lang = recipient.lang or self.env.lang
            values = [
                {
                    "order": line.order_id.name,
                    "product": line.with_context(lang=lang).product_id.display_name,
                    "qty": line.qty_deliver_remainder,
                    "uom": line.with_context(lang=lang).product_uom.name,
                    "old": format_date(self.env, old, lang_code=lang),
                    "new": format_date(self.env, new, lang_code=lang),
                }
                for line, (old, new) in sorted(
                    rows.items(), key=lambda item: (item[0].order_id.name, item[0].id)
                )
            ]
            mail_id = (
                template.sudo()
                .with_context(delay_lines=values)
                .send_mail(recipient.id, force_send=False)
            )
            mail = self.env["mail.mail"].sudo().browse(mail_id)
            mails |= mail
            for order in self.union(*rows).order_id:
                order.sudo().message_post(
                    body=self.env._(
                        "Delay notice sent to %(customer)s (%(email)s).",
                        customer=recipient.display_name,
                        email=recipient.email or "—",
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return mails
