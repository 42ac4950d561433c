# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tests import tagged

from ..models.sale_campaign_report import SUMMED_COLUMNS as SUMMED
from ..models.utm_campaign_marketing import RESULT_FIELDS
from .common import SalesMarketingCase


@tagged("post_install", "-at_install")
class TestCampaignSubcampaigns(SalesMarketingCase):
    """MC-9: subcampaigns and the results roll-up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env, login="sm_sub_seller", groups="sales_team.group_sale_salesman"
        )
        cls.other_seller = new_test_user(
            cls.env, login="sm_sub_other", groups="sales_team.group_sale_salesman"
        )
        Campaign = cls.env["utm.campaign"]
        cls.main = Campaign.create(
            {
                "name": "Vårkampanj",
                "campaign_type": "telemarketing",
                "budget": 1000.0,
                "user_id": cls.seller.id,
            }
        )
        cls.sub_a = Campaign.create(
            {
                "name": "Vår Syd",
                "campaign_type": "telemarketing",
                "budget": 500.0,
                "parent_id": cls.main.id,
            }
        )
        cls.sub_a1 = Campaign.create(
            {
                "name": "Vår Syd Skåne",
                "campaign_type": "direct_mail",
                "budget": 250.0,
                "parent_id": cls.sub_a.id,
            }
        )
        cls.sub_b = Campaign.create(
            {
                "name": "Vår Norr",
                "campaign_type": "email",
                "budget": 0.0,
                "parent_id": cls.main.id,
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Delföretag {i}"} for i in range(4)]
        )
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.eur.id,
                "company_id": cls.company.id,
                "name": fields.Date.today() - timedelta(days=1),
                "rate": 0.9123,
            }
        )
        cls.pricelist_eur = cls.env["product.pricelist"].create(
            {"name": "Euro delkampanj", "currency_id": cls.eur.id}
        )

    def _targets(self, campaign, partners, **vals):
        return self.env["sale.campaign.target"].create(
            [
                {"campaign_id": campaign.id, "partner_id": partner.id, **vals}
                for partner in partners
            ]
        )

    def _order(self, campaign, price, user=None, **vals):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "campaign_id": campaign.id,
                "user_id": (user or self.seller).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "product_uom_qty": 1,
                            "price_unit": price,
                        }
                    )
                ],
                **vals,
            }
        )
        order.action_confirm()
        return order

    def _fill(self):
        """The same partner in the main campaign and a subcampaign, responses
        of each kind, orders in the company currency and in euros."""
        main_targets = self._targets(self.main, self.partners[:2])
        main_targets[0].action_response_positive()
        a_targets = self._targets(self.sub_a, self.partners[:3])
        a_targets[0].action_response_negative()
        a_targets[1].action_response_no_answer()
        a1_targets = self._targets(self.sub_a1, self.partners[2:])
        a1_targets.write({"contacted": True})
        a1_targets[0].action_response_positive()
        b_targets = self._targets(self.sub_b, self.partners[3:])
        b_targets.opt_in = False
        self.env["crm.lead"].create(
            [
                {"name": "Syd affär", "type": "opportunity", "campaign_id": c.id}
                for c in (self.sub_a, self.sub_a1, self.main)
            ]
        )
        self._order(self.main, 400.0)
        self._order(self.sub_a1, 123.45, pricelist_id=self.pricelist_eur.id)
        self._order(
            self.sub_b,
            77.77,
            user=self.other_seller,
            pricelist_id=self.pricelist_eur.id,
        )
        self.env.flush_all()

    def _report_sums(self, domain):
        [row] = self.env["sale.campaign.report"]._read_group(
            domain, [], [f"{column}:sum" for column in SUMMED]
        )
        return dict(zip(SUMMED, row, strict=True))

    def test_mc9_results_roll_up_without_double_counts_to_the_cent(self):
        self._fill()
        campaigns = self.main | self.sub_a | self.sub_a1 | self.sub_b
        campaigns.invalidate_recordset()
        # a campaign without subcampaigns shows its own row, to the cent
        for leaf in (self.sub_a1, self.sub_b):
            row = self.env["sale.campaign.report"].search(
                [("campaign_id", "=", leaf.id)]
            )
            for field_name, column in RESULT_FIELDS.items():
                with self.subTest(campaign=leaf.name, field=field_name):
                    self.assertEqual(leaf[field_name], row[column])
        # revenue of each campaign in the company currency at the order's own
        # rate, rounded once per campaign: 123.45 / 0.9123 = 135.3173 -> 135.32,
        # 77.77 / 0.9123 = 85.2461 -> 85.25
        self.assertEqual(self.sub_a1.campaign_revenue, 135.32)
        self.assertEqual(self.sub_b.campaign_revenue, 85.25)
        # a parent: its own row plus every row below it, each counted once
        expected = {
            self.main: {
                "target_count": 8,
                "opt_in_count": 7,
                "contacted_count": 5,
                "positive_count": 2,
                "negative_count": 1,
                "no_answer_count": 1,
                "response_count": 3,
                "opportunity_count": 3,
                "quotation_count": 0,
                "order_count": 3,
                "revenue": 620.57,
            },
            self.sub_a: {
                "target_count": 5,
                "opt_in_count": 5,
                "contacted_count": 4,
                "positive_count": 1,
                "negative_count": 1,
                "no_answer_count": 1,
                "response_count": 2,
                "opportunity_count": 2,
                "quotation_count": 0,
                "order_count": 1,
                "revenue": 135.32,
            },
        }
        field_of = {column: name for name, column in RESULT_FIELDS.items()}
        for user in (self.env.user, self.seller):
            for parent, values in expected.items():
                record = parent.with_user(user)
                record.invalidate_recordset()
                for column, value in values.items():
                    with self.subTest(user=user.login, campaign=parent.name, f=column):
                        self.assertEqual(record[field_of[column]], value)
                # Campaign Analysis grouped by main campaign adds up the same
                sums = self._report_sums(
                    [("campaign_id", "child_of", parent.id)]
                    if parent != self.main
                    else [("top_campaign_id", "=", parent.id)]
                )
                self.assertEqual(sums, values)
        # the ratios are those of the sums
        self.assertAlmostEqual(self.main.response_rate, 100.0 * 3 / 5)
        self.assertEqual(self.main.cost_per_order, 583.33)  # 1750 / 3
        self.assertEqual(self.sub_a.cost_per_order, 750.0)  # 750 / 1
        # the main campaign's own row stays its own (no double count in pivots)
        own = self.env["sale.campaign.report"].search(
            [("campaign_id", "=", self.main.id)]
        )
        self.assertEqual((own.target_count, own.order_count), (2, 1))
        self.assertEqual(own.revenue, 400.0)
        [(total,)] = self.env["sale.campaign.report"]._read_group(
            [("campaign_id", "in", campaigns.ids)], [], ["revenue:sum"]
        )
        self.assertEqual(total, self.main.campaign_revenue)

    def test_mc9_moving_a_subcampaign_moves_its_results(self):
        self._fill()
        self.sub_a.parent_id = self.sub_b
        (self.main | self.sub_a | self.sub_b).invalidate_recordset()
        self.assertEqual(self.sub_b.target_count, 6)
        self.assertEqual(self.sub_b.campaign_revenue, 220.57)
        self.assertEqual(self.main.target_count, 8)
        self.assertEqual(self.main.subcampaign_count, 1)
        self.assertEqual(self.sub_b.subcampaign_count, 1)
        action = self.sub_b.action_view_subcampaigns()
        self.assertEqual(self.env["utm.campaign"].search(action["domain"]), self.sub_a)

    def test_mc9_a_campaign_cannot_be_its_own_subcampaign(self):
        with self.assertRaisesRegex(ValidationError, "its own subcampaign"):
            self.main.parent_id = self.sub_a1
        self.assertFalse(self.main.parent_id)
        with self.assertRaisesRegex(ValidationError, "its own subcampaign"):
            self.sub_b.parent_id = self.sub_b
        self.assertEqual(self.sub_b.parent_id, self.main)

    def test_mc9_campaign_list_of_200_with_subcampaigns_fixed_queries(self):
        """The campaign list (results, parents) costs the same queries for 20
        as for 200 campaigns with subcampaigns."""
        Campaign = self.env["utm.campaign"].with_user(self.seller)
        view = self.env.ref("sales_marketing.utm_campaign_view_list")
        fields_in_list = Campaign.get_views([(view.id, "list")])["models"][
            "utm.campaign"
        ]["fields"]
        self.assertIn("parent_id", fields_in_list)
        specification = {
            name: {"fields": {"display_name": {}}}
            if Campaign._fields[name].type == "many2one"
            else {}
            for name in fields_in_list
        }
        partner = self.partners[0]
        for count in (20, 200):
            parents = self.env["utm.campaign"].create(
                [
                    {"name": f"Huvud {count}-{i}", "campaign_type": "direct_mail"}
                    for i in range(count // 2)
                ]
            )
            children = self.env["utm.campaign"].create(
                [
                    {
                        "name": f"Del {count}-{i}",
                        "campaign_type": "direct_mail",
                        "parent_id": parent.id,
                    }
                    for i, parent in enumerate(parents)
                ]
            )
            self.env["sale.campaign.target"].create(
                [
                    {"campaign_id": campaign.id, "partner_id": partner.id}
                    for campaign in parents | children
                ]
            )
            self._order(children[0], 80.0)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(14):
                result = Campaign.web_search_read(
                    [("id", "in", (parents | children).ids)], specification
                )
            self.assertEqual(result["length"], count)
            by_id = {record["id"]: record for record in result["records"]}
            self.assertEqual(by_id[parents[0].id]["target_count"], 2)
            self.assertEqual(by_id[parents[0].id]["campaign_revenue"], 80.0)
            self.assertEqual(by_id[children[1].id]["target_count"], 1)
            self.assertEqual(by_id[children[1].id]["parent_id"]["id"], parents[1].id)
