#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and prints its admin URL.
# Usage: .ci/start-postgres.sh [port]   (data lives in /tmp/ghl-payments-pg-<port>, owned by the postgres user)
set -euo pipefail
PORT="${1:-55432}"
DATA="/tmp/ghl-payments-pg-$PORT"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "installing postgresql…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
as_pg() { if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then useradd --system --home /var/lib/postgresql postgres; fi
if as_pg "$BIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$PORT/postgres"; exit 0
fi
rm -rf "$DATA"; mkdir -p "$DATA"
[ "$(id -u)" = "0" ] && chown postgres "$DATA"
as_pg "$BIN/initdb -D $DATA -U postgres --auth=trust -E UTF8 >/dev/null"
cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
CONF
as_pg "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w start >/dev/null"
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
