#!/usr/bin/env bash
# Local PostgreSQL servers for VividShift, from the machine's PostgreSQL 15
# binaries (/usr/lib/postgresql/15/bin; `apt-get install -y postgresql` when
# they are missing).
#
#   scripts/pg.sh start                    dev server in .pgdata/ (kept between runs)
#   scripts/pg.sh stop                     stops the dev server
#   scripts/pg.sh url                      prints the dev server's database URL
#   scripts/pg.sh backup-url               the same as the backup role (for scripts/backup.sh)
#   scripts/pg.sh throwaway-start DIR [--tls] [--durable]
#                                          a throwaway cluster in DIR (for tests); prints
#                                          `export VAR=...` lines to eval. Throwaway
#                                          clusters run with fsync, synchronous_commit and
#                                          full_page_writes off (fast tests) unless
#                                          --durable keeps the server's defaults (on), as
#                                          the benchmark does.
#   scripts/pg.sh throwaway-stop DIR       stops it and deletes DIR
#
# Every cluster has a superuser `postgres` (setup only, unix socket in the
# cluster's dir), and a login role that is NOT a superuser and owns the
# database the SDK and the tests use. That owner has CREATEROLE so that the
# migrations can create the application role `vividshift_app` themselves (see
# migrations/README.md for servers where the migrating role cannot), and
# CREATEDB so that restores (scripts/restore.sh --drop-database) and tests can
# make databases. A second login role, `vividshift_backup`, reads everything
# for pg_dump: BYPASSRLS (pg_dump refuses tables whose row-level security
# would hide rows, and FORCEd RLS binds even the owner) plus pg_read_all_data.
#
# initdb refuses to run as root: as root, the clusters run as the `postgres`
# OS user (created by Debian's postgresql package) in directories it owns.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${VIVIDSHIFT_PG_BIN:-/usr/lib/postgresql/15/bin}"
DEV_DIR="$ROOT/.pgdata"
DEV_PORT="${VIVIDSHIFT_PG_PORT:-55432}"
OWNER="vividshift"
OWNER_PASSWORD="vividshift"
BACKUP="vividshift_backup"
BACKUP_PASSWORD="vividshift_backup"

log() { echo "pg.sh: $*" >&2; }

ensure_binaries() {
  if [[ ! -x "$PG_BIN/initdb" ]]; then
    log "PostgreSQL 15 binaries missing, installing the postgresql package"
    if [[ "$(id -u)" -ne 0 ]]; then
      log "run as root or install postgresql-15 yourself"; exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >/dev/null ||
      { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >/dev/null; }
  fi
  command -v openssl >/dev/null || { log "openssl missing"; exit 1; }
}

# Runs a command as the cluster's OS user: ourselves, or `postgres` when we are root.
as_pg() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

give_to_pg() {
  if [[ "$(id -u)" -eq 0 ]]; then chown -R postgres:postgres "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

# make_tls DIR: a self-signed CA and a server certificate for localhost / 127.0.0.1.
make_tls() {
  local dir="$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=vividshift-test-ca" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  chmod 600 "$dir/server.key"
  chmod 644 "$dir/ca.crt"
}

# init_cluster DATA SOCKDIR PORT TLS_DIR|"" DBNAME [durable]: initdb, configure, start,
# create roles and the database.
init_cluster() {
  local data="$1" sock="$2" port="$3" tls="$4" db="$5" durable="${6:-}"
  mkdir -p "$data" "$sock"
  give_to_pg "$data" "$sock"
  as_pg "$PG_BIN/initdb" -D "$data" -U postgres -A trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 -N >/dev/null
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$sock'"
    if [[ "$durable" != "durable" ]]; then
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
    echo "max_connections = 200"
    echo "shared_buffers = 256MB"
    if [[ -n "$tls" ]]; then
      echo "ssl = on"
      echo "ssl_cert_file = '$tls/server.crt'"
      echo "ssl_key_file = '$tls/server.key'"
    fi
  } >>"$data/postgresql.conf"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
  as_pg "$PG_BIN/psql" -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE $OWNER LOGIN PASSWORD '$OWNER_PASSWORD' CREATEROLE CREATEDB NOSUPERUSER NOBYPASSRLS;
CREATE ROLE $BACKUP LOGIN PASSWORD '$BACKUP_PASSWORD' BYPASSRLS NOSUPERUSER;
GRANT pg_read_all_data TO $BACKUP;
CREATE DATABASE $db OWNER $OWNER;
SQL
}

cmd_start() {
  ensure_binaries
  local sock="$DEV_DIR/run"
  if [[ ! -f "$DEV_DIR/data/PG_VERSION" ]]; then
    log "creating the dev cluster in $DEV_DIR"
    mkdir -p "$DEV_DIR"
    give_to_pg "$DEV_DIR"
    init_cluster "$DEV_DIR/data" "$sock" "$DEV_PORT" "" vividshift_dev
  elif ! as_pg "$PG_BIN/pg_ctl" -D "$DEV_DIR/data" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$DEV_DIR/data" -l "$DEV_DIR/data/server.log" -w -t 60 start >/dev/null
  fi
  log "dev server up: $(cmd_url)"
}

cmd_stop() {
  if [[ -f "$DEV_DIR/data/PG_VERSION" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$DEV_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
}

cmd_url() {
  echo "postgres://$OWNER:$OWNER_PASSWORD@127.0.0.1:$DEV_PORT/vividshift_dev"
}

cmd_backup_url() {
  echo "postgres://$BACKUP:$BACKUP_PASSWORD@127.0.0.1:$DEV_PORT/vividshift_dev"
}

cmd_throwaway_start() {
  local dir="$1" tls="" durable="" arg
  shift
  for arg in "$@"; do
    case "$arg" in
      --tls) tls="--tls" ;;
      --durable) durable="durable" ;;
      *) log "unknown option $arg"; exit 2 ;;
    esac
  done
  ensure_binaries
  mkdir -p "$dir"
  # The OS user running the cluster must reach the dir.
  chmod 755 "$dir"
  local port
  port="$(free_port)"
  init_cluster "$dir/main" "$dir/sock-main" "$port" "" vividshift_test "$durable"
  echo "export VIVIDSHIFT_TEST_DATABASE_URL='postgres://$OWNER:$OWNER_PASSWORD@127.0.0.1:$port/vividshift_test'"
  echo "export VIVIDSHIFT_TEST_BACKUP_DATABASE_URL='postgres://$BACKUP:$BACKUP_PASSWORD@127.0.0.1:$port/vividshift_test'"
  if [[ "$tls" == "--tls" ]]; then
    mkdir -p "$dir/tls"
    make_tls "$dir/tls"
    give_to_pg "$dir/tls"
    local tport
    tport="$(free_port)"
    init_cluster "$dir/tlsdata" "$dir/sock-tls" "$tport" "$dir/tls" vividshift_test "$durable"
    echo "export VIVIDSHIFT_TEST_TLS_DATABASE_URL='postgres://$OWNER:$OWNER_PASSWORD@localhost:$tport/vividshift_test'"
    echo "export VIVIDSHIFT_TEST_TLS_ROOT_CERT='$dir/tls/ca.crt'"
  fi
}

cmd_throwaway_stop() {
  local dir="$1"
  for data in "$dir/main" "$dir/tlsdata"; do
    if [[ -f "$data/PG_VERSION" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  backup-url) cmd_backup_url ;;
  throwaway-start) shift; cmd_throwaway_start "${1:?DIR}" "${@:2}" ;;
  throwaway-stop) cmd_throwaway_stop "${2:?DIR}" ;;
  *)
    echo "usage: $0 start|stop|url|backup-url|throwaway-start DIR [--tls] [--durable]|throwaway-stop DIR" >&2
    exit 2
    ;;
esac
