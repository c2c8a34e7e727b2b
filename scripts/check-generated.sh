#!/usr/bin/env bash
# Fails when the checked-in OpenAPI spec or SDK is stale. Fix locally with: npm run openapi:sync && npm run sdk:generate
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f src/bin/sync-openapi.ts ]; then
  node dist/src/bin/sync-openapi.js
  npm run --silent sdk:generate
  if ! git diff --exit-code --stat libs/sdk; then
    echo "libs/sdk is stale: run 'npm run openapi:sync && npm run sdk:generate' and commit the result." >&2
    exit 1
  fi
fi
