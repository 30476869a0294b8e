#!/usr/bin/env bash
# Restores a VividShift backup made by scripts/backup.sh, or checks one.
#
#   scripts/restore.sh --latest [--dir DIR] [--drop-database] [--database-url URL]
#   scripts/restore.sh FILE [--drop-database] [--database-url URL]
#   scripts/restore.sh FILE --validate          checks the backup, restores nothing
#   scripts/restore.sh --latest --validate
#
#   FILE              a custom-format dump (.dump) or a gzip-compressed plain dump (.sql.gz)
#   --latest          the newest backup in the folder (--dir, else $VIVIDSHIFT_BACKUP_DIR, else ./backups)
#   --drop-database   drop the target database (ending its sessions) and create it afresh;
#                     without it the target must exist and hold no tables
#   --validate        checksum (when the .sha256 is there), then readability: for a dump its
#                     table of contents and every data block (pg_restore to /dev/null), for a
#                     .sql.gz gzip integrity and the dump's closing line
#   --database-url    the target (default $VIVIDSHIFT_DATABASE_URL); restored objects belong to
#                     its role, which needs CREATEDB for --drop-database
#
# Everything runs with ON_ERROR_STOP / --exit-on-error in one transaction:
# a failed restore leaves the target empty, exits non-zero and prints no
# success line. Data is loaded before row-level security is switched on (it
# is part of the dump's post-data section), so the owner can restore it.
set -euo pipefail
# Keep NOTICEs (e.g. "database does not exist, skipping") out of the output.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

log() { echo "restore.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

PG_BIN="${VIVIDSHIFT_PG_BIN:-/usr/lib/postgresql/15/bin}"
pg() { if [[ -x "$PG_BIN/$1" ]]; then "$PG_BIN/$@"; else "$@"; fi; }

dir="${VIVIDSHIFT_BACKUP_DIR:-backups}"
file=""
latest=false
drop=false
validate_only=false
url="${VIVIDSHIFT_DATABASE_URL:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --latest) latest=true; shift ;;
    --dir) dir="${2:?--dir needs a folder}"; shift 2 ;;
    --drop-database) drop=true; shift ;;
    --validate) validate_only=true; shift ;;
    --database-url) url="${2:?--database-url needs a URL}"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [[ -z "$file" ]] || die "one backup file at a time"; file="$1"; shift ;;
  esac
done

if [[ "$latest" == true ]]; then
  [[ -z "$file" ]] || die "give a FILE or --latest, not both"
  [[ -d "$dir" ]] || die "backup folder $dir does not exist"
  file="$(cd "$dir" && ls -1 vividshift_*.dump vividshift_*.sql.gz 2>/dev/null \
    | sed -E 's/^(.*_([0-9]{8}T[0-9]{6}Z)\..*)$/\2 \1/' | sort -r | head -n 1 | cut -d' ' -f2)"
  [[ -n "$file" ]] || die "no backups in $dir"
  file="$dir/$file"
  log "latest backup: $file"
fi
[[ -n "$file" ]] || die "give a backup FILE or --latest (see --help)"
[[ -f "$file" ]] || die "$file does not exist"

case "$file" in
  *.sql.gz) kind=sql ;;
  *.dump) kind=custom ;;
  *)
    # Not named by backup.sh: tell the formats apart by content.
    if gzip -t "$file" 2>/dev/null; then kind=sql
    elif pg pg_restore --list "$file" >/dev/null 2>&1; then kind=custom
    else die "$file is neither a custom-format dump nor a gzip-compressed SQL dump"; fi
    ;;
esac

validate() {
  if [[ -f "$file.sha256" ]]; then
    expected="$(cut -d' ' -f1 "$file.sha256")"
    actual="$(sha256sum "$file" | cut -d' ' -f1)"
    [[ "$expected" == "$actual" ]] || die "checksum mismatch: $file is not the file that was backed up"
    log "checksum ok"
  else
    log "no $file.sha256: checksum not checked"
  fi
  case "$kind" in
    custom)
      entries="$(pg pg_restore --list "$file" 2>/dev/null)" || die "pg_restore cannot read $file"
      tables="$(grep -c " TABLE DATA " <<<"$entries" || true)"
      [[ "$tables" -gt 0 ]] || die "$file holds no table data"
      # The list is only the table of contents: read every data block too.
      pg pg_restore -f /dev/null "$file" 2>/dev/null || die "$file is damaged: its data does not read back"
      log "readable: $tables tables with data"
      ;;
    sql)
      gzip -t "$file" 2>/dev/null || die "$file is not intact gzip data"
      gzip -dc "$file" | tail -n 5 | grep -q "PostgreSQL database dump complete" \
        || die "$file is incomplete (no closing line)"
      log "readable: complete SQL dump"
      ;;
  esac
}

validate
if [[ "$validate_only" == true ]]; then
  echo "valid: $file"
  exit 0
fi

[[ -n "$url" ]] || die "set VIVIDSHIFT_DATABASE_URL or pass --database-url"
# The target database's name, and the same server's maintenance database.
database="$(sed -E 's#^[a-z]+://[^/]*/([^?]*).*$#\1#' <<<"$url")"
[[ -n "$database" && "$database" != "$url" ]] || die "the URL names no database"
maintenance="$(sed -E 's#^([a-z]+://[^/]*)/[^?]*#\1/postgres#' <<<"$url")"
quoted="\"${database//\"/\"\"}\""

if [[ "$drop" == true ]]; then
  log "dropping and creating database $database"
  pg psql -X -q -v ON_ERROR_STOP=1 -d "$maintenance" -c "DROP DATABASE IF EXISTS $quoted WITH (FORCE)" \
    || die "cannot drop $database"
  pg psql -X -q -v ON_ERROR_STOP=1 -d "$maintenance" -c "CREATE DATABASE $quoted" \
    || die "cannot create $database (the role needs CREATEDB)"
else
  existing="$(pg psql -X -q -At -v ON_ERROR_STOP=1 -d "$url" \
    -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')")" \
    || die "cannot connect to $database"
  [[ "$existing" == 0 ]] || die "$database already holds $existing tables: restore into an empty database or pass --drop-database"
fi

log "restoring $file into $database"
case "$kind" in
  custom)
    pg pg_restore --no-owner --exit-on-error --single-transaction --no-password -d "$url" "$file" \
      || die "pg_restore failed; $database was left as it was before the restore"
    ;;
  sql)
    gzip -dc "$file" | pg psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$url" >/dev/null \
      || die "psql failed; $database was left as it was before the restore"
    ;;
esac

migrations="$(pg psql -X -q -At -v ON_ERROR_STOP=1 -d "$url" -c "SELECT count(*) FROM _sqlx_migrations WHERE success")" \
  || die "restored database has no readable _sqlx_migrations"
log "ok: $database restored ($migrations migrations recorded); check it with: db_cli validate"
echo "restored: $file -> $database"
