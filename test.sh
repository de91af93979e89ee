#!/usr/bin/env bash
# Runs every check and test of the repository: proto lint, the .NET unit and functional tests, and a smoke test of
# the README's run command (the gateway with its embedded simulator, called through server reflection).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== npm tools (buf)"
[ -x node_modules/.bin/buf ] || npm ci --no-audit --no-fund
echo "== buf lint"
node_modules/.bin/buf lint
echo "buf lint: ok"

echo "== dotnet test"
dotnet test PushGrpc.sln -c Release

echo "== smoke test: README run command + reflection call"
bash scripts/smoke-test.sh
