# PostgreSQL 15 from the offline base (Debian bookworm's postgresql-15). No cluster exists: the
# containers provider runs initdb/pg_basebackup and postgres as user postgres via `runuser -u postgres --`.
FROM runbook-drill/base:offline
LABEL drill.image-set=offline drill.service=postgres
WORKDIR /var/lib/postgresql
EXPOSE 5432
CMD ["postgres", "--version"]
