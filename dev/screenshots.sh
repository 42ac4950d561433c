#!/usr/bin/env bash
# Screenshots of the web client for README.md / the Apps page, taken with
# headless Chromium against make run's demo database ($DB) and stored under
# static/description/. Starts its own Odoo on SHOTS_PORT (default 8079) and
# stops it afterwards.
#   dev/screenshots.sh
source "$(dirname "$0")/env.sh"
require_odoo
require_chromium
pg_up
write_odoo_conf
db_exists "$DB" || die "Database $DB does not exist: run make setup first."
port="${SHOTS_PORT:-8079}"
log="$STATE/screenshots-odoo.log"
say "Updating $MODULE in $DB"
odoo_bin -d "$DB" -u "$MODULE" --stop-after-init --log-level=warn >"$log" 2>&1 \
  || { cat "$log"; die "Updating $MODULE in $DB failed."; }
"$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$port" --log-level=warn >>"$log" 2>&1 &
odoo_pid=$!
trap 'kill "$odoo_pid" 2>/dev/null; wait "$odoo_pid" 2>/dev/null' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/web/login" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/web/login" >/dev/null || { cat "$log"; die "Odoo did not start."; }
say "Taking screenshots"
"$PY" "$REPO/dev/screenshots.py" "http://127.0.0.1:$port" "$DB" "$REPO/static/description"
