# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reads i18n/GLOSSARY.md and checks translations against it.

Plain Python (no Odoo import): the test suite uses it, and so does
dev/po_merge.py, which never takes one of Odoo's own translations that the
glossary refuses. The matching rules are written down in GLOSSARY.md itself.
"""

import re
from collections import namedtuple

Term = namedtuple("Term", "name english swedish where forms avoid english_re")
Violation = namedtuple("Violation", "msgid msgstr term problem")

_LETTER = r"[^\W\d_]"
# Placeholders and markup are not words: %(order)s, %s, {{ object.name }},
# <span class="...">, t-out="object.name".
_NOISE = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\{.*?\}\}|<[^>]*>", re.S)


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _english_re(variants):
    alternatives = []
    for variant in variants:
        words = [re.escape(w) for w in re.split(r"[\s-]+", variant.strip()) if w]
        last = words[-1]
        words[-1] = (
            f"{last[:-1]}(?:y|ies)" if last.endswith("y") else rf"{last}(?:e?s)?"
        )
        alternatives.append(r"[\s-]*".join(words))
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


def _form_re(form):
    """One Swedish form: `word`, `stem-` (and longer words), `-tail`, `-part-`."""
    head = "" if form.startswith("-") else rf"(?<!{_LETTER})"
    tail = rf"{_LETTER}*" if form.endswith("-") else rf"(?!{_LETTER})"
    body = r"\s+".join(re.escape(w) for w in form.strip("-").split())
    lead = rf"{_LETTER}*" if form.startswith("-") else ""
    return re.compile(head + lead + body + tail, re.I)


def _split_forms(cell):
    return [f.strip() for f in cell.split(",") if f.strip()]


def normalize(text):
    """A msgid as the exceptions table writes it: white space collapsed."""
    return " ".join(text.split())


class Glossary:
    def __init__(self, terms, exceptions):
        self.terms = terms
        self.exceptions = exceptions  # {(normalized msgid, term name): reason}

    @classmethod
    def from_markdown(cls, text):
        terms, exceptions = [], {}
        header = None
        for line in text.splitlines():
            if not line.lstrip().startswith("|"):
                header = None
                continue
            cells = _cells(line)
            if header is None:
                header = [c.lower() for c in cells]
                continue
            if set("".join(cells)) <= set("-: "):
                continue  # the |---| separator
            row = dict(zip(header, cells, strict=False))
            if header[0] == "english":
                english = [v.strip() for v in row["english"].split(" / ")]
                terms.append(
                    Term(
                        name=row["english"],
                        english=english,
                        swedish=row.get("sv-se (d365)", ""),
                        where=row.get("where d365 uses it", ""),
                        forms=[_form_re(f) for f in _split_forms(row["forms"])],
                        avoid=[
                            (f, _form_re(f)) for f in _split_forms(row.get("avoid", ""))
                        ],
                        english_re=_english_re(english),
                    )
                )
            elif header[0] == "msgid":
                msgid = normalize(row["msgid"].strip("`"))
                exceptions[(msgid, row["term"].strip().lower())] = row["reason"]
        return cls(terms, exceptions)

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls.from_markdown(f.read())

    def _exempt(self, msgid, term):
        key = normalize(msgid)
        names = {term.name.lower(), *(v.lower() for v in term.english)}
        return any((key, name) in self.exceptions for name in names)

    def terms_in(self, msgid):
        """The glossary terms a msgid uses (exceptions left out)."""
        text = _NOISE.sub(" ", msgid)
        return [
            t
            for t in self.terms
            if t.english_re.search(text) and not self._exempt(msgid, t)
        ]

    def check(self, msgid, msgstr):
        """Violations of one translation: missing term or avoided word."""
        text = _NOISE.sub(" ", msgstr)
        found = []
        for term in self.terms_in(msgid):
            if not any(form.search(text) for form in term.forms):
                found.append(
                    Violation(msgid, msgstr, term, f'"{term.swedish}" is missing')
                )
            for word, avoid in term.avoid:
                if avoid.search(text):
                    found.append(
                        Violation(msgid, msgstr, term, f'"{word}" is to avoid')
                    )
        return found

    def stale_exceptions(self, msgids):
        """Exceptions naming a msgid that is not in the catalogue any more."""
        present = {normalize(m) for m in msgids}
        return sorted(key for key in self.exceptions if key[0] not in present)
