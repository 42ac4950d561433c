# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The access matrix of README.md, proven user by user, and multi-company."""

import re
from datetime import timedelta

from odoo import Command
from odoo import fields
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import SalesMarketingCase

OPERATIONS = {"read": "read", "write": "write", "create": "create", "delete": "unlink"}
USERS = ["salesperson", "sales manager", "accountant", "internal user", "portal"]


def read_matrix():
    """{model: {user kind: (set of operations, own_only)}} from README.md."""
    with open(f"{get_module_path('sales_marketing')}/README.md") as readme:
        text = readme.read()
    block = text.split("<!-- access-matrix -->")[1].split("<!-- /access-matrix -->")[0]
    matrix = {}
    for row in block.strip().splitlines()[2:]:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        model = cells[0].strip("`")
        matrix[model] = {}
        for kind, cell in zip(USERS, cells[1:], strict=True):
            own = cell.startswith("own:")
            words = re.findall(r"read|write|create|delete", cell)
            matrix[model][kind] = ({OPERATIONS[w] for w in words}, own)
    return matrix


@tagged("post_install", "-at_install")
class TestAccessMatrix(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "salesperson": cls.salesman,
            "sales manager": new_test_user(
                cls.env, login="sm_acl_manager", groups="sales_team.group_sale_manager"
            ),
            "accountant": new_test_user(
                cls.env,
                login="sm_acl_accountant",
                groups="account.group_account_invoice",
            ),
            "internal user": new_test_user(
                cls.env, login="sm_acl_internal", groups="base.group_user"
            ),
            "portal": new_test_user(
                cls.env, login="sm_acl_portal", groups="base.group_portal"
            ),
        }
        cls.matrix = read_matrix()
        cls.records = cls._sample_records()

    @classmethod
    def _sample_records(cls):
        today = fields.Date.context_today(cls.env["sale.order"])
        agreement = cls.env["sale.agreement"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": today - timedelta(days=1),
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "qty_committed": 5,
                            "price_unit": 9,
                        }
                    )
                ],
            }
        )
        agreement.action_confirm()  # its first version
        receivable = cls.env["account.account"].create(
            {
                "name": "Matrix receivable",
                "code": "151098",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        # an order of the salesperson with goods short: a sales backorder
        short = cls.env["product.product"].create(
            {"name": "Short", "type": "consu", "is_storable": True}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_line": [Command.create({"product_id": short.id})],
            }
        )
        order.action_confirm()
        vendor = cls.env["res.partner"].create({"name": "Matrix vendor"})
        purchase = cls.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create({"product_id": short.id, "product_qty": 3})
                ],
            }
        )
        purchase.button_confirm()
        rule = cls.env["sale.suggestion.rule"].create(
            {
                "name": "Matrix rule",
                "trigger_product_ids": [Command.set(cls.product.ids)],
                "suggested_product_ids": [Command.set(short.ids)],
            }
        )
        event = cls.env["sale.suggestion.event"].create(
            {
                "rule_id": rule.id,
                "event_type": "offered",
                "product_id": short.id,
                "user_id": cls.salesman.id,
            }
        )
        subscription = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_type": "subscription",
                "subscription_date_start": today - timedelta(days=40),
                "order_line": [Command.create({"product_id": cls.service.id})],
            }
        )
        subscription.action_confirm()
        subscription.action_invoice_subscription_period()
        campaign = cls.env["utm.campaign"].create(
            {"name": "Matrix campaign", "campaign_type": "telemarketing"}
        )
        target = cls.env["sale.campaign.target"].create(
            {
                "campaign_id": campaign.id,
                "partner_id": vendor.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.env.flush_all()
        project = cls.env["project.project"].create(
            {"name": "Matrix project", "partner_id": cls.customer.id}
        )
        task = cls.env["project.task"].create(
            {"name": "Matrix task", "project_id": project.id}
        )
        material = cls.env["project.task.material"].create(
            {"task_id": task.id, "product_id": cls.product_b.id}
        )
        return {
            "project.task.material": material,
            "sale.subscription.period": subscription.subscription_period_ids,
            "sale.subscription.period.line": (
                subscription.subscription_period_ids.line_ids
            ),
            "sale.campaign.target": target,
            "res.partner.stage.history": cls.env["res.partner.stage.history"].search(
                [("partner_id", "=", vendor.id)]
            ),
            "res.partner.stage.report": cls.env["res.partner.stage.report"].search(
                [("partner_id", "=", vendor.id)], limit=1
            ),
            "sale.campaign.report": cls.env["sale.campaign.report"].search(
                [("campaign_id", "=", campaign.id)]
            ),
            "sale.suggestion.rule": rule,
            "sale.suggestion.event": event,
            "sale.agreement": agreement,
            "sale.agreement.line": agreement.line_ids,
            "sale.agreement.classification": agreement.classification_id,
            "sale.agreement.version": agreement.version_ids[:1],
            "sale.return.reason": cls.env["sale.return.reason"].create(
                {"code": "ACL", "name": "Matrix"}
            ),
            "sale.return.reason.group": cls.env["sale.return.reason.group"].create(
                {"code": "ACL", "name": "Matrix"}
            ),
            "sale.return.disposition": cls.env["sale.return.disposition"].create(
                {"code": "ACL", "name": "Matrix"}
            ),
            "account.posting.profile": cls.env["account.posting.profile"].create(
                {"name": "Matrix", "account_id": receivable.id}
            ),
            **cls._sample_invoicing_records(),
            "sale.backorder.line": cls.env["sale.backorder.line"].search(
                [("order_id", "=", order.id)]
            ),
            "sale.backorder.item": cls.env["sale.backorder.item"].search(
                [("product_id", "=", short.id)]
            ),
            "purchase.backorder.line": cls.env["purchase.backorder.line"].search(
                [("product_id", "=", short.id)]
            ),
            "sale.on.time.report": cls._sample_on_time_row(),
        }

    @classmethod
    def _sample_on_time_row(cls):
        """An order of the salesperson delivered in full (BO-7)."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids._action_done()
        return cls.env["sale.on.time.report"].search([("order_id", "=", order.id)])

    @classmethod
    def _sample_invoicing_records(cls):
        income = cls.env["account.account"].search(
            [("company_ids", "in", cls.company.id), ("account_type", "=", "income")],
            limit=1,
        )
        tax = cls.env["account.tax"].create(
            {"name": "Matrix moms", "amount": 25.0, "type_tax_use": "sale"}
        )
        template = cls.env["account.free.text.template"].create(
            {
                "name": "Matrix",
                "partner_id": cls.customer.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Matrix",
                            "account_id": income.id,
                            "amount": 10.0,
                            "tax_ids": [Command.set(tax.ids)],
                            "distribution_type": "percent",
                            "distribution_ids": [
                                Command.create(
                                    {"account_id": income.id, "value": 100.0}
                                )
                            ],
                        }
                    )
                ],
            }
        )
        return {
            "account.free.text.template": template,
            "account.free.text.template.line": template.line_ids,
            "account.free.text.template.distribution": (
                template.line_ids.distribution_ids
            ),
            "sale.order.type.setting": cls.env["sale.order.type.setting"].create(
                {"order_type": "journal"}
            ),
        }

    def test_matrix_covers_every_model_of_the_addon(self):
        ours = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "sales_marketing"
            and not model._transient
            and not model._abstract
        }
        self.assertEqual(ours, set(self.matrix))

    def test_matrix_allowed_and_refused(self):
        for model, by_kind in self.matrix.items():
            record = self.records[model]
            self.assertTrue(record, f"no sample record of {model}")
            for kind, (allowed, __) in by_kind.items():
                user = self.users[kind]
                for operation in OPERATIONS.values():
                    if operation == "create":
                        granted = self.env[model].with_user(user).has_access("create")
                    else:
                        granted = record.with_user(user).has_access(operation)
                    self.assertEqual(
                        granted,
                        operation in allowed,
                        f"{kind} {operation} {model}: expected "
                        f"{'allowed' if operation in allowed else 'refused'}",
                    )

    def test_matrix_own_documents(self):
        """Rows marked *own*: another salesperson's order stays hidden."""
        other = new_test_user(
            self.env, login="sm_acl_other", groups="sales_team.group_sale_salesman"
        )
        for model, by_kind in self.matrix.items():
            __, own = by_kind["salesperson"]
            record = self.records[model]
            if not own:
                continue
            self.assertTrue(record.with_user(self.salesman).has_access("read"))
            self.assertFalse(record.with_user(other).has_access("read"), model)

    def test_refused_operations_raise_and_write_nothing(self):
        agreement = self.records["sale.agreement"]
        with self.assertRaises(AccessError):
            agreement.with_user(self.salesman).write({"max_is_enforced": True})
        with self.assertRaises(AccessError):
            agreement.with_user(self.users["portal"]).read(["name"])
        with self.assertRaises(AccessError):
            self.records["account.posting.profile"].with_user(
                self.users["sales manager"]
            ).unlink()
        agreement.invalidate_recordset()
        self.assertFalse(agreement.max_is_enforced)
        self.assertTrue(self.records["account.posting.profile"].exists())


@tagged("post_install", "-at_install")
class TestMultiCompany(SalesMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Företag B AB"})
        cls.user_b = new_test_user(
            cls.env,
            login="sm_company_b",
            groups="sales_team.group_sale_manager,stock.group_stock_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        today = fields.Date.context_today(cls.env["sale.order"])
        cls.agreement_a = cls.env["sale.agreement"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": today - timedelta(days=1),
                "line_ids": [
                    Command.create({"product_id": cls.product.id, "qty_committed": 5})
                ],
            }
        )
        cls.agreement_a.action_set_effective()
        cls.returned_a = cls._create_order(order_type="returned")
        cls.reason_a = cls.env["sale.return.reason"].create(
            {"code": "MC-A", "name": "Company A only", "company_id": cls.company.id}
        )
        cls.order_a = cls._create_order([(cls.product, 1.0)])
        cls.order_a.action_confirm()
        cls.partner_a = cls.env["res.partner"].create(
            {"name": "Only in A", "company_id": cls.company.id}
        )
        cls.campaign_a = cls.env["utm.campaign"].create(
            {
                "name": "Campaign of A",
                "campaign_type": "telemarketing",
                "company_id": cls.company.id,
            }
        )
        cls.target_a = cls.env["sale.campaign.target"].create(
            {"campaign_id": cls.campaign_a.id, "partner_id": cls.partner_a.id}
        )
        cls.rule_a = cls.env["sale.suggestion.rule"].create(
            {
                "name": "Rule of A",
                "company_id": cls.company.id,
                "trigger_product_ids": [Command.set(cls.product.ids)],
                "suggested_product_ids": [Command.set(cls.product_b.ids)],
            }
        )

    def test_company_b_never_sees_company_a(self):
        env_b = self.env(user=self.user_b)
        self.assertFalse(env_b["sale.agreement"].search([]) & self.agreement_a)
        self.assertFalse(
            env_b["sale.agreement.line"].search([]) & self.agreement_a.line_ids
        )
        self.assertFalse(env_b["sale.return.reason"].search([]) & self.reason_a)
        self.assertFalse(
            env_b["sale.agreement.version"].search([]) & self.agreement_a.version_ids
        )
        self.assertTrue(self.agreement_a.version_ids)
        self.assertFalse(
            env_b["sale.order"].search(
                [("rma_number", "=", self.returned_a.rma_number)]
            )
        )
        self.assertFalse(
            env_b["sale.backorder.line"].search([("order_id", "=", self.order_a.id)])
        )
        with self.assertRaises(AccessError):
            self.agreement_a.with_user(self.user_b).read(["name"])
        self.assertFalse(env_b["utm.campaign"].search([]) & self.campaign_a)
        self.assertFalse(env_b["sale.campaign.target"].search([]) & self.target_a)
        self.assertFalse(env_b["sale.campaign.report"].search([]).campaign_id)
        self.assertFalse(env_b["sale.suggestion.rule"].search([]) & self.rule_a)
        self.assertFalse(
            env_b["res.partner.stage.history"].search(
                [("partner_id", "=", self.partner_a.id)]
            )
        )
        with self.assertRaises(AccessError):
            self.target_a.with_user(self.user_b).read(["response"])

    def test_cross_company_links_refused(self):
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create({"partner_id": self.customer.id, "company_id": self.company_b.id})
        )
        with self.assertRaises(UserError):
            order_b.write(
                {
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "agreement_line_id": self.agreement_a.line_ids.id,
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(UserError):
            order_b.return_reason_id = self.reason_a
        with self.assertRaises(UserError):
            order_b.origin_order_id = self.order_a
        campaign_b = self.env["utm.campaign"].create(
            {
                "name": "Campaign of B",
                "campaign_type": "email",
                "company_id": self.company_b.id,
            }
        )
        with self.assertRaises(UserError):
            self.env["sale.campaign.target"].create(
                {"campaign_id": campaign_b.id, "partner_id": self.partner_a.id}
            )
        self.assertFalse(campaign_b.target_ids)
        self.assertFalse(order_b.order_line)

    def test_agreement_lookup_stays_in_the_company(self):
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company_b.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        self.assertFalse(order_b.order_line.agreement_line_id)
