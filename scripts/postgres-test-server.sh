#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests that need a real server (the Postgres memory backend, the
# Postgres checkpointer). Installs Debian's `postgresql` when no server binaries are present, keeps
# one cluster under $PGTEST_DIR (default: $TMPDIR/sre-agent-postgres), serves it on 127.0.0.1 only,
# and prints one line on stdout, for `export "$(scripts/postgres-test-server.sh)"`:
#   TEST_DATABASE_URL=postgres://sre_agent:sre_agent@127.0.0.1:<port>/sre_agent_test
# Idempotent: a second call reuses the running server. Progress goes to stderr.
#   PGTEST_PORT  first port to try (default 54329; the next ten are tried when it is taken)
#   PGTEST_DIR   where the cluster lives
#   scripts/postgres-test-server.sh stop   stops the server (the cluster stays for the next start)
set -euo pipefail

ROOT="${PGTEST_DIR:-${TMPDIR:-/tmp}/sre-agent-postgres}"
FIRST_PORT="${PGTEST_PORT:-54329}"
DATA="$ROOT/data"
DB=sre_agent_test
ROLE=sre_agent
PASSWORD=sre_agent

log() { echo "postgres-test-server: $*" >&2; }
die() { log "$*"; exit 1; }

# initdb refuses to run as root: the cluster belongs to `postgres` when we are root, to us otherwise.
if [ "$(id -u)" = 0 ]; then OWNER=postgres; else OWNER="$(id -un)"; fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Debian puts the server binaries in /usr/lib/postgresql/<major>/bin, off the PATH.
server_bin_dir() {
  local initdb
  if initdb="$(command -v initdb)" && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$initdb")"
    return
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

install_server() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
  log "installing postgresql from the Debian archive"
  local started=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  log "installed in $((SECONDS - started))s"
}

# Something answers on the port: our server from an earlier call, or someone else's.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

init_cluster() {
  local port=$FIRST_PORT
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -le $((FIRST_PORT + 10)) ] || die "no free port in $FIRST_PORT..$((FIRST_PORT + 10)); set PGTEST_PORT"
  done
  log "creating a cluster in $DATA (port $port)"
  # C collation keeps initdb independent of the locales a fresh machine has; UTF8 for the data.
  as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$ROOT/initdb.log" 2>&1 \
    || { cat "$ROOT/initdb.log" >&2; die "initdb failed"; }
  # Loopback only, its own socket directory (no clash with a system cluster), and durability off:
  # the data is thrown away, and fsync dominates the run time of small test transactions.
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$ROOT'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_cluster() {
  log "starting the server"
  # 9>&-: the server would otherwise inherit the lock and hold it for its lifetime.
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/postgres.log" -w -t 60 start >&2 9>&- \
    || { tail -n 20 "$ROOT/postgres.log" >&2; die "the server did not start (log: $ROOT/postgres.log)"; }
}

# The tests connect as a password-authenticated owner of the database, not as the superuser,
# so that privilege mistakes show up here rather than in production.
ensure_database() {
  local psql=("$BIN/psql" -h "$ROOT" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
    as_owner "${psql[@]}" -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
  fi
  if [ "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    as_owner "${psql[@]}" -c "CREATE DATABASE $DB OWNER $ROLE" >&2
  fi
}

cd /   # the cluster's owner may not be able to read the caller's working directory
mkdir -p "$ROOT"
# Two callers at once (CI steps, engineers sharing a machine) must not both run initdb.
exec 9>"$ROOT.lock"
flock 9

BIN="$(server_bin_dir)"
if [ -z "$BIN" ]; then
  install_server
  BIN="$(server_bin_dir)"
  [ -n "$BIN" ] || die "postgresql installed but no initdb/pg_ctl found"
fi

[ "$(id -u)" = 0 ] && chown "$OWNER" "$ROOT"
chmod 700 "$ROOT"   # local connections are trusted: only the owner may reach the socket

if [ "${1:-}" = stop ]; then
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

[ -s "$DATA/PG_VERSION" ] || init_cluster
PORT="$(sed -n "s/^port = \([0-9]*\)$/\1/p" "$DATA/postgresql.conf" | tail -n 1)"
[ -n "$PORT" ] || die "no port in $DATA/postgresql.conf"
if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "reusing the server on port $PORT"
else
  port_in_use "$PORT" && die "port $PORT is taken by another process; remove $ROOT or set PGTEST_DIR/PGTEST_PORT"
  start_cluster
fi
ensure_database

URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
echo "TEST_DATABASE_URL=$URL" | as_owner tee "$ROOT/env" >/dev/null
echo "TEST_DATABASE_URL=$URL"
