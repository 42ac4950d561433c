"""pytest plugin: a skipped test is a failed test, and Odoo's test mode.

Odoo's HttpCase tours skip themselves silently when Chromium or
websocket-client are missing; here that must fail the run loudly.

Odoo's own runner marks the running test in ``odoo.modules.module.current_test``
(outgoing e-mail then stays in the process instead of reaching an SMTP
server); pytest-odoo only does so for Odoo 19, so do it here for 18.
"""

import logging

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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    from odoo.modules import module  # noqa: PLC0415 (odoo is set up by then)

    module.current_test = getattr(item, "instance", None) or True
    try:
        yield
    finally:
        module.current_test = False


class _TestFrameworkImportFilter(logging.Filter):
    """pytest-odoo imports odoo.tests before it turns test mode on, which makes
    Odoo log a spurious ERROR "Importing test framework" with a stack trace at
    every run; drop that one message."""

    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_TestFrameworkImportFilter())
