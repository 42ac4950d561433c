"""pytest plugin: a skipped test is a failed test.

Odoo's HttpCase tours skip themselves silently when Chromium or
websocket-client are missing; here that must fail the run loudly.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = (
            report.longrepr[2]
            if isinstance(report.longrepr, tuple)
            else report.longrepr
        )
        report.outcome = "failed"
        report.longrepr = f"Skipped tests fail this suite: {reason}"
