#!/usr/bin/env bash
# Profiles the gateway and the simulator under the benchmark's gRPC load: dotnet-counters (GC, allocations, thread
# pool, lock contention) and a dotnet-trace CPU sample of each, with a top-N report of the hottest methods.
#   bench/profile.sh [--n 100000] [other run.sh options]      (after one bench/run.sh, which built everything)
# Output: bench/.run/profile/{gateway,simulator}.{counters.csv,nettrace,top.txt}
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-trace >/dev/null || dotnet tool install -g dotnet-trace --version 10.0.750501
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters --version 10.0.750501
out="$here/.run/profile"; rm -rf "$out"; mkdir -p "$out"
"$here/run.sh" --no-build --systems pushgrpc --rounds 1 --n "${PROFILE_N:-200000}" --warmup 20000 --out "$out/results" "$@" > "$out/run.log" 2>&1 &
run=$!
pid_of() { pgrep -n -f "$1" || true; }
gw=""; for _ in $(seq 1 600); do gw=$(pid_of "bench/.build/server/PushGrpc.Server.dll"); [ -n "$gw" ] && break; sleep 0.2; done
sim=$(pid_of "bench/.build/simulator/PushGrpc.ApnsSimulator.dll")
echo "gateway $gw simulator $sim"
sleep "${PROFILE_DELAY:-15}" # well past the warm-up and the first tier-1 JIT wave
dotnet-counters collect -p "$gw" --format csv -o "$out/gateway.counters.csv" --refresh-interval 1 --duration 00:00:10 --counters System.Runtime,Microsoft.AspNetCore.Server.Kestrel,System.Net.Http >/dev/null &
dotnet-counters collect -p "$sim" --format csv -o "$out/simulator.counters.csv" --refresh-interval 1 --duration 00:00:10 --counters System.Runtime >/dev/null &
wait %2 %3 || true
dotnet-trace collect -p "$gw" --profile dotnet-sampled-thread-time --format Speedscope -o "$out/gateway.nettrace" --duration 00:00:08 >/dev/null &
dotnet-trace collect -p "$sim" --profile dotnet-sampled-thread-time --format Speedscope -o "$out/simulator.nettrace" --duration 00:00:08 >/dev/null &
wait %2 %3 || true
wait "$run" || true
for p in gateway simulator; do
  [ -f "$out/$p.nettrace" ] && dotnet-trace report "$out/$p.nettrace" topN -n 40 --inclusive > "$out/$p.top-inclusive.txt" 2>&1 || true
  [ -f "$out/$p.nettrace" ] && dotnet-trace report "$out/$p.nettrace" topN -n 40 > "$out/$p.top.txt" 2>&1 || true
done
for p in gateway simulator; do
  [ -f "$out/$p.speedscope.json" ] && python3 "$here/tools/busy-frames.py" "$out/$p.speedscope.json" > "$out/$p.busy.txt" || true
done
python3 "$here/tools/counters-summary.py" "$out"/*.counters.csv > "$out/counters.txt" || true
tail -n 3 "$out/run.log"; ls -la "$out"
