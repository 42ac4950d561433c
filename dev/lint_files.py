"""Data file checks of the pre-commit hooks (.pre-commit-config.yaml):

    python dev/lint_files.py xml FILE...   well-formed XML (lxml, as Odoo parses it)
    python dev/lint_files.py csv FILE...   a header, the same number of columns on
                                           every row, unique ids in an "id" column
    python dev/lint_files.py po FILE...    msgfmt --check (header, formats,
                                           duplicates; formats only for a .pot),
                                           and the same %(name)s placeholders in
                                           each translation as in its source

Prints one ``file:line: problem`` per problem and exits 1 when there is one.
"""

import csv
import os
import re
import shutil
import subprocess
import sys

import polib
from lxml import etree

# named Python placeholders of self.env._("... %(name)s ...", name=...)
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


def check_xml(path):
    try:
        etree.parse(path, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as e:
        return [f"{path}:{e.lineno}: {e.msg}"]
    return []


def check_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [f"{path}:1: empty CSV file"]
    header, problems = rows[0], []
    if any(not name.strip() for name in header):
        problems.append(f"{path}:1: empty column name in the header")
    seen = {}
    id_col = header.index("id") if "id" in header else None
    for lineno, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            problems.append(
                f"{path}:{lineno}: {len(row)} columns, the header has {len(header)}"
            )
            continue
        if id_col is not None:
            xmlid = row[id_col]
            if xmlid in seen:
                problems.append(
                    f"{path}:{lineno}: id {xmlid} already on line {seen[xmlid]}"
                )
            seen[xmlid] = lineno
    return problems


def check_po(path):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        sys.exit("*** msgfmt is missing: install gettext (make setup does as root).")
    # a template's header holds placeholders: formats and domain only there
    checks = (
        ["--check"] if path.endswith(".po") else ["--check-format", "--check-domain"]
    )
    proc = subprocess.run(
        [msgfmt, *checks, "--output-file=/dev/null", path],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:  # header warnings alone (exit 0) do not count
        return proc.stderr.splitlines() or [f"{path}: msgfmt --check failed"]
    return [
        f"{path}:{entry.linenum}: placeholders {sorted(expected)} of the source"
        f" but {sorted(found)} in the translation of {entry.msgid[:50]!r}"
        for entry in polib.pofile(path)
        if entry.msgstr
        and (expected := set(PLACEHOLDER.findall(entry.msgid)))
        != (found := set(PLACEHOLDER.findall(entry.msgstr)))
    ]


def check_imported(path):
    """Every module of a package (models/, wizards/, tests/) is imported by
    its __init__.py: Odoo's own test runner (odoo-bin --test-enable) and the
    registry only see what is imported."""
    package = os.path.dirname(path) or "."
    init = os.path.join(package, "__init__.py")
    name = os.path.splitext(os.path.basename(path))[0]
    if name == "__init__" or not os.path.exists(init):
        return []
    if package.endswith("tests") and not name.startswith("test_"):
        return []  # helpers, imported by the tests themselves
    with open(path, encoding="utf-8") as f:
        source = f.read()
    if not package.endswith("tests") and not re.search(
        r"\(models\.(Model|TransientModel|AbstractModel)\)", source
    ):
        return []  # helpers (constants, functions) imported by the models
    with open(init, encoding="utf-8") as f:
        imported = re.findall(r"^from \. import (\w+)", f.read(), re.M)
    return [] if name in imported else [f"{init}: does not import {name}"]


CHECKS = {
    "xml": check_xml,
    "csv": check_csv,
    "po": check_po,
    "imported": check_imported,
}


def main():
    kind, paths = sys.argv[1], sys.argv[2:]
    problems = [problem for path in paths for problem in CHECKS[kind](path)]
    if problems:
        print("\n".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
