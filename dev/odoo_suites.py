"""Odoo's own test suites on a database, test by test (make test-odoo).

    python dev/odoo_suites.py run OUT.jsonl ODOO-BIN ARGUMENTS...
        Runs Odoo's server with those arguments (-d DB --test-enable
        --test-tags ... --stop-after-init) and writes one JSON line per test:
        {"id": ..., "status": "pass" | "fail" | "error" | "skip", "message": ...},
        then {"done": true, ...}. Each test's *last* line counts (a retried
        test is written once per try).
    python dev/odoo_suites.py failed-tags WITH.jsonl
        Prints the test tags (``/module:Class.method``) selecting the tests
        that failed in that run, comma-separated: the baseline runs them.
    python dev/odoo_suites.py empty BASELINE.jsonl
        Writes a finished run of no test (nothing failed: no baseline needed).
    python dev/odoo_suites.py compare BASELINE.jsonl WITH.jsonl
        Prints both counts and the tests failing only in WITH (failing there,
        and passing or not run in BASELINE); exits 1 when there is one.

How the tests run. Odoo runs a module's ``at_install`` tests right after
installing (or loading) that module, in a registry holding only the modules
loaded so far, and its ``post_install`` tests once every module is loaded. On
a database holding sales_marketing, the at_install tests of sale, stock...
would therefore run before sales_marketing is loaded: its code would never
run in them, and they would prove nothing about it. So the database is built
first (the apps, then the module, without tests), and then every test of the
selected suites, at_install and post_install alike, runs once in the complete
registry, at_install ones first, each suite in Odoo's own order
(``test_sequence``). The baseline database (the same apps, without the
module) runs the tests that failed with the module the same way, so a test
failing only with the module fails because of it. A test that passes with the
module needs no baseline: the baseline runs only the failing ones, which
keeps the whole check near the time of one run of the suites.

A failing test is tried once more (Odoo's ODOO_TEST_FAILURE_RETRIES=1, kept on
for the whole run: Odoo turns it off after the first failure), on both
databases alike, so that a flaky test does not count as broken by the module.
"""

import json
import os
import re
import sys
import time

MODULE_RE = re.compile(r"odoo\.addons\.(\w+)\.")
FAILED = ("fail", "error")
_clock = time.monotonic  # the real one: tests freeze and move time (freezegun)


# -- run -----------------------------------------------------------------------


def _test_id(test):
    case = getattr(test, "test_case", None)  # a subTest counts for its test
    return (case or test).id()


def _install_recorder(out):
    from odoo.tests import common  # noqa: PLC0415
    from odoo.tests import loader  # noqa: PLC0415
    from odoo.tests.result import OdooTestResult  # noqa: PLC0415
    from odoo.tests.suite import OdooSuite  # noqa: PLC0415

    make_suite = loader.make_suite
    retries = common.BaseCase._tests_run_count

    def make_suite_after_loading(module_names, position="at_install"):
        if position == "at_install":  # while loading: nothing, see the docstring
            return OdooSuite([])
        tests, seen = [], set()
        for where in ("at_install", "post_install"):
            for test in make_suite(module_names, where):
                if test.id() not in seen:
                    seen.add(test.id())
                    tests.append(test)
        return OdooSuite(tests)

    loader.make_suite = make_suite_after_loading

    state = {"current": None, "status": None, "message": "", "count": 0}
    started = _clock()
    failing = set()

    def write(test_id, status, message=""):
        out.write(
            json.dumps({"id": test_id, "status": status, "message": message[-2000:]})
            + "\n"
        )
        out.flush()
        if status in FAILED:
            failing.add(test_id)
        else:
            failing.discard(test_id)

    def progress(test_id):
        state["count"] += 1
        match = MODULE_RE.search(test_id)
        module = match.group(1) if match else "?"
        if state["count"] % 100 == 0 or module != state.get("module"):
            minutes, seconds = divmod(int(_clock() - started), 60)
            print(
                f"    {minutes:3d}:{seconds:02d}  {state['count']:5d} tests,"
                f" {len(failing)} failing  ({module})",
                flush=True,
            )
            state["module"] = module

    orig = {
        name: getattr(OdooTestResult, name)
        for name in ("startTest", "stopTest", "addError", "addFailure", "addSkip")
    }

    def startTest(self, test):
        state.update(current=test.id(), status="pass", message="")
        orig["startTest"](self, test)

    def stopTest(self, test):
        orig["stopTest"](self, test)
        write(test.id(), state["status"], state["message"])
        progress(test.id())
        state["current"] = None
        # Odoo disables the retries after a first failing test; keep them
        common.BaseCase._tests_run_count = retries

    def _failed(self, test, err, status, name):
        soft = self._soft_fail  # a try that is retried: not a result yet
        orig[name](self, test, err)
        if soft:
            return
        test_id = _test_id(test)
        message = self._exc_info_to_string(err, test)
        if test_id == state["current"]:
            if state["status"] != "error":
                state.update(status=status, message=message)
        else:  # setUpClass / tearDownClass / module level: no test around it
            write(test_id, status, message)

    def addError(self, test, err):
        _failed(self, test, err, "error", "addError")

    def addFailure(self, test, err):
        _failed(self, test, err, "fail", "addFailure")

    def addSkip(self, test, reason):
        orig["addSkip"](self, test, reason)
        if _test_id(test) == state["current"]:
            state.update(status="skip", message=str(reason))
        else:
            write(_test_id(test), "skip", str(reason))

    for name, func in {
        "startTest": startTest,
        "stopTest": stopTest,
        "addError": addError,
        "addFailure": addFailure,
        "addSkip": addSkip,
    }.items():
        setattr(OdooTestResult, name, func)


def run(out_path, odoo_args):
    os.environ["TZ"] = "UTC"  # as odoo-bin does
    time.tzset()
    os.environ.setdefault("ODOO_TEST_FAILURE_RETRIES", "1")
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config["test_enable"] = True  # before odoo.tests is imported (it checks)

    started = _clock()
    with open(out_path, "w", encoding="utf-8") as out:
        _install_recorder(out)
        sys.argv = ["odoo-bin", *odoo_args]
        code = 0
        try:
            odoo.cli.main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (1 if e.code else 0)
        out.write(
            json.dumps({"done": True, "rc": code, "seconds": round(_clock() - started)})
            + "\n"
        )
    sys.exit(0 if code in (0, 1) else code)  # 1: some test failed, compared later


# -- compare -------------------------------------------------------------------


def failed_tags(with_path):
    """The test tags selecting the tests that failed in a run."""
    tests, _done = load(with_path)
    tags = set()
    for test_id, (status, _message) in tests.items():
        if status not in FAILED:
            continue
        # "setUpClass (odoo.addons.m.tests.f.Class)": the whole class
        fixture = re.fullmatch(r"\w+ \((.+)\)", test_id)
        dotted = fixture.group(1) if fixture else test_id
        parts = dotted.split(".")
        if len(parts) < 4 or parts[:2] != ["odoo", "addons"]:
            sys.exit(f"*** {with_path}: cannot select the failing test {test_id!r}.")
        module, names = parts[2], parts[4:]  # odoo.addons.<module>.tests.<file>...
        if fixture and len(names) <= 1:  # setUpModule of a file: the module
            tags.add(f"/{module}")
        elif fixture:
            tags.add(f"/{module}:{names[-1]}")
        else:
            tags.add(f"/{module}:{names[-2]}.{names[-1]}")
    return ",".join(sorted(tags))


def write_empty(path):
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"done": True, "rc": 0, "seconds": 0}) + "\n")


def load(path, allow_empty=False):
    """{test id: (status, message)} and the closing record of a run."""
    tests, done = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("done"):
                done = row
            else:
                tests[row["id"]] = (row["status"], row.get("message", ""))
    if done is None:
        sys.exit(f"*** {path}: the run did not finish (see its Odoo log).")
    if not tests and not allow_empty:
        sys.exit(f"*** {path}: no test ran.")
    return tests, done


def counts(tests):
    statuses = [status for status, _message in tests.values()]
    return {
        "run": sum(status != "skip" for status in statuses),
        "failed": sum(status in FAILED for status in statuses),
        "skipped": statuses.count("skip"),
    }


def describe(label, tests, done):
    c = counts(tests)
    minutes, seconds = divmod(done.get("seconds", 0), 60)
    return (
        f"{label}: {c['run']} run, {c['failed']} failing, {c['skipped']} skipped"
        f" ({minutes} min {seconds:02d} s)"
    )


def compare(baseline_path, with_path):
    base, base_done = load(baseline_path, allow_empty=True)
    mod, mod_done = load(with_path)
    broken = {
        test_id: result
        for test_id, result in mod.items()
        if result[0] in FAILED and base.get(test_id, ("pass",))[0] not in FAILED
    }
    not_run = sorted(
        test_id
        for test_id, (status, _message) in base.items()
        if status == "pass" and test_id not in mod
    )
    both = sum(
        1
        for test_id, (status, _message) in mod.items()
        if status in FAILED and base.get(test_id, ("pass",))[0] in FAILED
    )
    print(describe("  with sales_marketing (the suites)           ", mod, mod_done))
    print(describe("  without it (the tests failing with it, again)", base, base_done))
    print(
        f"  failing with and without the module: {both};"
        f" failing only with the module: {len(broken)}"
    )
    for test_id, (status, message) in sorted(broken.items()):
        last = [line for line in message.strip().splitlines() if line.strip()]
        print(f"\n  {status.upper()} only with sales_marketing: {test_id}")
        if last:
            print("      " + "\n      ".join(last[-6:]))
    for test_id in not_run:
        print(f"\n  NOT RUN with sales_marketing (passes without): {test_id}")
    return 1 if broken or not_run else 0


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "run":
        run(sys.argv[2], sys.argv[3:])
    elif command == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    elif command == "failed-tags":
        print(failed_tags(sys.argv[2]))
    elif command == "empty":
        write_empty(sys.argv[2])
    elif command == "describe":
        print(describe(sys.argv[3], *load(sys.argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
