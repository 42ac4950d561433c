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
odoo_shell "$work" "$REPO/dev/lifecycle_data.py" >"$log" 2>&1 \
  || fail "Creating business data on $work failed."
odoo_bin -d "$work" -u "$MODULE" --stop-after-init --log-level=warn >>"$log" 2>&1 \
  || fail "Upgrading $MODULE on $work failed."
log_errors "$log" && fail "Upgrading $MODULE logged errors."
odoo_shell "$work" "$REPO/dev/lifecycle_check.py" >>"$log" 2>&1 \
  || fail "Uninstalling $MODULE left something behind or failed."
log_errors "$log" && fail "Uninstalling $MODULE logged errors."
grep -E "^LIFECYCLE OK|^lifecycle data" "$log"
db_drop "$work"
