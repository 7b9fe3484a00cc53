#!/usr/bin/env bash
# PostgreSQL 15 in a container, as the topology's primary or its streaming hot standby. The same
# script runs in the offline images and in the official postgres image (both Debian, same paths).
# The settings are those of harness/env/local/postgres.ts: throwaway clusters, fast start and commit.
set -euo pipefail
role=${1:?usage: postgres-start.sh primary|standby}
bin=/usr/lib/postgresql/15/bin
data=/var/lib/postgresql/drill
port=5432
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

mkdir -p /var/run/postgresql "$data"
chown postgres:postgres /var/run/postgresql "$data"
chmod 700 "$data"

if [ "$role" = primary ] && [ ! -s "$data/PG_VERSION" ]; then
  as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync >/dev/null
  cat >>"$data/postgresql.conf" <<CONF
# --- Runbook Drill (harness/env/containers/postgres-start.sh) ---
listen_addresses = '*'
port = $port
fsync = off
full_page_writes = off
max_connections = 450
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = '256MB'
hot_standby = on
wal_retrieve_retry_interval = '1s'
dynamic_shared_memory_type = mmap
logging_collector = off
CONF
  cat >"$data/pg_hba.conf" <<HBA
local all         all             trust
local replication all             trust
host  all         all  0.0.0.0/0  trust
host  replication all  0.0.0.0/0  trust
HBA
  # The database is created before commits wait for the synchronous standby.
  as_postgres "$bin/pg_ctl" -D "$data" -o "-c listen_addresses=''" -w start >/dev/null
  as_postgres "$bin/psql" -q -U postgres -d postgres -c "CREATE DATABASE \"${DRILL_DATABASE:-drill}\""
  as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  if [ -n "${DRILL_SYNCHRONOUS_STANDBY:-}" ]; then
    echo "synchronous_standby_names = '${DRILL_SYNCHRONOUS_STANDBY}'" >>"$data/postgresql.conf"
  fi
fi

if [ "$role" = standby ] && [ ! -s "$data/PG_VERSION" ]; then
  primary=${DRILL_PRIMARY_HOST:?DRILL_PRIMARY_HOST is required for a standby}
  for _ in $(seq 1 600); do
    "$bin/pg_isready" -q -h "$primary" -p "$port" -U postgres && break
    sleep 0.1
  done
  as_postgres "$bin/pg_basebackup" -D "$data" -R -X stream -c fast --no-sync \
    -d "host=$primary port=$port user=postgres application_name=${DRILL_APPLICATION_NAME:-drill_standby}"
  # The copied configuration names this standby as the synchronous one: once promoted, it would wait
  # for itself on every commit.
  sed -i '/^synchronous_standby_names/d' "$data/postgresql.conf"
fi

exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$data"
