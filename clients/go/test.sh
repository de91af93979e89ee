#!/usr/bin/env bash
# Builds the Go client offline against Debian's Go packages (go.debian.mod; see README.md) and runs its tests against
# the live gateway given by PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE (clients/test-all.sh).
set -euo pipefail
cd "$(dirname "$0")"

export GOPROXY=off GOFLAGS=-modfile=go.debian.mod CGO_ENABLED=0 GOTELEMETRY=off
go version
go vet ./...
go test -count=1 -v ./...
