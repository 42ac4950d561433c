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
#   SUITES_JOBS=1 dev/test_odoo.sh           # measure a missing baseline first, not beside
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
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/sales_marketing/odoo-suites"
OUT="$STATE/test-odoo"
mkdir -p "$CACHE" "$OUT"

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

# Runs the suites on a database ($1) with Odoo's HTTP server on port $4; the
# per-test results go to $2 (JSON lines).
run_suites() {
  local db=$1 out=$2 label=$3 port=$4 log="$OUT/$1.log"
  say "Odoo's suites on $db ($label): $SUITES  (log: $log)"
  ODOO_TEST_MAX_FAILED_TESTS=1000000 "$PY" "$REPO/dev/odoo_suites.py" run "$out" \
    -c "$ODOO_CONF" -d "$db" --db-filter="^$db\$" --test-enable --test-tags="$TAGS" \
    --stop-after-init --http-port="$port" --log-level=info --logfile="$log" --max-cron-threads=0 \
    || die "Odoo's test run on $db stopped abnormally (see $log)."
  "$PY" "$REPO/dev/odoo_suites.py" describe "$out" "  $label" >/dev/null \
    || die "Odoo's test run on $db did not finish (see $log)."
}

# The Odoo tree: its version, its addons and a signature of every file (path,
# size, time); Odoo's requirements as installed; the template's apps; the
# suites; how they are run (run_suites and the run part of odoo_suites.py).
baseline_key() {
  {
    cat "$ODOO_SRC/odoo/release.py"
    ls "$ODOO_SRC/odoo/addons"
    find "$ODOO_SRC" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -printf '%P %s %T@\n' | sort | sha1sum
    cat "$VENV/odoo-requirements.txt" 2>/dev/null; "$PY" -V
    echo "$TEMPLATE"; installed_modules "$TEMPLATE"
    echo "$SUITES"
    declare -f run_suites
    sed -n '/^# -- run --/,/^# -- compare --/p' "$REPO/dev/odoo_suites.py"
  } | sha1sum | cut -c1-16
}

# The baseline: a copy of the template, the suites run on it, the results
# cached once complete.
measure_baseline() {
  db_copy "$TEMPLATE" "$BASE_DB"
  run_suites "$BASE_DB" "$OUT/$BASE_DB.jsonl" "without sales_marketing" "$1"
  db_drop "$BASE_DB"
  cp "$OUT/$BASE_DB.jsonl" "$baseline.tmp" && mv "$baseline.tmp" "$baseline"
}

started=$(date +%s)
key=$(baseline_key)
baseline="$CACHE/baseline-$key.jsonl"
installed_modules "$TEMPLATE" > "$OUT/$BASE_DB.modules"
base_pid=
if [ "${REFRESH_BASELINE:-0}" = 1 ] || [ ! -s "$baseline" ]; then
  rm -f "$baseline"
  if [ "${SUITES_JOBS:-2}" -ge 2 ]; then
    # both halves at once (two processes, each on its own HTTP port)
    say "Baseline: none cached for this Odoo tree and these suites ($key): measuring it beside the run with $MODULE (output: $OUT/$BASE_DB.out)"
    (measure_baseline "$(free_port "$((PORT + 1))")") >"$OUT/$BASE_DB.out" 2>&1 &
    base_pid=$!
  else
    say "Baseline: none cached for this Odoo tree and these suites ($key): measuring it"
    measure_baseline "$(free_port "$PORT")"
  fi
else
  say "Baseline: cached results $baseline"
fi

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
run_suites "$WITH_DB" "$OUT/$WITH_DB.jsonl" "with sales_marketing" "$(free_port "$PORT")"
[ "${KEEP_DB:-0}" = 1 ] || db_drop "$WITH_DB"
if [ -n "$base_pid" ]; then
  say "Waiting for the baseline run"
  wait "$base_pid" || { cat "$OUT/$BASE_DB.out"; die "Measuring the baseline failed (above)."; }
  cat "$OUT/$BASE_DB.out"
fi

say "Odoo's own suites ($SUITES), $(( ($(date +%s) - started) / 60 )) min"
"$PY" "$REPO/dev/odoo_suites.py" compare "$baseline" "$OUT/$WITH_DB.jsonl" \
  || die "Odoo's own tests fail with $MODULE installed and pass without it (above; logs in $OUT)."
say "Odoo's own suites: no test fails only with $MODULE."
