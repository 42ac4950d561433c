#!/usr/bin/env bash
# make test-odoo: Odoo's own test suites of the apps this module extends, on a
# database with the module, then the tests that failed there once more on a
# database with the same apps without it (the baseline); fails when a test
# fails only with the module. Both databases are copies of the template
# database of make test (Odoo's apps with demo data), the first one with
# sales_marketing installed; every test of the suites runs once in the
# complete registry (dev/odoo_suites.py says why).
# The baseline is measured in every run, never written down, and only where
# it decides something: a test that passes with the module needs no
# baseline, so only the failing ones run again without it (minutes, not a
# second full run beside the first on this machine's two cores).
#   dev/test_odoo.sh                         # the suites below
#   ODOO_SUITES=sale_crm dev/test_odoo.sh    # other suites (comma-separated)
source "$(dirname "$0")/env.sh"
require_odoo
require_chromium
pg_up
write_odoo_conf

SUITES="${ODOO_SUITES:-sale,sale_stock,sale_management,sale_crm,sale_project,sale_purchase,sale_purchase_stock,purchase,purchase_stock,stock,stock_account,account,crm,project,mass_mailing,mass_mailing_sale,mass_mailing_sms}"
SUITES=$(tr ',' '\n' <<<"$SUITES" | sed '/^$/d' | sort -u | paste -sd,)
TAGS=$(tr ',' '\n' <<<"$SUITES" | sed 's|^|/|' | paste -sd,)
BASE_DB="${DB}_suites_base"
WITH_DB="${DB}_suites_with"
PORT="${SUITES_HTTP_PORT:-$HTTP_PORT}"   # the first free one from there
OUT="$STATE/test-odoo"
mkdir -p "$OUT"

ensure_template_db
TEMPLATE=$(template_db)
for m in ${SUITES//,/ }; do
  psql -d "$TEMPLATE" -XtAc "SELECT 1 FROM ir_module_module WHERE name='$m' AND state='installed'" | grep -q 1 \
    || die "The suite $m is not an installed app of the template $TEMPLATE (the module's dependencies): choose ODOO_SUITES among them."
done

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

installed_modules() {
  psql -d "$1" -XtAc "SELECT name FROM ir_module_module WHERE state='installed' ORDER BY name"
}

# Runs the tests selected by the test tags $4 on a database ($1) with Odoo's
# HTTP server on port $5; the per-test results go to $2 (JSON lines).
run_suites() {
  local db=$1 out=$2 label=$3 tags=$4 port=$5 log="$OUT/$1.log"
  say "Odoo's tests on $db ($label)  (log: $log)"
  ODOO_TEST_MAX_FAILED_TESTS=1000000 "$PY" "$REPO/dev/odoo_suites.py" run "$out" \
    -c "$ODOO_CONF" -d "$db" --db-filter="^$db\$" --test-enable --test-tags="$tags" \
    --stop-after-init --http-port="$port" --log-level=info --logfile="$log" --max-cron-threads=0 \
    || die "Odoo's test run on $db stopped abnormally (see $log)."
  "$PY" "$REPO/dev/odoo_suites.py" describe "$out" "  $label" >/dev/null \
    || die "Odoo's test run on $db did not finish (see $log)."
}

started=$(date +%s)
installed_modules "$TEMPLATE" > "$OUT/$BASE_DB.modules"

say "Database $WITH_DB: the same apps and $MODULE"
db_copy "$TEMPLATE" "$WITH_DB"
log="$OUT/install-$WITH_DB.log"
odoo_bin -d "$WITH_DB" -i "$MODULE" --stop-after-init --log-level=warn >"$log" 2>&1 \
  || { cat "$log"; db_drop "$WITH_DB"; die "Installing $MODULE into $WITH_DB failed."; }
installed_modules "$WITH_DB" > "$OUT/$WITH_DB.modules"
extra=$(comm -13 "$OUT/$BASE_DB.modules" "$OUT/$WITH_DB.modules" | paste -sd' ')
missing=$(comm -23 "$OUT/$BASE_DB.modules" "$OUT/$WITH_DB.modules" | paste -sd' ')
[ "$extra" = "$MODULE" ] && [ -z "$missing" ] \
  || { db_drop "$WITH_DB"; die "The two databases must differ by $MODULE only (more: '$extra', fewer: '$missing')."; }
say "Odoo's suites with $MODULE: $SUITES"
run_suites "$WITH_DB" "$OUT/$WITH_DB.jsonl" "with sales_marketing" "$TAGS" "$(free_port "$PORT")"
[ "${KEEP_DB:-0}" = 1 ] || db_drop "$WITH_DB"

# The baseline: the tests that failed with the module, on the apps without it.
failed_tags=$("$PY" "$REPO/dev/odoo_suites.py" failed-tags "$OUT/$WITH_DB.jsonl")
if [ -n "$failed_tags" ]; then
  say "Baseline: the tests failing with $MODULE, on $BASE_DB (the same apps without it): $failed_tags"
  db_copy "$TEMPLATE" "$BASE_DB"
  run_suites "$BASE_DB" "$OUT/$BASE_DB.jsonl" "without sales_marketing" "$failed_tags" "$(free_port "$PORT")"
  db_drop "$BASE_DB"
else
  say "Baseline: no test failed with $MODULE, nothing to run without it"
  "$PY" "$REPO/dev/odoo_suites.py" empty "$OUT/$BASE_DB.jsonl"
fi

say "Odoo's own suites ($SUITES), $(( ($(date +%s) - started) / 60 )) min"
"$PY" "$REPO/dev/odoo_suites.py" compare "$OUT/$BASE_DB.jsonl" "$OUT/$WITH_DB.jsonl" \
  || die "Odoo's own tests fail with $MODULE installed and pass without it (above; logs in $OUT)."
say "Odoo's own suites: no test fails only with $MODULE."
