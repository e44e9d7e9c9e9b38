#!/bin/bash
# Nightly backup of xinfang: `pg_dump -Fc` of the database, checked with
# `pg_restore --list`, the newest BACKUP_KEEP dumps kept; and a copy of the new
# attachments (MEDIA_ROOT) beside them.
#
# Run by xinfang-backup.service (xinfang-backup.timer) with the variables of
# /etc/xinfang/xinfang.env; by hand: `systemctl start xinfang-backup`.
# The field-encryption keys are NOT in the dump, by design: keep a copy of
# /etc/xinfang/xinfang.env somewhere else (docs/operations.md, "Backups").
#
#   DATABASE_URL         postgres://USER:PASSWORD@HOST:PORT/NAME (required)
#   BACKUP_DATABASE_URL  dump this one instead, e.g. the streaming replica
#   BACKUP_DIR           where the dumps go (/var/backups/xinfang)
#   BACKUP_KEEP          how many dumps to keep (14)
#   MEDIA_ROOT           attachments to copy into BACKUP_DIR/media (optional)
set -euo pipefail

url="${BACKUP_DATABASE_URL:-${DATABASE_URL:?DATABASE_URL is not set}}"
dir="${BACKUP_DIR:-/var/backups/xinfang}"
keep="${BACKUP_KEEP:-14}"
case "$keep" in '' | *[!0-9]* | 0) echo "BACKUP_KEEP must be a number >= 1" >&2; exit 2 ;; esac
umask 077
mkdir -p "$dir"

# The password goes to pg_dump through PGPASSWORD, never on its command line
# (visible to every local user in ps).
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "the database URL must start with postgres:// or postgresql://" >&2; exit 2 ;;
esac
scheme="${url%%://*}"
rest="${url#*://}"
if [[ "$rest" == *@* ]]; then
  auth="${rest%%@*}"
  rest="${rest#*@}"
  if [[ "$auth" == *:* ]]; then
    password="${auth#*:}"
    auth="${auth%%:*}"
    # percent-decode, as libpq would
    PGPASSWORD="$(printf '%b' "${password//%/\\x}")"
    export PGPASSWORD
  fi
  rest="$auth@$rest"
fi
url="$scheme://$rest"

stamp="$(date +%Y%m%d-%H%M%S)"
final="$dir/xinfang-$stamp.dump"
partial="$final.partial"
trap 'rm -f -- "$partial"' EXIT

pg_dump --format=custom --no-password --file="$partial" --dbname="$url"
pg_restore --list "$partial" >/dev/null # the archive is whole and readable
mv -- "$partial" "$final"
echo "database: $final ($(du -h -- "$final" | cut -f1))"

# Keep the newest $keep dumps; the names sort by time. A failed dump stops the
# script above, so failing nights never delete the last good dumps.
find "$dir" -maxdepth 1 -name 'xinfang-*.dump' -printf '%f\n' | sort -r |
  tail -n +"$((keep + 1))" | while read -r old; do
    rm -f -- "${dir:?}/$old"
    echo "removed: $dir/$old"
  done

# Attachments: stored under random names and never changed, so copying the new
# ones is enough.
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  mkdir -p "$dir/media"
  cp -a --update -- "$MEDIA_ROOT/." "$dir/media/"
  echo "attachments: $MEDIA_ROOT copied to $dir/media"
fi
