#!/usr/bin/env bash
# Backs up a VividShift database with pg_dump, verifies the file, writes its
# SHA-256 beside it, and applies retention.
#
#   scripts/backup.sh [--dir DIR] [--format custom|sql] [--keep N] [--max-age DAYS]
#
#   --dir DIR         backup folder (default: $VIVIDSHIFT_BACKUP_DIR, else ./backups)
#   --format custom   pg_dump custom format, compressed (.dump; default; restore with pg_restore)
#   --format sql      plain SQL, gzip-compressed (.sql.gz; restore with psql)
#   --keep N          keep the newest N backups of this database (default 7; 0 = no count limit)
#   --max-age DAYS    delete backups older than DAYS (default 30; 0 = no age limit)
#
# The database: $VIVIDSHIFT_BACKUP_DATABASE_URL, else $VIVIDSHIFT_DATABASE_URL.
# The role must bypass row-level security (BYPASSRLS or superuser): every
# tenant table FORCEs RLS, so even the owner sees no rows without a domain
# set, and pg_dump refuses such tables rather than dump them partially.
# scripts/pg.sh makes such a role (`vividshift_backup`: BYPASSRLS, member of
# pg_read_all_data); elsewhere a DBA creates one once.
#
# Files: <dir>/vividshift_<database>_<UTC yyyymmddThhmmssZ>.{dump,sql.gz} and
# .sha256. The dump is written under a .partial name and renamed only once
# verified; the last line printed is the backup's path. Any failed step
# stops the script with a non-zero exit and no success message.
set -euo pipefail

log() { echo "backup.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

PG_BIN="${VIVIDSHIFT_PG_BIN:-/usr/lib/postgresql/15/bin}"
pg() { if [[ -x "$PG_BIN/$1" ]]; then "$PG_BIN/$@"; else "$@"; fi; }

dir="${VIVIDSHIFT_BACKUP_DIR:-backups}"
format="custom"
keep=7
max_age=30
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:?--dir needs a folder}"; shift 2 ;;
    --format) format="${2:?--format needs custom or sql}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a number}"; shift 2 ;;
    --max-age) max_age="${2:?--max-age needs a number of days}"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[[ "$format" == custom || "$format" == sql ]] || die "--format must be custom or sql, not $format"
[[ "$keep" =~ ^[0-9]+$ ]] || die "--keep must be a whole number"
[[ "$max_age" =~ ^[0-9]+$ ]] || die "--max-age must be a whole number of days"

url="${VIVIDSHIFT_BACKUP_DATABASE_URL:-${VIVIDSHIFT_DATABASE_URL:-}}"
[[ -n "$url" ]] || die "set VIVIDSHIFT_BACKUP_DATABASE_URL (or VIVIDSHIFT_DATABASE_URL)"

# Pre-flight: reachable, and a role that row-level security does not bind.
facts="$(pg psql -X -q -At -v ON_ERROR_STOP=1 -d "$url" \
  -c "SELECT current_database() || '|' || (rolsuper OR rolbypassrls)::text FROM pg_roles WHERE rolname = current_user")" \
  || die "cannot connect to the database"
database="${facts%%|*}"
bypass="${facts##*|}"
if [[ "$bypass" != true ]]; then
  die "role of the URL does not bypass row-level security, so pg_dump cannot read the tenant tables: use a backup role (BYPASSRLS, pg_read_all_data) in VIVIDSHIFT_BACKUP_DATABASE_URL"
fi

mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
case "$format" in
  custom) ext="dump" ;;
  sql) ext="sql.gz" ;;
esac
name="vividshift_${database}_${stamp}.${ext}"
final="$dir/$name"
partial="$final.partial"
[[ ! -e "$final" ]] || die "$final already exists (two backups in one second?)"
trap 'rm -f "$partial"' EXIT

log "dumping $database ($format) to $final"
case "$format" in
  custom)
    pg pg_dump --format=custom --compress=6 --no-password -d "$url" -f "$partial"
    log "verifying: pg_restore --list, then every data block"
    entries="$(pg pg_restore --list "$partial")" || die "pg_restore cannot read the dump"
    grep -q " TABLE DATA " <<<"$entries" || die "the dump holds no table data"
    pg pg_restore -f /dev/null "$partial" || die "the dump's data does not read back"
    ;;
  sql)
    # --no-owner: a plain dump is replayed by psql as whichever role restores it.
    pg pg_dump --format=plain --no-owner --no-password -d "$url" | gzip -6 >"$partial"
    log "verifying: gzip integrity and the dump's closing line"
    gzip -t "$partial" || die "the compressed dump is corrupt"
    gzip -dc "$partial" | tail -n 5 | grep -q "PostgreSQL database dump complete" \
      || die "the dump is incomplete (no closing line)"
    ;;
esac
mv "$partial" "$final"
(cd "$dir" && sha256sum "$name" >"$name.sha256")

# Retention: by count (newest first by the timestamp in the name) and by age.
mapfile -t backups < <(cd "$dir" && ls -1 "vividshift_${database}_"*.dump "vividshift_${database}_"*.sql.gz 2>/dev/null \
  | sed -E 's/^(.*_([0-9]{8}T[0-9]{6}Z)\..*)$/\2 \1/' | sort -r | cut -d' ' -f2)
removed=0
now="$(date +%s)"
for i in "${!backups[@]}"; do
  file="${backups[$i]}"
  [[ "$file" == "$name" ]] && continue
  old=false
  if [[ "$keep" -gt 0 && "$i" -ge "$keep" ]]; then old=true; fi
  if [[ "$max_age" -gt 0 ]]; then
    age_days=$(( (now - $(stat -c %Y "$dir/$file")) / 86400 ))
    if [[ "$age_days" -ge "$max_age" ]]; then old=true; fi
  fi
  if [[ "$old" == true ]]; then
    rm -f "$dir/$file" "$dir/$file.sha256"
    removed=$((removed + 1))
  fi
done
log "ok: $(du -h "$final" | cut -f1), sha256 $(cut -c1-16 "$final.sha256"), $removed old backup(s) removed"
echo "$final"
