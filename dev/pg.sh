#!/usr/bin/env bash
# Private PostgreSQL cluster for development and CI:
#   dev/pg.sh start|stop|status|remove
# Used only when no PG* variables are given. The cluster lives in PG_STATE
# (default /var/tmp/sales_marketing-pg-<hash of the checkout path>, see
# dev/env.sh): outside the checkout, so that its owner reaches it wherever the
# checkout is (a checkout under /root, mode 700, is not traversable by the
# postgres user). $STATE/pg (.dev/pg) is a link to it. It listens on a Unix
# socket in PG_STATE/run and on 127.0.0.1, and is owned by a non-root user
# (PostgreSQL refuses to run as root). `remove` stops it and deletes PG_STATE.
source "$(dirname "$0")/env.sh"

[ "$PG_PRIVATE" = 1 ] || { echo "PG* variables are set: using $PGHOST:$PGPORT"; exit 0; }

PGBIN="${PGBIN:-}"
if [ -z "$PGBIN" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PGBIN=$d; done
fi
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] \
  || die "PostgreSQL server binaries not found (initdb). Install them: apt-get install postgresql (make setup does this as root), or point PG* variables at a server."

# Runs a command as the cluster owner.
if [ "$(id -u)" = 0 ]; then
  OWNER=${PG_OWNER:-postgres}
  id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$OWNER"
  as_owner() { (cd / && runuser -u "$OWNER" -- "$@"); }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

# Earlier layout: the cluster in the checkout's own .dev/pg folder.
LEGACY="$STATE/pg"
legacy_cluster() { [ -d "$LEGACY" ] && [ ! -L "$LEGACY" ] && [ -f "$LEGACY/data/PG_VERSION" ]; }

running() { [ -f "$1/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }
pg_running() { running "$PGDATA_DIR"; }

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# PG_STATE: created by us, owned by the cluster owner, never someone else's
# folder of the same name (it lives in a world-writable directory).
make_state() {
  if [ ! -e "$PG_STATE" ]; then
    mkdir -p "$(dirname "$PG_STATE")"
    mkdir -m 755 "$PG_STATE"
    chown "$OWNER" "$PG_STATE"
  fi
  [ -d "$PG_STATE" ] && [ ! -L "$PG_STATE" ] && [ "$(stat -c %U "$PG_STATE")" = "$OWNER" ] \
    || die "$PG_STATE exists but is not a folder owned by $OWNER: remove it or set SM_PG_STATE."
  as_owner test -w "$PG_STATE" \
    || die "$OWNER cannot write $PG_STATE (a parent directory is not traversable). Set SM_PG_STATE to a folder it can reach, or give PG* variables."
}

# Moves a (stopped) cluster of the earlier layout to PG_STATE, then links
# $STATE/pg to PG_STATE.
migrate_legacy() {
  if legacy_cluster; then
    running "$LEGACY/data" \
      && die "A cluster of the earlier layout is running from $LEGACY/data: stop it first (dev/pg.sh stop), then start again; it moves to $PG_STATE."
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
      say "Moving the private cluster from $LEGACY to $PG_STATE"
      rm -rf "$PGDATA_DIR"
      mv "$LEGACY/data" "$PGDATA_DIR"
      [ -f "$LEGACY/port" ] && cp "$LEGACY/port" "$PG_STATE/port"
    fi
  fi
  if [ -d "$LEGACY" ] && [ ! -L "$LEGACY" ]; then
    [ -f "$LEGACY/data/PG_VERSION" ] \
      && die "$LEGACY holds a cluster and $PG_STATE holds another: keep one (remove the other folder)."
    rm -rf "$LEGACY"
  fi
  mkdir -p "$STATE"
  ln -sfn "$PG_STATE" "$LEGACY"
}

start() {
  make_state
  migrate_legacy
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "Creating private PostgreSQL cluster in $PGDATA_DIR (owner $OWNER)"
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR" "$PGSOCK_DIR"
    chown "$OWNER" "$PGDATA_DIR" "$PGSOCK_DIR"
    local pwfile; pwfile=$(mktemp); echo odoo > "$pwfile"; chmod 644 "$pwfile"
    as_owner "$PGBIN/initdb" -D "$PGDATA_DIR" -U odoo --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if pg_running; then return 0; fi
  local port; port=$(cat "$PG_STATE/port" 2>/dev/null || echo 5433)
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port" > "$PG_STATE/port"
  export PGPORT=$port
  mkdir -p "$PGSOCK_DIR"; touch "$PG_STATE/server.log"
  chown "$OWNER" "$PGSOCK_DIR" "$PG_STATE/server.log"
  say "Starting PostgreSQL on 127.0.0.1:$port (socket $PGSOCK_DIR)"
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_STATE/server.log" -w -t 60 start \
    -o "-p $port -k $PGSOCK_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB" \
    >/dev/null || { tail -20 "$PG_STATE/server.log" >&2; die "PostgreSQL did not start."; }
}

stop() {
  if [ -f "$PGDATA_DIR/PG_VERSION" ] && pg_running; then
    as_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    say "PostgreSQL stopped"
  fi
  if legacy_cluster && running "$LEGACY/data"; then
    as_owner "$PGBIN/pg_ctl" -D "$LEGACY/data" -m fast -w stop >/dev/null
    say "PostgreSQL (earlier layout, $LEGACY) stopped"
  fi
}

remove() {
  stop
  case "$PG_STATE" in
    /var/tmp/sales_marketing-pg-*) ;;
    *) [ -n "${SM_PG_STATE:-}" ] || die "Refusing to remove $PG_STATE." ;;
  esac
  if [ -d "$PG_STATE" ] && [ ! -L "$PG_STATE" ]; then
    rm -rf "$PG_STATE"
    say "Removed $PG_STATE"
  fi
  [ -L "$LEGACY" ] && rm -f "$LEGACY"
  return 0
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  remove) remove ;;
  status) if pg_running; then echo "running on port $PGPORT ($PG_STATE)"; else echo "stopped"; exit 3; fi ;;
  *) die "usage: dev/pg.sh start|stop|status|remove" ;;
esac
