#!/usr/bin/env bash
# PostgreSQL backend benchmark (called by scripts/bench.sh): starts a
# throwaway cluster, runs postgres/benches/pg.rs in release mode, prints each
# figure next to its reference (pgbench, one INSERT per row, psql \copy)
# measured on the same server in the same run, and tears the cluster down.
# Pass section names (get, bulk, skill) to run only some.
#
# The cluster keeps PostgreSQL's default durability (fsync, synchronous_commit
# and full_page_writes on), so that "one INSERT per row" pays a WAL flush per
# commit as it would on a real server; VIVIDSHIFT_BENCH_FAST=1 runs it with
# the tests' settings (all three off) instead. The bench prints the settings.
set -euo pipefail
cd "$(dirname "$0")/.."

export SQLX_OFFLINE=true
PG_TMP="$(mktemp -d)"
trap 'scripts/pg.sh throwaway-stop "$PG_TMP"' EXIT
if [[ "${VIVIDSHIFT_BENCH_FAST:-}" == 1 ]]; then
  eval "$(scripts/pg.sh throwaway-start "$PG_TMP")"
else
  eval "$(scripts/pg.sh throwaway-start "$PG_TMP" --durable)"
fi
export VIVIDSHIFT_BENCH_DATABASE_URL="$VIVIDSHIFT_TEST_DATABASE_URL"
# Superuser over the cluster's unix socket: for \copy and the 1M-row fixture only.
port="${VIVIDSHIFT_TEST_DATABASE_URL##*:}"; port="${port%%/*}"
export VIVIDSHIFT_BENCH_SUPERUSER_URL="postgresql://postgres@/vividshift_test?host=$PG_TMP/sock-main&port=$port"
cargo bench -p vividshift-postgres --bench pg -- "$@"
