# shellcheck shell=bash
# Shared settings for the dev scripts. Source it; every value can be overridden
# from the environment.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo18}"
VENV="${VENV:-$REPO/.venv}"
STATE="${SM_STATE:-$REPO/.dev}"          # git-ignored working state
PY="$VENV/bin/python"
DB="${DB:-sales_marketing}"              # demo database used by `make run`
TEST_DB="${TEST_DB:-sales_marketing_test}"
HTTP_PORT="${HTTP_PORT:-8069}"
ODOO_CONF="$STATE/odoo.conf"
DATA_DIR="${SM_DATA_DIR:-$STATE/data}"   # Odoo data_dir (filestores)
ADDONS_LINK_DIR="$STATE/addons"          # holds sales_marketing -> $REPO
MODULE=sales_marketing
export PGAPPNAME=sales_marketing_dev

die() { printf '\n*** %s\n\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

# PostgreSQL: PG* variables from the environment win; otherwise a private
# cluster (see dev/pg.sh) in PG_STATE, a folder outside the checkout that the
# cluster owner reaches by itself wherever the checkout is (a checkout under
# /root is not traversable by the postgres user); $STATE/pg links to it.
# SM_PG_MODE is decided once and inherited by child scripts.
if [ -z "${SM_PG_MODE:-}" ]; then
  if [ -z "${PGHOST:-}" ] && [ -z "${PGPORT:-}" ]; then SM_PG_MODE=private; else SM_PG_MODE=external; fi
  export SM_PG_MODE
fi
if [ "$SM_PG_MODE" = private ]; then
  PG_PRIVATE=1
  PG_STATE="${SM_PG_STATE:-/var/tmp/sales_marketing-pg-$(printf %s "$REPO" | sha1sum | cut -c1-10)}"
  PGDATA_DIR="$PG_STATE/data"
  PGSOCK_DIR="$PG_STATE/run"
  export PGHOST="$PGSOCK_DIR"
  PGPORT="$(cat "$PG_STATE/port" 2>/dev/null || echo 5433)"
  export PGPORT PGUSER=odoo PGPASSWORD=odoo PGDATABASE=postgres
else
  PG_PRIVATE=0
  export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}"
  export PGUSER="${PGUSER:-odoo}" PGDATABASE="${PGDATABASE:-postgres}"
fi

# Starts the private cluster when there is one (and takes its port), then
# checks that PostgreSQL answers.
pg_up() {
  if [ "$PG_PRIVATE" = 1 ]; then
    "$REPO/dev/pg.sh" start
    PGPORT="$(cat "$PG_STATE/port")"
    export PGPORT
  fi
  psql -XtAc "SELECT 1" >/dev/null 2>&1 \
    || die "PostgreSQL is not reachable at $PGHOST:$PGPORT as $PGUSER (run make setup, or check the PG* variables)."
}

odoo_addons_path() {
  local p="$ADDONS_LINK_DIR,$ODOO_SRC/odoo/addons"
  [ -d "$ODOO_SRC/addons" ] && p="$p,$ODOO_SRC/addons"
  echo "$p"
}

# The addon as Odoo sees it: a folder named sales_marketing holding links to
# the repository's addon entries. Not a link to the repository itself: Odoo
# walks the whole addon folder (translations, assets) and must not see .venv,
# .dev (which holds this very folder) or the dev tooling.
link_addon() {
  local dir="$ADDONS_LINK_DIR/$MODULE" entry name
  [ -L "$dir" ] && rm -f "$dir"
  mkdir -p "$dir"
  find "$dir" -maxdepth 1 -type l -delete
  for entry in "$REPO"/*; do
    name=$(basename "$entry")
    case "$name" in dev | Makefile) continue ;; esac
    ln -s "$entry" "$dir/$name"
  done
}

# Writes the Odoo configuration used by run/test/bench.
write_odoo_conf() {
  mkdir -p "$DATA_DIR" "$ADDONS_LINK_DIR"
  link_addon
  cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $(odoo_addons_path)
data_dir = $DATA_DIR
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $HTTP_PORT
list_db = False
without_demo = False
CONF
}

odoo_bin() { "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"; }

db_exists() { psql -XtAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }

# Copies a database and its filestore.
db_copy() {
  local src=$1 dst=$2
  dropdb --if-exists "$dst"
  createdb -T "$src" "$dst"
  rm -rf "$DATA_DIR/filestore/$dst"
  if [ -d "$DATA_DIR/filestore/$src" ]; then
    cp -a "$DATA_DIR/filestore/$src" "$DATA_DIR/filestore/$dst"
  fi
}

db_drop() {
  dropdb --if-exists "$1"
  rm -rf "$DATA_DIR/filestore/$1"
}

# Odoo modules our addon depends on (read from the manifest).
module_depends() {
  "$PY" - "$REPO/__manifest__.py" <<'PY'
import ast, sys
print(",".join(sorted(ast.literal_eval(open(sys.argv[1]).read())["depends"])))
PY
}

# A template database holding Odoo's own apps (our dependencies, with demo
# data): building it is the slow part, so it is cached by dependency list and
# Odoo version and copied for each test run.
template_db() {
  local key
  key=$( { module_depends; cat "$ODOO_SRC/odoo/release.py"; echo "$ODOO_SRC"; } | sha1sum | cut -c1-10)
  echo "sm_tmpl_$key"
}

template_ready() {
  psql -XtAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname='$1'" \
    | grep -q "sales_marketing template"
}

ensure_template_db() {
  local tmpl build
  tmpl=$(template_db)
  template_ready "$tmpl" && return 0
  # Built under a private name and renamed when complete, so that concurrent
  # checkouts sharing one server never copy a half-built template.
  build="${tmpl}_build_$$"
  say "Building template database $tmpl with Odoo apps: $(module_depends)"
  db_drop "$build"
  odoo_bin -d "$build" -i "$(module_depends)" --stop-after-init --log-level=warn \
    || { db_drop "$build"; die "Installing Odoo's apps into $build failed (see the log above)."; }
  psql -Xqc "COMMENT ON DATABASE \"$build\" IS 'sales_marketing template'"
  if template_ready "$tmpl"; then db_drop "$build"; return 0; fi
  dropdb --if-exists "$tmpl"
  psql -Xqc "ALTER DATABASE \"$build\" RENAME TO \"$tmpl\""
  rm -rf "$DATA_DIR/filestore/$tmpl"
  if [ -d "$DATA_DIR/filestore/$build" ]; then
    mv "$DATA_DIR/filestore/$build" "$DATA_DIR/filestore/$tmpl"
  fi
}

require_chromium() {
  command -v chromium >/dev/null || command -v google-chrome >/dev/null \
    || command -v chromium-browser >/dev/null \
    || die "Chromium is missing: HttpCase tours cannot run. Install it: apt-get install chromium (make setup does this as root)."
  "$PY" -c "import websocket" 2>/dev/null \
    || die "websocket-client is missing in $VENV: tours cannot run. Run make setup."
}

require_odoo() {
  [ -f "$ODOO_SRC/odoo-bin" ] || die "Odoo 18 source not found at ODOO_SRC=$ODOO_SRC (see README: Setup)."
  [ -x "$PY" ] || die "No virtualenv at $VENV: run make setup first."
}

# Runs a Python script in `odoo-bin shell` on a database (configuration:
# $ODOO_CONF; `env` is the superuser's): odoo_shell <database> <script>
odoo_shell() {
  "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$1" --log-level=warn <"$2"
}

# Prints the errors of an Odoo log; true when there is one: log_errors <log>
log_errors() { grep -E " (ERROR|CRITICAL) " "$1"; }

# Runs an Odoo command, its output appended to a log, and calls the caller's
# fail() when it fails or logs an error: logged_step <log> <what> <command...>
logged_step() {
  local log=$1 what=$2
  shift 2
  "$@" >>"$log" 2>&1 || fail "$what failed."
  ! log_errors "$log" || fail "$what logged errors."
}
