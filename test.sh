#!/usr/bin/env bash
# Runs every check and test of the repository:
#   contract (buf lint, buf breaking, generated code up to date), .NET unit + functional tests, a smoke test of the
#   README's run command, a smoke run of the benchmark harness, and every client's tests against a live gateway.
# Installs missing Debian toolchains for the clients and the benchmark first (scripts/install-toolchains.sh).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== toolchains"
scripts/install-toolchains.sh
[ -x node_modules/.bin/buf ] || npm ci --no-audit --no-fund
[ -d clients/node/node_modules ] || (cd clients/node && npm ci --no-audit --no-fund --ignore-scripts)

echo "== contract"
scripts/check-generated.sh

echo "== dotnet test"
dotnet test PushGrpc.sln -c Release

echo "== smoke test: README run command + reflection calls"
scripts/smoke-test.sh

echo "== benchmark smoke: bench/run.sh --quick (proves the harness and its peers run; no timing is asserted)"
bench/run.sh --quick

echo "== client tests"
clients/test-all.sh
