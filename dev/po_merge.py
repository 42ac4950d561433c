"""Merge a .pot into .po files with polib (what msgmerge would do, without
fuzzy matching): keep existing translations, add new terms, drop stale ones,
take references/comments from the template.

Terms still empty that Odoo itself translates word for word (field labels
that every mail.thread model has, "Customer", "Status"...) get Odoo's own
translation from <ODOO_SRC>/**/i18n/<lang>.po, so that our wording matches the
rest of the Odoo client — unless i18n/GLOSSARY.md refuses it for Swedish (Odoo
says "Möjlighet", we say "affärstillfälle"). Everything else is left empty for a
translator."""

import glob
import importlib.util
import os
import sys

import polib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_glossary(lang):
    """The Swedish glossary checker (tests/glossary.py), or None for other
    languages."""
    if lang != "sv":
        return None
    spec = importlib.util.spec_from_file_location(
        "sales_marketing_glossary", os.path.join(REPO, "tests", "glossary.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Glossary.from_file(os.path.join(REPO, "i18n", "GLOSSARY.md"))


def odoo_translations(lang):
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo18")
    known = {}
    for path in sorted(glob.glob(f"{odoo_src}/odoo/addons/*/i18n/{lang}.po")):
        for entry in polib.pofile(path):
            if entry.msgstr and "fuzzy" not in entry.flags:
                known.setdefault(entry.msgid, entry.msgstr)
    return known


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    po = polib.pofile(po_path)
    lang = os.path.splitext(os.path.basename(po_path))[0]
    known = {(e.msgctxt, e.msgid): e for e in po}
    odoo = None
    glossary = load_glossary(lang)
    refused = 0
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = po.metadata or pot.metadata
    merged.header = po.header
    from_odoo = 0
    for entry in pot:
        old = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = old.msgstr if old else ""
        if not entry.msgstr:
            if odoo is None:
                odoo = odoo_translations(lang)
            if entry.msgid in odoo:
                if glossary and glossary.check(entry.msgid, odoo[entry.msgid]):
                    refused += 1  # Odoo's wording, not the D365 one: translate
                else:
                    entry.msgstr = odoo[entry.msgid]
                    from_odoo += 1
        merged.append(entry)
    merged.save(po_path)
    missing = sum(1 for e in merged if not e.msgstr)
    print(
        f"{po_path}: {len(merged)} terms, {from_odoo} taken from Odoo's own "
        f"translations ({refused} of Odoo's refused by i18n/GLOSSARY.md), "
        f"{missing} untranslated"
    )


if __name__ == "__main__":
    template, *targets = sys.argv[1:]
    for target in targets:
        merge(template, target)
