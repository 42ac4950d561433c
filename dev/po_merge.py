"""Merge a .pot into .po files with polib (what msgmerge would do, without
fuzzy matching): keep existing translations, add new terms, drop stale ones,
and take references/comments from the template."""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    po = polib.pofile(po_path)
    known = {(e.msgctxt, e.msgid): e for e in po}
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = po.metadata or pot.metadata
    merged.header = po.header
    for entry in pot:
        old = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = old.msgstr if old else ""
        merged.append(entry)
    merged.save(po_path)
    missing = sum(1 for e in merged if not e.msgstr)
    print(f"{po_path}: {len(merged)} terms, {missing} untranslated")


if __name__ == "__main__":
    template, *targets = sys.argv[1:]
    for target in targets:
        merge(template, target)
