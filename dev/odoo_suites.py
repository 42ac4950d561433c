"""Odoo's own test suites on a database, test by test (make test-odoo).

    python dev/odoo_suites.py run OUT.jsonl ODOO-BIN ARGUMENTS...
        Runs Odoo's server with those arguments (-d DB --test-enable
        --test-tags ... --stop-after-init) and writes one JSON line per test:
        {"id": ..., "status": "pass" | "fail" | "error" | "skip", "message": ...},
        then {"done": true, ...}. Each test's *last* line counts (a retried
        test is written once per try).
    python dev/odoo_suites.py compare BASELINE.jsonl WITH.jsonl
        Prints both counts and the tests failing only in WITH; exits 1 when
        there is one.

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
module) runs the same tests the same way, so a test failing only with the
module fails because of it.

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


def load(path):
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
    if not tests:
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
    base, base_done = load(baseline_path)
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
    fixed = sum(
        1
        for test_id, (status, _message) in base.items()
        if status in FAILED and mod.get(test_id, ("",))[0] == "pass"
    )
    print(describe("  without sales_marketing", base, base_done))
    print(describe("  with sales_marketing   ", mod, mod_done))
    print(
        f"  failing on both: {both}; failing only without the module: {fixed};"
        f" failing only with the module: {len(broken)};"
        f" passing without the module and not run with it: {len(not_run)}"
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
    elif command == "describe":
        print(describe(sys.argv[3], *load(sys.argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
