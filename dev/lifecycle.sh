#!/usr/bin/env bash
# Install -> data -> upgrade (-u) -> uninstall on a database with data; no
# error in the logs and nothing of the module left afterwards. Run by
# dev/test.sh on the freshly installed test database; callable alone:
#   dev/lifecycle.sh <database with the module installed>
source "$(dirname "$0")/env.sh"
db=${1:-$TEST_DB}
work="${db}_lifecycle"
log="$STATE/lifecycle-$db.log"
export LIFECYCLE_RECORD="$STATE/lifecycle-$db.json"
db_copy "$db" "$work" 2>/dev/null
fail() { cat "$log"; db_drop "$work"; die "$*"; }
say "Lifecycle: data, upgrade and uninstall on $work"
: >"$log"
logged_step "$log" "Creating business data on $work" \
  odoo_shell "$work" "$REPO/dev/lifecycle_data.py"
logged_step "$log" "Upgrading $MODULE on $work" \
  odoo_bin -d "$work" -u "$MODULE" --stop-after-init --log-level=warn
logged_step "$log" "Uninstalling $MODULE (leaving nothing behind)" \
  odoo_shell "$work" "$REPO/dev/lifecycle_check.py"
grep -E "^LIFECYCLE OK|^lifecycle data" "$log"
db_drop "$work"
