"""The upgrade check's rules (run by dev/upgrade.sh, plain Python, no Odoo):

    check.py preflight <repo>              -> prints "<version> <commit>" of the
        release to upgrade from (the last line of dev/releases.txt, or
        $UPGRADE_FROM), after checking the releases, the manifest version and
        the migrations folders
    check.py compare <repo> <from version> <before.json> <after.json>
        -> the version-bump guard, then every record and value of the release
        database against the upgraded one, but for what dev/upgrade/expected.py
        declares for the versions in between

Exits 1 with the problems on stderr."""

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

VERSION = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
SHA = re.compile(r"^[0-9a-f]{40}$")
SHOWN = 5  # examples shown per problem


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def manifest_version(text):
    return ast.literal_eval(text)["version"]


def fail(problems, title):
    print(f"\n*** {title}\n- " + "\n- ".join(problems) + "\n", file=sys.stderr)
    sys.exit(1)


# -- preflight ---------------------------------------------------------------------
def read_releases(repo):
    path = repo / "dev" / "releases.txt"
    if not path.is_file() or not path.read_text().strip():
        fail([f"{path} is missing or empty"], "No release to upgrade from.")
    releases, problems = [], []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        parts = line.split()
        if len(parts) != 2 or not VERSION.match(parts[0]) or not SHA.match(parts[1]):
            problems.append(
                f"dev/releases.txt line {number}: {line!r} is not "
                "'<18.0.x.y.z> <full commit sha>'"
            )
            continue
        if releases and version_key(parts[0]) <= version_key(releases[-1][0]):
            problems.append(
                f"dev/releases.txt line {number}: {parts[0]} is not after "
                f"{releases[-1][0]}"
            )
        releases.append(tuple(parts))
    if problems:
        fail(problems, "dev/releases.txt is not valid.")
    return releases


def git_show(repo, commit, path):
    result = subprocess.run(
        ["git", "-C", str(repo), "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout if result.returncode == 0 else None


def check_migrations(repo, current):
    problems = []
    folder = repo / "migrations"
    if not folder.is_dir():
        return problems
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or sub.name == "__pycache__":
            continue
        if not VERSION.match(sub.name):
            problems.append(
                f"migrations/{sub.name}: not a version 18.0.x.y.z, Odoo ignores it"
            )
            continue
        if version_key(sub.name) > version_key(current):
            problems.append(
                f"migrations/{sub.name} is after the manifest version {current}: "
                "Odoo never runs it (bump the version in __manifest__.py)"
            )
        for script in sorted(sub.glob("*.py")):
            if not script.name.startswith(("pre-", "post-", "end-")):
                problems.append(
                    f"migrations/{sub.name}/{script.name} is never run: name it "
                    "pre-*.py, post-*.py or end-*.py"
                )
                continue
            tree = ast.parse(script.read_text())
            if not any(
                isinstance(node, ast.FunctionDef)
                and node.name == "migrate"
                and [a.arg for a in node.args.args] == ["cr", "version"]
                for node in tree.body
            ):
                problems.append(
                    f"migrations/{sub.name}/{script.name} has no "
                    "migrate(cr, version) function"
                )
    return problems


def preflight(repo):
    releases = read_releases(repo)
    current = manifest_version((repo / "__manifest__.py").read_text())
    problems = []
    if not VERSION.match(current):
        fail([f"__manifest__.py version {current!r}"], "The version is not 18.0.x.y.z.")
    last = releases[-1][0]
    if version_key(current) < version_key(last):
        problems.append(
            f"the manifest version {current} is lower than the last release {last} "
            "(dev/releases.txt): versions only go up"
        )
    for version, commit in releases:
        text = git_show(repo, commit, "__manifest__.py")
        if text is None:
            problems.append(
                f"release {version}: commit {commit} is not in this clone (CI needs "
                "the whole history: git clone without --depth; locally: git fetch)"
            )
        elif manifest_version(text) != version:
            problems.append(
                f"release {version}: the manifest of commit {commit[:10]} says "
                f"{manifest_version(text)}"
            )
    problems += check_migrations(repo, current)
    readme = (repo / "README.md").read_text()
    problems += [
        f"README.md, Upgrading: no row for version {version} (say what its "
        "migration does)"
        for version in dict.fromkeys([v for v, _c in releases] + [current])
        if f"| {version} |" not in readme
    ]
    wanted = os.environ.get("UPGRADE_FROM") or last
    release = dict(releases).get(wanted)
    if not release:
        problems.append(f"UPGRADE_FROM={wanted} is not in dev/releases.txt")
    elif not (repo / "dev" / "upgrade" / "data" / f"{wanted}.py").is_file():
        problems.append(
            f"no business data for release {wanted}: add dev/upgrade/data/"
            f"{wanted}.py, written against that release's API (start from the "
            "previous release's file)"
        )
    if problems:
        fail(problems, "The upgrade check cannot start.")
    print(wanted, release)


# -- compare -----------------------------------------------------------------------
def load_expected(repo, from_version, current):
    """The entries of dev/upgrade/expected.py for the versions after
    ``from_version`` up to ``current``, merged in version order."""
    path = repo / "dev" / "upgrade" / "expected.py"
    spec = importlib.util.spec_from_file_location("upgrade_expected", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    merged = {"checks": []}
    for version in sorted(module.EXPECTED, key=version_key):
        if not version_key(from_version) < version_key(version) <= version_key(current):
            continue
        for kind, entries in module.EXPECTED[version].items():
            if kind == "checks":
                merged["checks"] += entries
            elif kind in ("renamed_fields", "removed_fields", "changed_fields"):
                for model, by_field in entries.items():
                    merged.setdefault(kind, {}).setdefault(model, {}).update(by_field)
            else:
                merged.setdefault(kind, {}).update(entries)
    return merged


def shape_changes(old, new):
    changes = []
    for kind in ("models", "fields"):
        for name in sorted(set(old[kind]) | set(new[kind])):
            if name not in new[kind]:
                changes.append(f"{kind[:-1]} {name} removed")
            elif name not in old[kind]:
                changes.append(f"{kind[:-1]} {name} added")
            elif old[kind][name] != new[kind][name]:
                diff = {
                    key: (old[kind][name].get(key), value)
                    for key, value in new[kind][name].items()
                    if old[kind][name].get(key) != value
                }
                changes.append(f"{kind[:-1]} {name} changed: {diff}")
    return changes


def same(old, new):
    if isinstance(old, int | float) and isinstance(new, int | float):
        if isinstance(old, bool) or isinstance(new, bool):
            return old is new
        return abs(old - new) <= 1e-6 * max(1.0, abs(old), abs(new))
    return old == new


def compare_records(model, old, new, expected, label):
    """Problems of one model's records: lost or added ones, changed values."""
    problems = []
    removed = expected.get("removed_fields", {}).get(model, {})
    renamed = expected.get("renamed_fields", {}).get(model, {})
    changed = expected.get("changed_fields", {}).get(model, {})
    new_model = expected.get("renamed_models", {}).get(model, model)
    lost = [rid for rid in old if rid not in new]
    if lost and model not in expected.get("removed_records", {}):
        problems.append(
            f"{model}: {len(lost)} of {len(old)} records lost: "
            + ", ".join(label(model, rid) for rid in lost[:SHOWN])
        )
    added = [rid for rid in new if rid not in old]
    if added and new_model not in expected.get("added_records", {}):
        problems.append(
            f"{new_model}: {len(added)} records appeared: "
            + ", ".join(f"{new_model} {rid}" for rid in added[:SHOWN])
        )
    differences, gone = {}, set()
    for rid, values in old.items():
        if rid not in new:
            continue
        for name, value in values.items():
            rule = changed.get(name)
            if name in removed or isinstance(rule, str):
                continue
            new_name = renamed.get(name, name)
            if new_name not in new[rid]:
                gone.add(name)
                continue
            wanted = expected_value(rule, value)
            if not same(wanted, new[rid][new_name]):
                differences.setdefault(name, []).append(
                    f"{label(model, rid)}: {wanted!r} -> {new[rid][new_name]!r}"
                )
    for name in sorted(gone):
        problems.append(
            f"{model}.{name} is gone after the upgrade: migrate its data and declare "
            "it in dev/upgrade/expected.py (renamed_fields or removed_fields)"
        )
    for name, examples in sorted(differences.items()):
        problems.append(
            f"{model}.{name} changed on {len(examples)} records: "
            + "; ".join(examples[:SHOWN])
        )
    return problems


def expected_value(rule, value):
    """The value a field should have after the upgrade: ``value`` mapped by a
    changed_fields dict."""
    if isinstance(rule, dict) and isinstance(value, str | int | float | None):
        return rule.get(value, value)
    return value


def compare_rows(model, old, new, expected, _label):
    """Problems of a report (no stable ids): its rows as a multiset."""
    removed = expected.get("removed_fields", {}).get(model, {})
    renamed = expected.get("renamed_fields", {}).get(model, {})
    changed = expected.get("changed_fields", {}).get(model, {})

    def old_row(row):
        return {
            renamed.get(name, name): expected_value(changed.get(name), value)
            for name, value in json.loads(row).items()
            if name not in removed and not isinstance(changed.get(name), str)
        }

    old_rows = [old_row(row) for row in old]
    names = set().union(*old_rows) if old_rows else set()
    new_rows = [
        {name: value for name, value in json.loads(row).items() if name in names}
        for row in new
    ]
    before = Counter(json.dumps(row, sort_keys=True) for row in old_rows)
    after = Counter(json.dumps(row, sort_keys=True) for row in new_rows)
    if before == after:
        return []
    lost = sum((before - after).values())
    columns = [
        name
        for name in sorted(names)
        if Counter(json.dumps(row.get(name)) for row in old_rows)
        != Counter(json.dumps(row.get(name)) for row in new_rows)
    ]
    return [
        f"{model} (report): {lost} of {len(old)} rows differ"
        + (f", in {', '.join(columns)}" if columns else "")
        + f" ({len(new)} rows after the upgrade)"
    ]


def stale(snapshot):
    """{(model, field): {id: (stored, computed)}}: stored computed values the
    snapshot's code computes differently."""
    result = {}
    for model, records in snapshot.get("computed", {}).items():
        stored = snapshot["records"].get(model, {})
        for rid, values in records.items():
            for name, value in values.items():
                if name in stored.get(rid, {}) and not same(stored[rid][name], value):
                    result.setdefault((model, name), {})[rid] = (
                        stored[rid][name],
                        value,
                    )
    return result


def compare_stale(before, after, expected, label):
    """Stored computed values the new code computes differently, that the
    release's code computed as stored: a rule changed and the migration did
    not recompute them."""
    problems = []
    renamed_models = expected.get("renamed_models", {})
    old_stale = {
        (
            renamed_models.get(model, model),
            expected.get("renamed_fields", {}).get(model, {}).get(name, name),
        ): set(ids)
        for (model, name), ids in stale(before).items()
    }
    for (model, name), values in sorted(stale(after).items()):
        rids = [rid for rid in values if rid not in old_stale.get((model, name), ())]
        if rids:
            examples = "; ".join(
                f"{label(model, rid)}: stored {values[rid][0]!r}, computed "
                f"{values[rid][1]!r}"
                for rid in rids[:SHOWN]
            )
            problems.append(
                f"{model}.{name}: {len(rids)} records hold stored values this code "
                f"computes differently ({examples}): recompute them in a post- "
                "migration and declare the change in dev/upgrade/expected.py"
            )
    return problems


def check_expected_names(before, expected, from_version):
    """Every model and field expected.py names must exist at the release."""
    problems = []
    known = set(before["records"]) | set(before["rows"])
    for kind in (
        "renamed_models",
        "removed_models",
        "added_records",
        "removed_records",
    ):
        for model in expected.get(kind, {}):
            if model not in known and kind != "added_records":
                problems.append(
                    f"dev/upgrade/expected.py {kind}: {model} is not a model of "
                    f"release {from_version}"
                )
    for kind in ("renamed_fields", "removed_fields", "changed_fields"):
        for model, by_field in expected.get(kind, {}).items():
            records = before["records"].get(model)
            rows = before["rows"].get(model)
            names = set()
            if records:
                names = set(next(iter(records.values())))
            elif rows:
                names = set(json.loads(rows[0]))
            for name in by_field:
                if (records or rows) and name not in names:
                    problems.append(
                        f"dev/upgrade/expected.py {kind}: {model}.{name} is not a "
                        f"field of release {from_version}"
                    )
    return problems


def compare(repo, from_version, before, after):
    current = manifest_version((repo / "__manifest__.py").read_text())
    problems = []
    if before["version"] != from_version:
        problems.append(f"the release database is at {before['version']}")
    if after["version"] != current:
        problems.append(
            f"the upgraded database is at {after['version']}, not at the manifest "
            f"version {current}: was it upgraded with this code?"
        )
    changes = shape_changes(before["shape"], after["shape"])
    for change in changes:
        print(f"    shape: {change}")
    if changes and current == from_version:
        problems.append(
            f"the module's stored fields or models changed ({len(changes)} changes, "
            f"above) but the manifest version is still {current}, the version of "
            f"release {from_version}: bump the version in __manifest__.py and add "
            "migrations/<version>/ (pre-/post- scripts) that move the existing "
            "data into the new shape"
        )
    expected = load_expected(repo, from_version, current)
    problems += check_expected_names(before, expected, from_version)
    names = {
        (model, rid): values.get("display_name") or values.get("name")
        for model, records in before["records"].items()
        for rid, values in records.items()
    }

    def label(model, rid):
        name = names.get((model, rid))
        return f"{model} {rid}" + (f" ({name})" if name else "")

    renamed_models = expected.get("renamed_models", {})
    removed_models = expected.get("removed_models", {})
    for kind, compare_model in (("records", compare_records), ("rows", compare_rows)):
        for model, old in sorted(before[kind].items()):
            if model in removed_models:
                continue
            new_model = renamed_models.get(model, model)
            if new_model not in after[kind]:
                problems.append(
                    f"model {model} is gone after the upgrade ({len(old)} records): "
                    "declare it in dev/upgrade/expected.py (removed_models or "
                    "renamed_models)"
                )
                continue
            problems += compare_model(
                model, old, after[kind][new_model], expected, label
            )
    problems += compare_stale(before, after, expected, label)
    for check in expected["checks"]:
        problems += check(before, after)
    if problems:
        # lost data first, then the rest
        problems.sort(key=lambda p: not re.search(r"records lost|is gone|bump", p))
        fail(
            problems,
            f"Upgrading from release {from_version} to {current} changed what users "
            "see (or the version rules are broken). Fix the migration, or declare an "
            "intended change in dev/upgrade/expected.py under the new manifest "
            "version (README: Upgrading).",
        )
    records = sum(before["counts"].values())
    values = sum(len(v) for r in before["records"].values() for v in r.values())
    print(
        f"UPGRADE OK: {from_version} -> {current}, {len(before['counts'])} models, "
        f"{records} records, {values} values as expected"
        + (f", {len(changes)} shape changes" if changes else "")
    )


def main(argv):
    command, repo = argv[1], Path(argv[2]).resolve()
    if command == "preflight":
        preflight(repo)
    elif command == "compare":
        with open(argv[4]) as before, open(argv[5]) as after:
            compare(repo, argv[3], json.load(before), json.load(after))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
