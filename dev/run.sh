#!/usr/bin/env bash
# make run: serves the demo database at http://localhost:$HTTP_PORT (admin/admin).
source "$(dirname "$0")/env.sh"
require_odoo
pg_up
write_odoo_conf
db_exists "$DB" || die "Database $DB does not exist: run make setup first."
say "Odoo on http://localhost:$HTTP_PORT  (login admin / admin, database $DB)"
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$HTTP_PORT" "$@"
