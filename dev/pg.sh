#!/usr/bin/env bash
# Private PostgreSQL cluster for development and CI: dev/pg.sh start|stop|status
# Used only when no PG* variables are given. The cluster lives under .dev/pg
# (git-ignored), listens on a Unix socket in .dev/pg/run and on 127.0.0.1, and
# is owned by a non-root user (PostgreSQL refuses to run as root).
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
  as_owner() { runuser -u "$OWNER" -- "$@"; }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

pg_running() { [ -f "$PGDATA_DIR/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  mkdir -p "$STATE/pg"
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "Creating private PostgreSQL cluster in $PGDATA_DIR (owner $OWNER)"
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR" "$PGSOCK_DIR"
    chown "$OWNER" "$PGDATA_DIR" "$PGSOCK_DIR"
    as_owner test -w "$PGDATA_DIR" \
      || die "$OWNER cannot write $PGDATA_DIR (a parent directory is not traversable). Set SM_STATE to a directory it can reach, or give PG* variables."
    local pwfile; pwfile=$(mktemp); echo odoo > "$pwfile"; chmod 644 "$pwfile"
    as_owner "$PGBIN/initdb" -D "$PGDATA_DIR" -U odoo --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if pg_running; then return 0; fi
  local port; port=$(cat "$STATE/pg/port" 2>/dev/null || echo 5433)
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port" > "$STATE/pg/port"
  export PGPORT=$port
  mkdir -p "$PGSOCK_DIR"; touch "$STATE/pg/server.log"
  chown "$OWNER" "$PGSOCK_DIR" "$STATE/pg/server.log"
  say "Starting PostgreSQL on 127.0.0.1:$port (socket $PGSOCK_DIR)"
  as_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$STATE/pg/server.log" -w -t 60 start \
    -o "-p $port -k $PGSOCK_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB" \
    >/dev/null || { tail -20 "$STATE/pg/server.log" >&2; die "PostgreSQL did not start."; }
}

stop() {
  if [ -f "$PGDATA_DIR/PG_VERSION" ] && pg_running; then
    as_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    say "PostgreSQL stopped"
  fi
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) if pg_running; then echo "running on port $PGPORT"; else echo "stopped"; exit 3; fi ;;
  *) die "usage: dev/pg.sh start|stop|status" ;;
esac
