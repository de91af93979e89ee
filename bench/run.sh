#!/usr/bin/env bash
# PushGrpc benchmark: builds Release, starts the APNs simulator and the gateway as separate processes on loopback,
# drives the gateway and the peers (PushGrpc.Apns direct, @parse/node-apn, apns2, h2load) against the same
# simulator, and writes bench/results/latest.md + PNG charts. See bench/README.md.
#
#   bench/run.sh                      # N=200,000, 3 interleaved rounds
#   bench/run.sh --quick              # N=5,000, 1 round (smoke: proves the harness works)
#   bench/run.sh --n 50000 --rounds 2 --systems pushgrpc,node-apn
#   bench/run.sh --scaling            # adds PoolSize 1/2/4/8, in-flight window and 10k/50k-in-flight memory runs
#   bench/run.sh --scaling-only --n 50000
set -euo pipefail
no_build=0
args=()
for a in "$@"; do if [ "$a" = --no-build ]; then no_build=1; else args+=("$a"); fi; done
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
build="$here/.build"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need h2load || ! [ -x /usr/bin/time ]; then
  packages=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/apt-packages.txt" | grep -v '^$')
  echo "installing from Debian: $(echo $packages)" >&2
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
need node || { echo "node/npm are required for the npm peers" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "building Release (gateway, simulator, bench) into $build" >&2
# Copies of the build output: a rebuild of src/ by someone else while the benchmark runs cannot swap the binaries under it.
# BENCH_SRC=worktree builds the working tree, BENCH_SRC=head a snapshot of the last commit (git archive HEAD);
# auto (default) tries the working tree and falls back to HEAD when it does not build (work in progress).
publish_from() { # $1 = source root
  dotnet build "$1/src/PushGrpc.Server/PushGrpc.Server.csproj" -c Release -o "$build/server" --nologo -v quiet -p:UseAppHost=false >&2 &&
  dotnet build "$1/src/PushGrpc.ApnsSimulator/PushGrpc.ApnsSimulator.csproj" -c Release -o "$build/simulator" --nologo -v quiet -p:UseAppHost=false >&2 &&
  dotnet build "$here/PushGrpc.Bench/PushGrpc.Bench.csproj" -c Release -o "$build/bench" --nologo -v quiet -p:PushGrpcSrc="$1/src" >&2
}
snapshot_head() {
  rm -rf "$build/head" && mkdir -p "$build/head"
  git -C "$repo" archive HEAD src proto Directory.Build.props Directory.Packages.props | tar -x -C "$build/head"
  cp "$repo/Directory.Packages.props" "$build/head/Directory.Packages.props" # the bench's own package versions
  git -C "$repo" rev-parse --short HEAD > "$build/source.txt"
}
mode="${BENCH_SRC:-auto}"
if [ "$no_build" = 1 ] && [ -f "$build/bench/PushGrpc.Bench.dll" ] && [ -f "$build/server/PushGrpc.Server.dll" ]; then
  echo "--no-build: reusing $build" >&2
elif [ "$mode" = head ]; then
  rm -rf "$build/server" "$build/simulator"
  snapshot_head && publish_from "$build/head"
elif rm -rf "$build/server" "$build/simulator" && publish_from "$repo"; then
  echo "working tree (uncommitted changes included) on $(git -C "$repo" rev-parse --short HEAD)" > "$build/source.txt"
elif [ "$mode" = auto ]; then
  echo "the working tree does not build (see above); benchmarking a snapshot of HEAD instead" >&2
  snapshot_head && publish_from "$build/head"
  echo "HEAD $(cat "$build/source.txt") (the working tree did not build)" > "$build/source.txt"
else
  exit 1
fi
echo "benchmarking: $(cat "$build/source.txt")" >&2
[ "$no_build" = 1 ] && [ -d "$here/peers/node_modules" ] || (cd "$here/peers" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)

exec dotnet "$build/bench/PushGrpc.Bench.dll" run --repo "$repo" ${args[@]+"${args[@]}"}
