#!/usr/bin/env bash
# make pot: export i18n/sales_marketing.pot from a database with the current
# module, then merge it into every i18n/*.po (new terms empty, stale removed).
source "$(dirname "$0")/env.sh"
require_odoo
pg_up
write_odoo_conf
ensure_template_db
POT_DB="${POT_DB:-${DB}_pot}"   # beside make run's database: sm_x -> sm_x_pot
db_copy "$(template_db)" "$POT_DB"
odoo_bin -d "$POT_DB" -i "$MODULE" --stop-after-init --log-level=warn --without-demo=all
odoo_bin -d "$POT_DB" --modules="$MODULE" --i18n-export="$REPO/i18n/$MODULE.pot" \
  --stop-after-init --log-level=warn
db_drop "$POT_DB"
"$PY" "$REPO/dev/po_merge.py" "$REPO/i18n/$MODULE.pot" "$REPO"/i18n/*.po
say "i18n/$MODULE.pot exported and merged into i18n/*.po"
