#!/usr/bin/env bash
# make test-odoo: Odoo's own test suites of the apps this module extends, on a
# database with the module and on one with the same apps without it (the
# baseline); fails when a test fails only with the module. Both databases are
# copies of the template database of make test (Odoo's apps with demo data),
# the first one with sales_marketing installed; every test of the suites runs
# once in the complete registry (dev/odoo_suites.py says why).
# The baseline does not depend on this module: it is cached in
# ${XDG_CACHE_HOME:-~/.cache}/sales_marketing/odoo-suites/, keyed by the Odoo
# tree, Odoo's Python requirements, the template's apps, the suites and the
# runner, so a second run only runs the half with the module.
#   dev/test_odoo.sh                         # the suites below
#   ODOO_SUITES=sale_crm dev/test_odoo.sh    # other suites (comma-separated)
#   REFRESH_BASELINE=1 dev/test_odoo.sh      # measure the baseline again
source "$(dirname "$0")/env.sh"
require_odoo
require_chromium
pg_up
write_odoo_conf

SUITES="${ODOO_SUITES:-sale,sale_stock,sale_management,sale_crm,sale_project,sale_purchase,sale_purchase_stock,purchase,purchase_stock,stock,stock_account,account,crm,project,mass_mailing,mass_mailing_sale}"
SUITES=$(tr ',' '\n' <<<"$SUITES" | sed '/^$/d' | sort -u | paste -sd,)
TAGS=$(tr ',' '\n' <<<"$SUITES" | sed 's|^|/|' | paste -sd,)
BASE_DB="${DB}_suites_base"
WITH_DB="${DB}_suites_with"
PORT="${SUITES_HTTP_PORT:-$HTTP_PORT}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/sales_marketing/odoo-suites"
OUT="$STATE/test-odoo"
mkdir -p "$CACHE" "$OUT"

ensure_template_db
TEMPLATE=$(template_db)
for m in ${SUITES//,/ }; do
  psql -d "$TEMPLATE" -XtAc "SELECT 1 FROM ir_module_module WHERE name='$m' AND state='installed'" | grep -q 1 \
    || die "The suite $m is not an installed app of the template $TEMPLATE (the module's dependencies): choose ODOO_SUITES among them."
done

installed_modules() {
  psql -d "$1" -XtAc "SELECT name FROM ir_module_module WHERE state='installed' ORDER BY name"
}

# The Odoo tree: its version, its addons and a signature of every file (path,
# size, time); Odoo's requirements as installed; the template's apps; the
# suites; this runner.
baseline_key() {
  {
    cat "$ODOO_SRC/odoo/release.py"
    ls "$ODOO_SRC/odoo/addons"
    find "$ODOO_SRC" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -printf '%P %s %T@\n' | sort | sha1sum
    cat "$VENV/odoo-requirements.txt" 2>/dev/null; "$PY" -V
    echo "$TEMPLATE"; installed_modules "$TEMPLATE"
    echo "$SUITES"
    cat "$REPO/dev/odoo_suites.py"
  } | sha1sum | cut -c1-16
}

# Runs the suites on a database; the per-test results go to $2 (JSON lines).
run_suites() {
  local db=$1 out=$2 label=$3 log="$OUT/$1.log"
  say "Odoo's suites on $db ($label): $SUITES  (log: $log)"
  ODOO_TEST_MAX_FAILED_TESTS=1000000 "$PY" "$REPO/dev/odoo_suites.py" run "$out" \
    -c "$ODOO_CONF" -d "$db" --db-filter="^$db\$" --test-enable --test-tags="$TAGS" \
    --stop-after-init --http-port="$PORT" --log-level=info --logfile="$log" --max-cron-threads=0 \
    || die "Odoo's test run on $db stopped abnormally (see $log)."
  "$PY" "$REPO/dev/odoo_suites.py" describe "$out" "  $label" >/dev/null \
    || die "Odoo's test run on $db did not finish (see $log)."
}

key=$(baseline_key)
baseline="$CACHE/baseline-$key.jsonl"
if [ "${REFRESH_BASELINE:-0}" = 1 ] || [ ! -s "$baseline" ] || [ ! -s "$CACHE/baseline-$key.modules" ]; then
  say "Baseline: no cached results for this Odoo tree and these suites ($key): measuring it"
  db_copy "$TEMPLATE" "$BASE_DB"
  installed_modules "$BASE_DB" > "$OUT/modules-base.txt"
  run_suites "$BASE_DB" "$OUT/baseline.jsonl" "without sales_marketing"
  db_drop "$BASE_DB"
  cp "$OUT/modules-base.txt" "$CACHE/baseline-$key.modules"
  cp "$OUT/baseline.jsonl" "$baseline.tmp" && mv "$baseline.tmp" "$baseline"
else
  say "Baseline: cached results $baseline"
fi

say "Database $WITH_DB: the same apps and $MODULE"
db_copy "$TEMPLATE" "$WITH_DB"
log="$OUT/install-$WITH_DB.log"
odoo_bin -d "$WITH_DB" -i "$MODULE" --stop-after-init --log-level=warn >"$log" 2>&1 \
  || { cat "$log"; db_drop "$WITH_DB"; die "Installing $MODULE into $WITH_DB failed."; }
installed_modules "$WITH_DB" > "$OUT/modules-with.txt"
extra=$(comm -13 "$CACHE/baseline-$key.modules" "$OUT/modules-with.txt" | paste -sd' ')
missing=$(comm -23 "$CACHE/baseline-$key.modules" "$OUT/modules-with.txt" | paste -sd' ')
[ "$extra" = "$MODULE" ] && [ -z "$missing" ] \
  || { db_drop "$WITH_DB"; die "The two databases must differ by $MODULE only (more: '$extra', fewer: '$missing')."; }
run_suites "$WITH_DB" "$OUT/with.jsonl" "with sales_marketing"
[ "${KEEP_DB:-0}" = 1 ] || db_drop "$WITH_DB"

say "Odoo's own suites ($SUITES)"
"$PY" "$REPO/dev/odoo_suites.py" compare "$baseline" "$OUT/with.jsonl" \
  || die "Odoo's own tests fail with $MODULE installed and pass without it (above; logs in $OUT)."
say "Odoo's own suites: no test fails only with $MODULE."
