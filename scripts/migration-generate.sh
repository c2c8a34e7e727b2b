#!/usr/bin/env bash
# Usage: npm run migration:generate -- <PascalCaseName>
# Generates one migration per dialect from the entities (build first). PostgreSQL comes from
# MIGRATION_PG_URL (default: the local test database), SQLite from a scratch file.
set -euo pipefail
name=${1:?usage: npm run migration:generate -- <PascalCaseName>}
pg_url=${MIGRATION_PG_URL:-postgres://postgres@127.0.0.1:5432/migration_scratch}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npm run build --silent
psql "${pg_url%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${pg_url##*/}" -qc "CREATE DATABASE ${pg_url##*/}" >/dev/null
for dialect in sqlite postgres; do
  if [ "$dialect" = postgres ]; then export DATABASE_URL=$pg_url; else unset DATABASE_URL; export DATA_DIR=$scratch; fi
  npx typeorm migration:run -d dist/src/bin/data-source.js >/dev/null
  npx typeorm migration:generate -p -d dist/src/bin/data-source.js "migrations/$dialect/$name" || true
done
npx prettier --write migrations >/dev/null
