#!/usr/bin/env bash
# make test: lint, the wheel (dev/wheel.sh), then a fresh throw-away database
# with the module installed, then the whole suite through pytest-odoo with an
# HTTP server so HttpCase tours run in headless Chromium. Any skipped test
# fails the run.
#   dev/test.sh                      # everything
#   dev/test.sh tests/test_x.py -k y # a subset (pytest arguments, paths relative to the repo)
source "$(dirname "$0")/env.sh"
require_odoo
require_chromium
pg_up
write_odoo_conf

if [ "${SKIP_LINT:-0}" != 1 ] && [ $# -eq 0 ]; then "$REPO/dev/lint.sh"; fi
# the wheel as pip installs it: built with whool, content and metadata checked
if [ $# -eq 0 ]; then "$REPO/dev/wheel.sh"; fi

ensure_template_db
if [ "${REUSE_DB:-0}" != 1 ] || ! db_exists "$TEST_DB"; then
  say "Fresh test database $TEST_DB"
  db_copy "$(template_db)" "$TEST_DB"
  log="$STATE/install-$TEST_DB.log"
  if ! odoo_bin -d "$TEST_DB" -i "$MODULE" --stop-after-init --log-level=warn >"$log" 2>&1; then
    cat "$log"; die "Installing $MODULE into $TEST_DB failed."
  fi
  if grep -E " (ERROR|CRITICAL) " "$log"; then die "Installing $MODULE logged errors (see above)."; fi
  grep -E " WARNING .*$MODULE" "$log" || true
fi

# pytest must reach the tests through the addons-path link so that they import
# as odoo.addons.sales_marketing.tests.*
args=()
for a in "$@"; do
  if [ -e "$REPO/$a" ] && [[ "$a" != /* ]]; then args+=("$ADDONS_LINK_DIR/$MODULE/$a"); else args+=("$a"); fi
done
[ ${#args[@]} -gt 0 ] || args=("$ADDONS_LINK_DIR/$MODULE/tests")
[[ " ${args[*]} " == *"$ADDONS_LINK_DIR"* ]] || args+=("$ADDONS_LINK_DIR/$MODULE/tests")

if [ $# -eq 0 ] && [ "${SKIP_LIFECYCLE:-0}" != 1 ]; then
  "$REPO/dev/lifecycle.sh" "$TEST_DB"
fi
if [ $# -eq 0 ] && [ "${SKIP_UPGRADE:-0}" != 1 ]; then
  "$REPO/dev/upgrade.sh"
fi

say "Running tests"
cd "$STATE"
PYTHONPATH="$REPO/dev${PYTHONPATH:+:$PYTHONPATH}" "$PY" -m pytest \
  -c "$REPO/dev/pytest.ini" --rootdir "$ADDONS_LINK_DIR" -p pytest_no_skip \
  --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
  --odoo-log-level="${ODOO_LOG_LEVEL:-warn}" "${args[@]}"
