#!/usr/bin/env bash
# make test-upgrade (also run by make test): a database at the previous
# release (the last line of dev/releases.txt), filled with business data of
# every feature by that release's own code, then upgraded with this code
# (-u sales_marketing). Fails on an error in the logs, a lost or added record,
# a value users see that changed without dev/upgrade/expected.py declaring it,
# a stored value this code computes differently (not migrated), or a change of
# the module's stored fields without a version bump (dev/upgrade/check.py).
#   dev/upgrade.sh                         # from the last release
#   UPGRADE_FROM=18.0.1.0.0 dev/upgrade.sh # from another release of the list
#   KEEP_DB=1 dev/upgrade.sh               # keep the upgraded ${TEST_DB}_upgrade
# The release database with its data is cached as ${TEST_DB}_release (keyed by
# the release, its data script and the template); the rest runs every time.
source "$(dirname "$0")/env.sh"
require_odoo
pg_up
write_odoo_conf
ensure_template_db
started=$SECONDS

read -r version commit < <("$PY" "$REPO/dev/upgrade/check.py" preflight "$REPO") \
  || exit 1  # check.py said why
work="$STATE/upgrade/$version"
data_script="$REPO/dev/upgrade/data/$version.py"
cache="${TEST_DB}_release"
db="${TEST_DB}_upgrade"
log="$STATE/upgrade-$db.log"
before="$work/before.json"
after="$work/after.json"
: >"$log"
drop() { [ "${KEEP_DB:-0}" = 1 ] || db_drop "$db"; }
fail() { tail -n 60 "$log"; drop; die "$*"; }

# The release's code (git archive of its commit) presented to Odoo as an addon
# folder of links with its own configuration: env.sh's helpers with REPO,
# ADDONS_LINK_DIR and ODOO_CONF pointing at the release.
if [ "$(cat "$work/src/.commit" 2>/dev/null)" != "$commit" ]; then
  rm -rf "$work/src"
  mkdir -p "$work/src"
  git -C "$REPO" archive "$commit" | tar -x -C "$work/src"
  echo "$commit" >"$work/src/.commit"
fi
(REPO="$work/src" ADDONS_LINK_DIR="$work/addons" ODOO_CONF="$work/odoo.conf" write_odoo_conf)
release_odoo() { local ODOO_CONF="$work/odoo.conf"; odoo_bin "$@"; }
release_shell() { local ODOO_CONF="$work/odoo.conf"; odoo_shell "$@"; }

key=$( { echo "$commit $(template_db)"; cat "$data_script"; } | sha1sum | cut -c1-12)
if psql -XtAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname='$cache'" \
  | grep -qx "upgrade $key"; then
  say "Upgrade: release $version with its data (cached in $cache)"
  db_copy "$cache" "$db" 2>>"$log"
else
  say "Upgrade: release $version (${commit:0:10}) installed and filled with data"
  # the template holds today's dependencies; -i installs any other the
  # release depends on
  db_copy "$(template_db)" "$db" 2>>"$log"
  logged_step "$log" "Installing release $version into $db" \
    release_odoo -d "$db" -i "$MODULE" --stop-after-init --log-level=warn
  logged_step "$log" "Creating the business data of release $version" \
    release_shell "$db" "$data_script"
  db_copy "$db" "$cache" 2>>"$log"
  psql -Xqc "COMMENT ON DATABASE \"$cache\" IS 'upgrade $key'"
fi

say "Upgrade: what users see at release $version, then -u $MODULE with this code"
UPGRADE_SNAPSHOT="$before" logged_step "$log" "Recording the release database" \
  release_shell "$db" "$REPO/dev/upgrade/snapshot.py"
logged_step "$log" "Upgrading $MODULE from release $version" \
  odoo_bin -d "$db" -u "$MODULE" --stop-after-init --log-level=warn
grep -E " WARNING .*$MODULE" "$log" || true
UPGRADE_SNAPSHOT="$after" logged_step "$log" "Recording the upgraded database" \
  odoo_shell "$db" "$REPO/dev/upgrade/snapshot.py"
grep -E "^upgrade (data|snapshot)" "$log"
"$PY" "$REPO/dev/upgrade/check.py" compare "$REPO" "$version" "$before" "$after" \
  || { drop; die "The upgrade check failed (above; log: $log, snapshots: $work)."; }
drop
say "Upgrade check done in $((SECONDS - started)) s"
