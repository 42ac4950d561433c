"""Merge a .pot into .po files with polib (what msgmerge would do, without
fuzzy matching): keep existing translations, add new terms, drop stale ones,
take references/comments from the template.

Terms still empty that Odoo itself translates word for word (field labels
that every mail.thread model has, "Customer", "Status"...) get Odoo's own
translation from <ODOO_SRC>/**/i18n/<lang>.po, so that our wording matches the
rest of the Odoo client. Everything else is left empty for a translator."""

import glob
import os
import sys

import polib


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
                entry.msgstr = odoo[entry.msgid]
                from_odoo += 1
        merged.append(entry)
    merged.save(po_path)
    missing = sum(1 for e in merged if not e.msgstr)
    print(
        f"{po_path}: {len(merged)} terms, {from_odoo} taken from Odoo's own "
        f"translations, {missing} untranslated"
    )


if __name__ == "__main__":
    template, *targets = sys.argv[1:]
    for target in targets:
        merge(template, target)
