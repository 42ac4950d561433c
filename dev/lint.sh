#!/usr/bin/env bash
# make lint: ruff (lint + format check) and pylint-odoo's mandatory checks.
source "$(dirname "$0")/env.sh"
[ -x "$VENV/bin/ruff" ] || die "ruff is missing: run make setup."
cd "$REPO"
say "ruff"
"$VENV/bin/ruff" check --config dev/ruff.toml .
"$VENV/bin/ruff" format --config dev/ruff.toml --check .
say "pylint-odoo"
PYTHONPATH="$ODOO_SRC" "$VENV/bin/pylint" --rcfile=dev/pylintrc \
  $(git ls-files -co --exclude-standard '*.py' '__manifest__.py' | grep -v '^dev/' | grep -v '^\.')
