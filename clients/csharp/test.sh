#!/usr/bin/env bash
# Builds the C# client (NuGet restore; the stubs come from ../../proto through Grpc.Tools) and runs its xunit tests
# against the live gateway in PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE.
set -euo pipefail
cd "$(dirname "$0")"

: "${PUSHGRPC_ADDRESS:?set PUSHGRPC_ADDRESS (see scripts/gateway.sh)}"
: "${PUSHGRPC_TLS_ADDRESS:?set PUSHGRPC_TLS_ADDRESS}"
: "${PUSHGRPC_CA_FILE:?set PUSHGRPC_CA_FILE}"
export PUSHGRPC_ADDRESS PUSHGRPC_TLS_ADDRESS PUSHGRPC_CA_FILE
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Builds PushGrpc.Client and the Send and Broadcast examples (all referenced by the tests); ends on the test totals.
dotnet test PushGrpc.Client.Tests -c Release
