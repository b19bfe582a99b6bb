#!/usr/bin/env bash
# Backups and point-in-time recovery of Tiaojie's PostgreSQL with PostgreSQL's own tools: a WAL
# archive (archive_command), base backups (pg_basebackup, checked with pg_verifybackup), and a
# restore to any moment since the oldest base backup kept (restore_command, recovery_target_time).
# Run it as the database's OS user (postgres). README.md, "Operations", says how to set it up.
#
#   pg-backup.sh archive-wal WAL_PATH WAL_NAME ARCHIVE_DIR
#       the archive_command: archive_command = '/path/to/pg-backup.sh archive-wal %p %f /backup/wal'
#   pg-backup.sh base BACKUP_ROOT [pg_basebackup connection options, e.g. -h 127.0.0.1 -p 5432 -U postgres]
#       a base backup in BACKUP_ROOT/base-<UTC time>, verified; prints its directory
#   pg-backup.sh restore BASE_DIR ARCHIVE_DIR NEW_DATA_DIR ['YYYY-MM-DD HH:MM:SS+08' | latest]
#       a new data directory from the base backup, set to replay the archive up to that moment
#       (every transaction committed at or before it, none after) and then to open for writing;
#       start it with pg_ctl -D NEW_DATA_DIR start
set -euo pipefail

die() { echo "pg-backup: $*" >&2; exit 1; }
bin_dir() {
  # The server's own tools (Debian keeps them out of PATH), else whatever is on PATH.
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  for v in 17 16 15; do [ -x "/usr/lib/postgresql/$v/bin/pg_basebackup" ] && { echo "/usr/lib/postgresql/$v/bin"; return; }; done
  dirname "$(command -v pg_basebackup || die 'pg_basebackup not found; set PG_BIN')"
}
# fsync a file or a directory (coreutils sync takes both since 8.24).
durable() { sync "$@"; }

cmd=${1:-}; shift || true
case "$cmd" in
  archive-wal)
    [ $# -eq 3 ] || die "usage: archive-wal WAL_PATH WAL_NAME ARCHIVE_DIR"
    src=$1 name=$2 dir=$3
    mkdir -p "$dir"
    if [ -f "$dir/$name" ]; then
      # Archived already (a retry after a crash between copy and answer): fine if identical, never overwritten.
      cmp -s "$src" "$dir/$name" && exit 0
      die "$dir/$name exists with other contents; refusing to overwrite it"
    fi
    # Copied under a temporary name, synced, then renamed and the directory synced: PostgreSQL
    # recycles the segment as soon as this answers 0, so it must be on the disk by then.
    cp "$src" "$dir/.$name.partial"
    durable "$dir/.$name.partial"
    mv "$dir/.$name.partial" "$dir/$name"
    durable "$dir"
    ;;

  base)
    [ $# -ge 1 ] || die "usage: base BACKUP_ROOT [connection options]"
    root=$1; shift
    bin=$(bin_dir)
    mkdir -p "$root"
    target="$root/base-$(date -u +%Y%m%dT%H%M%SZ)"
    [ -e "$target" ] && die "$target exists"
    # Plain format with the WAL it needs streamed alongside, so the backup opens by itself too;
    # a checkpoint at once rather than waiting for the next one; a manifest for pg_verifybackup.
    "$bin/pg_basebackup" -D "$target" -Fp -X stream -c fast --manifest-checksums=SHA256 "$@" >&2
    "$bin/pg_verifybackup" -q "$target" >&2 || die "the base backup in $target does not verify"
    durable "$target"
    echo "$target"
    ;;

  restore)
    [ $# -ge 3 ] && [ $# -le 4 ] || die "usage: restore BASE_DIR ARCHIVE_DIR NEW_DATA_DIR [TIME|latest]"
    base=$1 archive=$2 data=$3 target=${4:-latest}
    [ -f "$base/backup_label" ] || die "$base is not a base backup (no backup_label)"
    [ -d "$archive" ] || die "no WAL archive at $archive"
    [ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ] && die "$data is not empty; restore into a new directory"
    "$(bin_dir)/pg_verifybackup" -q -n "$base" >&2 || die "the base backup in $base does not verify"
    mkdir -p "$data"
    chmod 700 "$data"
    cp -a "$base/." "$data/"
    rm -f "$data/backup_manifest" "$data/postmaster.pid"
    archive_abs=$(cd "$archive" && pwd)
    {
      echo "# written by pg-backup.sh restore on $(date -u +%FT%TZ)"
      echo "restore_command = 'cp \"$archive_abs/%f\" \"%p\"'"
      if [ "$target" != latest ]; then
        echo "recovery_target_time = '$target'"
        echo "recovery_target_inclusive = on"
      fi
      echo "recovery_target_timeline = 'latest'"
      echo "recovery_target_action = 'promote'"
      # The restored copy must not archive into the original's archive as if it were the original.
      echo "archive_mode = off"
    } >> "$data/postgresql.auto.conf"
    touch "$data/recovery.signal"
    durable "$data"
    echo "$data"
    ;;

  *)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
