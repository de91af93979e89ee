#!/usr/bin/env bash
# The soak run (issue 3): 1,000,000 notifications (default) over 8 SendStreams through a gateway process to a
# simulator switching random faults on and off. Prints sent/results/accepted/rejected/failed/duplicates/lost and
# the gateway's RSS; exits 1 if a notification was lost or accepted twice without being marked possibly duplicated.
# Usage: scripts/soak.sh [--notifications N] [--streams K] [--window W] [--fault-interval SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/PushGrpc.Server -c Release -v q -nologo
dotnet run --project tests/PushGrpc.Soak -c Release -- "$@"
