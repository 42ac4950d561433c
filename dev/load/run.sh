#!/usr/bin/env bash
# make load: multi-worker Odoo under N concurrent XML-RPC clients, against the
# same load on stock Odoo; consistency checks; figures into dev/bench/RESULTS.md.
#   LOAD_CLIENTS=16 LOAD_SECONDS=300 dev/load/run.sh
source "$(dirname "$0")/../env.sh"
require_odoo
pg_up
write_odoo_conf
ensure_template_db
CLIENTS=${LOAD_CLIENTS:-16}
SECONDS_RUN=${LOAD_SECONDS:-300}
PORT=${LOAD_PORT:-8169}
OUT="$STATE/load"
mkdir -p "$OUT"

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

start_server() { # db
  "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$1" --db-filter="^$1\$" \
    --http-interface=127.0.0.1 --http-port="$PORT" --workers=4 --max-cron-threads=1 \
    --limit-time-real=600 --limit-time-cpu=600 --log-level=info \
    >"$OUT/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/web/login" && return 0
    sleep 1
  done
  tail -30 "$OUT/server-$1.log"; die "Odoo did not start on port $PORT."
}

dsn() { echo "dbname=$1 host=$PGHOST port=$PGPORT user=$PGUSER password=${PGPASSWORD:-}"; }

run_variant() { # db label extra-args
  local db=$1 label=$2; shift 2
  say "Load: $label ($CLIENTS clients, $SECONDS_RUN s)"
  start_server "$db"
  "$PY" "$REPO/dev/load/load.py" --url "http://127.0.0.1:$PORT" --db "$db" \
    --dsn "$(dsn "$db")" --clients "$CLIENTS" --seconds "$SECONDS_RUN" \
    --out "$OUT/$label.json" "$@" || status=1
  stop_server
  # serialization failures are logged as "bad query" errors and retried by
  # Odoo: expected under concurrency; anything else is a server error
  if awk '/ (ERROR|CRITICAL) / { err = $0; nxt = ""; getline nxt;
          if (err ~ /bad query/ && nxt ~ /could not serialize|deadlock detected/) next;
          print err; next }' "$OUT/server-$db.log" | grep .; then
    say "Server errors in $OUT/server-$db.log"; status=1
  fi
}

status=0
say "Databases with demo data"
db_copy "$(template_db)" sm_load 2>/dev/null
odoo_bin -d sm_load -i "$MODULE" --stop-after-init --log-level=warn || die "Install failed."
db_copy "$(template_db)" sm_load_stock 2>/dev/null
run_variant sm_load ours
run_variant sm_load_stock stock --baseline
"$PY" "$REPO/dev/load/load.py" report "$OUT/ours.json" "$OUT/stock.json" "$CLIENTS" "$SECONDS_RUN"
db_drop sm_load
db_drop sm_load_stock
exit $status
