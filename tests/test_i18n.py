# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from collections import Counter

import polib

from odoo import Command
from odoo import fields
from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

from .glossary import Glossary

MODULE = "sales_marketing"
# %(name)s, %s, %%, {{ expression }} and XML tags (with their attributes)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr%]|\{\{.*?\}\}|<[^>]*>", re.S)
STRING_LITERAL = re.compile(r"'[^']*'")


@tagged("post_install", "-at_install")
class TestSwedishTranslation(TransactionCase):
    """Swedish is the users' first language: every term of ours is translated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("sv_SE")
        cls.env["ir.module.module"].search(
            [("name", "=", MODULE)]
        )._update_translations(["sv_SE"])
        cls.env_sv = cls.env(context=dict(cls.env.context, lang="sv_SE"))

    def test_every_term_translated(self):
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        terms = {row[4] for row in reader if row[0] == MODULE}
        self.assertTrue(terms)
        po = polib.pofile(f"{get_module_path(MODULE)}/i18n/sv.po")
        translated = {
            e.msgid for e in po if e.msgstr.strip() and "fuzzy" not in e.flags
        }
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            "Untranslated Swedish terms (run make pot, then translate i18n/sv.po):\n"
            + "\n".join(missing[:50]),
        )

    def test_swedish_loaded_in_the_client(self):
        order_fields = self.env_sv["sale.order"].fields_get(
            ["order_type", "sales_status"]
        )
        self.assertEqual(order_fields["order_type"]["string"], "Ordertyp")
        self.assertIn(("journal", "Journal"), order_fields["order_type"]["selection"])
        self.assertIn(
            ("returned", "Returnerad order"), order_fields["order_type"]["selection"]
        )
        line_fields = self.env_sv["sale.order.line"].fields_get(
            ["qty_deliver_remainder", "qty_invoice_remainder"]
        )
        self.assertEqual(line_fields["qty_deliver_remainder"]["string"], "Leveransrest")
        self.assertEqual(line_fields["qty_invoice_remainder"]["string"], "Fakturarest")
        action = self.env_sv.ref("sales_marketing.sale_order_action_journal")
        self.assertEqual(action.name, "Orderjournaler")

    def test_translations_keep_placeholders(self):
        """Placeholders, inline expressions and markup survive translation
        exactly (a lost %(name)s breaks the message, a lost tag the view)."""
        po = polib.pofile(f"{get_module_path(MODULE)}/i18n/sv.po")
        broken = []
        for entry in po:
            if not entry.msgstr:
                continue
            if Counter(PLACEHOLDER.findall(entry.msgid)) != Counter(
                PLACEHOLDER.findall(entry.msgstr)
            ):
                broken.append(entry.msgid)
            elif any(
                ref.startswith("ir.actions.report,print_report_name")
                for ref, __ in entry.occurrences
            ) and STRING_LITERAL.sub("''", entry.msgid) != STRING_LITERAL.sub(
                "''", entry.msgstr
            ):
                broken.append(entry.msgid)
        self.assertFalse(
            broken,
            "Translations that lose a placeholder or tag:\n"
            + "\n".join(map(repr, broken)),
        )

    # -- the D365 sv-SE glossary (i18n/GLOSSARY.md) -------------------------------
    def test_glossary_followed(self):
        """Every msgid that uses a glossary term is translated with the D365
        word, never with a word the glossary avoids."""
        glossary = Glossary.from_file(f"{get_module_path(MODULE)}/i18n/GLOSSARY.md")
        po = polib.pofile(f"{get_module_path(MODULE)}/i18n/sv.po")
        problems = [
            f"{v.term.name} → {v.term.swedish}: {v.problem}\n"
            f"    msgid:  {v.msgid!r}\n    msgstr: {v.msgstr!r}"
            for entry in po
            if entry.msgstr and "fuzzy" not in entry.flags
            for v in glossary.check(entry.msgid, entry.msgstr)
        ]
        if problems:
            self.fail(
                f"{len(problems)} translations in i18n/sv.po do not follow "
                "i18n/GLOSSARY.md (translate with the D365 term, or list the msgid "
                "under Exceptions with the reason):\n" + "\n".join(problems[:40])
            )
        stale = glossary.stale_exceptions(e.msgid for e in po)
        self.assertFalse(
            stale, f"GLOSSARY.md exceptions for msgids no longer in sv.po: {stale}"
        )
        names = {name.lower() for t in glossary.terms for name in (t.name, *t.english)}
        unknown = sorted(term for __, term in glossary.exceptions if term not in names)
        self.assertFalse(
            unknown, f"GLOSSARY.md exceptions for unknown terms: {unknown}"
        )

    def test_glossary_has_the_d365_terms(self):
        glossary = Glossary.from_file(f"{get_module_path(MODULE)}/i18n/GLOSSARY.md")
        swedish = {t.swedish for t in glossary.terms}
        for term in (
            "Journal", "Abonnemang", "Försäljningsorder", "Returnerad order",
            "Artikelbehov", "Öppen order", "Levererad", "Fakturerad", "Annullerad",
            "Leveransrest", "Fakturarest", "Försäljningsavtal", "Spärrad", "Giltig",
            "Stängd", "Restorder", "Följesedel", "Kundfaktura", "Fritextfaktura",
            "Proformafaktura", "Bokföringsprofil", "Samlingskonto", "Huvudkonto",
            "Merförsäljning", "Korsförsäljning", "Kampanj", "Part", "Prospekt",
            "Lead", "Affärstillfälle", "Kund",
        ):  # fmt: skip
            self.assertIn(term, swedish)
        for term in glossary.terms:
            self.assertTrue(term.forms, f"{term.name}: no Swedish forms")
            self.assertTrue(term.where, f"{term.name}: where does D365 use it?")

    def test_glossary_rules(self):
        """The checker itself: whole words, plurals, compounds, avoid words and
        exceptions behave as GLOSSARY.md describes."""
        glossary = Glossary.from_markdown(
            "| English | sv-SE (D365) | where D365 uses it | forms | avoid |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| Subscription | Abonnemang | order type | abonnemang-, -abonnemang- "
            "| prenumeration- |\n"
            "| Lead | Lead | lifecycle | lead- | kundämne- |\n"
            "| Open order | Öppen order | status | öppen order- | öppna order |\n"
            "| Up-sell | Merförsäljning | order entry | merförsälj- | |\n"
            "\n"
            "| msgid | term | reason |\n"
            "| --- | --- | --- |\n"
            "| `Lead time  of the line` | Lead | delivery lead time |\n"
        )

        def problems(msgid, msgstr):
            return [v.problem for v in glossary.check(msgid, msgstr)]

        self.assertEqual(problems("Subscriptions", "Abonnemang"), [])
        self.assertEqual(problems("Subscription Period", "Abonnemangsperiod"), [])
        self.assertEqual(problems("Running subscription", "Löpande kundabonnemang"), [])
        self.assertEqual(
            problems("Subscriptions", "Prenumerationer"),
            ['"Abonnemang" is missing', '"prenumeration-" is to avoid'],
        )
        self.assertEqual(
            problems("Subscription", "Abonnemang (förr prenumeration)"),
            ['"prenumeration-" is to avoid'],
        )
        # placeholders and markup are not words
        self.assertEqual(
            problems("%(subscription)s: done", "%(subscription)s: klart"), []
        )
        self.assertEqual(problems('<span class="lead">Hi</span>', "Hej"), [])
        # whole English words only; exceptions by msgid (white space collapsed)
        self.assertEqual(problems("Leading the way", "Först"), [])
        self.assertEqual(problems("Lead time\n of the line", "Radens ledtid"), [])
        self.assertEqual(
            problems("Lead time of the order", "Orderns ledtid"), ['"Lead" is missing']
        )
        self.assertEqual(
            problems("Leads", "Kundämnen"),
            ['"Lead" is missing', '"kundämne-" is to avoid'],
        )
        # phrases: the status, not the imperative
        self.assertEqual(problems("Open order", "Öppen order"), [])
        self.assertEqual(
            problems("Open order", "Öppna order"),
            ['"Öppen order" is missing', '"öppna order" is to avoid'],
        )
        # a hyphen in English may be a space, a hyphen or nothing
        self.assertEqual(
            problems("Upsell rules", "Regler"), ['"Merförsäljning" is missing']
        )
        self.assertEqual(problems("up sell", "merförsäljning"), [])
        self.assertEqual(glossary.stale_exceptions(["Lead time of the line"]), [])
        self.assertEqual(
            glossary.stale_exceptions(["Lead"]), [("Lead time of the line", "lead")]
        )

    def test_swedish_d365_terms_in_the_client(self):
        """A Swedish user sees the D365 words in selections, menus and buttons."""
        order_fields = self.env_sv["sale.order"].fields_get(
            ["order_type", "sales_status"]
        )
        self.assertEqual(
            dict(order_fields["order_type"]["selection"]),
            {
                "journal": "Journal",
                "subscription": "Abonnemang",
                "sales": "Försäljningsorder",
                "returned": "Returnerad order",
                "item_requirement": "Artikelbehov",
            },
        )
        self.assertEqual(
            dict(order_fields["sales_status"]["selection"]),
            {
                "open": "Öppen order",
                "delivered": "Levererad",
                "invoiced": "Fakturerad",
                "cancelled": "Annullerad",
            },
        )
        agreement_state = (
            self.env_sv["sale.agreement"]
            ._fields["state"]
            ._description_selection(self.env_sv)
        )
        self.assertEqual(
            dict(agreement_state),
            {"on_hold": "Spärrad", "effective": "Giltig", "closed": "Stängd"},
        )
        stage = dict(
            self.env_sv["res.partner"].fields_get(["relationship_stage"])[
                "relationship_stage"
            ]["selection"]
        )
        self.assertEqual(stage["party"], "Part")
        self.assertEqual(stage["prospect"], "Prospekt")
        self.assertEqual(stage["opportunity"], "Affärstillfälle")
        self.assertEqual(stage["customer"], "Kund")
        self.assertEqual(
            self.env_sv.ref("sales_marketing.sale_order_menu_subscription").name,
            "Abonnemang",
        )
        arch = self.env_sv["sale.agreement"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        # D365 confirms an agreement (it becomes effective, AG-12)
        self.assertIn('string="Bekräfta"', arch)
        self.assertIn('string="Spärra"', arch)
        self.assertNotIn("Pausad", arch)

    def test_swedish_message_and_report(self):
        """The same words in a user message and in a printed document."""
        customer = self.env["res.partner"].create(
            {"name": "Nordisk Möbel AB", "lang": "sv_SE"}
        )
        product = self.env["product.product"].create({"name": "Stol", "type": "consu"})
        agreement = self.env["sale.agreement"].create(
            {
                "partner_id": customer.id,
                "line_ids": [
                    Command.create({"product_id": product.id, "qty_committed": 5})
                ],
            }
        )
        with self.assertRaises(ValidationError) as error:
            agreement.with_context(lang="sv_SE")._check_orderable(fields.Date.today())
        message = str(error.exception)
        self.assertIn("Spärrad", message)
        self.assertIn("giltiga avtal", message)
        returned = self.env["sale.order"].create(
            {"partner_id": customer.id, "order_type": "returned"}
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "sales_marketing.report_sale_order_rma", returned.ids
        )
        html = html.decode()
        self.assertIn("Returorder", html)
        self.assertIn("Returnerad order", html)
        self.assertIn(returned.rma_number, html)
