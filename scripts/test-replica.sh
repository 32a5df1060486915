#!/usr/bin/env bash
# A streaming hot standby of the local PostgreSQL server, for the replica test
# (test/read-replica.e2e-spec.ts, run with TEST_REPLICA_URL). .ci/run uses it; so can you:
#
#   scripts/test-replica.sh start DIR PORT   # pg_basebackup into DIR, start on PORT, wait for it
#   scripts/test-replica.sh stop DIR         # stop it and remove DIR
#
# The primary is PGHOST/PGPORT (default 127.0.0.1:5432), reached as the superuser postgres. If
# it does not accept replication connections from loopback yet, a `host replication` line is
# added to its pg_hba.conf and the configuration reloaded (no restart). Only if wal_level is
# `minimal` or max_wal_senders is 0 does the primary need a restart, which this script does
# with pg_ctlcluster after saying so. No replication slot is created: nothing is left to hold
# WAL on the primary after the standby is gone.
set -euo pipefail

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=postgres
primary() { psql -X -d postgres -Atc "$1"; }

# The cluster's binaries and OS user (the owner of its data directory).
version=$(primary "SHOW server_version_num")
bin=/usr/lib/postgresql/$((version / 10000))/bin
owner=$(stat -c %U "$(primary 'SHOW data_directory')")
as_owner() {
  if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}

start() {
  local dir=$1 port=$2
  if [ "$(primary "SHOW wal_level")" = minimal ] || [ "$(primary "SHOW max_wal_senders")" = 0 ]; then
    echo "test-replica: the primary needs wal_level=replica and max_wal_senders > 0: restarting it"
    primary "ALTER SYSTEM SET wal_level = 'replica'" >/dev/null
    primary "ALTER SYSTEM SET max_wal_senders = 10" >/dev/null
    pg_ctlcluster --skip-systemctl-redirect "$((version / 10000))" main restart
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
  fi
  if [ "$(primary "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND error IS NULL")" = 0 ]; then
    echo "test-replica: allowing replication connections from 127.0.0.1 (pg_hba.conf, reload)"
    echo "host replication all 127.0.0.1/32 trust # test-replica.sh" >> "$(primary 'SHOW hba_file')"
    primary "SELECT pg_reload_conf()" >/dev/null
  fi

  mkdir -p "$dir"
  chown "$owner" "$dir"
  chmod 700 "$dir"
  as_owner "$bin/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U postgres -D "$dir/data" \
    -X stream -R --checkpoint=fast
  # Settings a hot standby must not have below the primary's, then its own address.
  {
    for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "$name = $(primary "SHOW $name")"
    done
    echo "port = $port"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$dir'"
    echo "hot_standby = on"
    echo "shared_buffers = 16MB"
    echo "fsync = off"
  } | as_owner tee "$dir/data/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_owner tee "$dir/data/pg_hba.conf" >/dev/null
  as_owner touch "$dir/data/pg_ident.conf"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/standby.log" -w -t 60 start >/dev/null
  for _ in $(seq 1 60); do
    [ "$(psql -X -h 127.0.0.1 -p "$port" -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] && break
    sleep 1
  done
  [ "$(psql -X -h 127.0.0.1 -p "$port" -d postgres -Atc 'SELECT pg_is_in_recovery()')" = t ]
  echo "test-replica: hot standby of $PGHOST:$PGPORT on 127.0.0.1:$port (data in $dir)"
}

stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "$2" "$3" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
