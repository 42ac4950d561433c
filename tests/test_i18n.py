# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase
from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "sales_marketing"


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
