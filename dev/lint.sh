#!/usr/bin/env bash
# make lint: the pre-commit hooks of .pre-commit-config.yaml on every file of
# the repository (ruff lint + format check, pylint-odoo's mandatory checks,
# XML, CSV and translation checks); offline, with the virtualenv's tools.
source "$(dirname "$0")/env.sh"
[ -x "$VENV/bin/pre-commit" ] || die "pre-commit is missing in $VENV: run make setup."
cd "$REPO"
git rev-parse --git-dir >/dev/null 2>&1 || die "make lint needs a git checkout (pre-commit lists the files with git)."
say "pre-commit run --all-files"
PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$STATE/pre-commit}" "$VENV/bin/pre-commit" run --all-files --color=never
