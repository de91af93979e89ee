#!/usr/bin/env bash
# Installs the Node client's dependencies from package-lock.json (npm registry), checks that gen/ is what
# scripts/generate.js makes from proto/, and runs its tests (node:test) against the live gateway given by
# PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE (clients/test-all.sh).
set -euo pipefail
cd "$(dirname "$0")"

node --version
npm ci --no-audit --no-fund --ignore-scripts

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node scripts/generate.js "$tmp/gen"
if ! diff -r gen "$tmp/gen" >"$tmp/gen.diff"; then
  head -n 50 "$tmp/gen.diff" >&2
  echo "clients/node/gen is stale: run npm run generate in clients/node" >&2
  exit 1
fi
echo "gen/: current"

node --test test/*.test.js
