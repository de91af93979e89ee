#!/usr/bin/env bash
# The contract checks: buf lint, buf breaking against the previous commit, and "generated code is up to date"
# (regenerate every client's gen/ and fail on any difference).
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf

$buf lint
echo "buf lint: ok"

if git rev-parse -q --verify HEAD~1 >/dev/null; then
  $buf breaking --against '.git#ref=HEAD~1'
  echo "buf breaking (against HEAD~1): ok"
fi

$buf generate
(cd clients/node && npm run --silent generate)
changes=$(git status --porcelain -- 'clients/*/gen')
if [ -n "$changes" ]; then
  echo "Generated code is out of date; run 'node_modules/.bin/buf generate' (and 'npm run generate' in clients/node) and commit:" >&2
  echo "$changes" >&2
  exit 1
fi
echo "generated code: up to date"
