#!/usr/bin/env bash
# Starts the gateway exactly as the README says (embedded simulator, no credentials) and makes the README's calls
# through server reflection with `buf curl` (the same calls grpcurl makes). Fails unless APNs accepted them.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf
address=http://127.0.0.1:50051
token=$(printf 'a%.0s' {1..64})
log=$(mktemp)

dotnet run --project src/PushGrpc.Server -c Release --no-build >"$log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true; wait $gateway 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 120); do
  if "$buf" curl --protocol grpc --http2-prior-knowledge "$address/grpc.health.v1.Health/Check" -d '{}' >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 $gateway 2>/dev/null; then
    cat "$log"; echo "smoke test: the gateway exited during start-up" >&2; exit 1
  fi
  sleep 0.5
done

grep -q "Simulator mode" "$log" || { cat "$log"; echo "smoke test: no simulator-mode log line" >&2; exit 1; }

echo "-- Send (unary)"
send=$("$buf" curl --protocol grpc --http2-prior-knowledge "$address/pushgrpc.v1.PushService/Send" \
  -d "{\"notification\":{\"app\":\"demo\",\"device_tokens\":[\"$token\"],\"aps\":{\"alert\":{\"title\":\"Hi\",\"body\":\"there\"}}}}")
echo "$send"
grep -q DELIVERY_STATUS_ACCEPTED <<<"$send" || { echo "smoke test: Send was not accepted" >&2; exit 1; }

echo "-- SendStream (NDJSON on stdin)"
stream=$(for i in 1 2 3; do
  echo "{\"notification\":{\"id\":\"n$i\",\"app\":\"demo\",\"device_tokens\":[\"$token\"],\"aps\":{\"alert\":{\"body\":\"hello $i\"}}}}"
done | "$buf" curl --protocol grpc --http2-prior-knowledge "$address/pushgrpc.v1.PushService/SendStream" -d @-)
echo "$stream"
accepted=$(grep -c DELIVERY_STATUS_ACCEPTED <<<"$stream" || true)
[ "$accepted" = 3 ] || { echo "smoke test: expected 3 accepted stream results, got $accepted" >&2; exit 1; }

echo "-- Broadcast channel: CreateChannel, Send to the channel, DeleteChannel"
created=$("$buf" curl --protocol grpc --http2-prior-knowledge "$address/pushgrpc.v1.ChannelService/CreateChannel" \
  -d '{"app":"demo","message_storage_policy":"MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED"}')
echo "$created"
channel=$(sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' <<<"$created" | head -n 1)
[ -n "$channel" ] || { echo "smoke test: CreateChannel returned no channel id" >&2; exit 1; }
broadcast=$("$buf" curl --protocol grpc --http2-prior-knowledge "$address/pushgrpc.v1.PushService/Send" \
  -d "{\"notification\":{\"app\":\"demo\",\"channel_id\":\"$channel\",\"aps\":{\"event\":\"LIVE_ACTIVITY_EVENT_UPDATE\",\"content_state\":{\"home\":2},\"timestamp\":$(date +%s)}}}")
echo "$broadcast"
grep -q DELIVERY_STATUS_ACCEPTED <<<"$broadcast" || { echo "smoke test: the broadcast was not accepted" >&2; exit 1; }
deleted=$("$buf" curl --protocol grpc --http2-prior-knowledge "$address/pushgrpc.v1.ChannelService/DeleteChannel" \
  -d "{\"app\":\"demo\",\"channel_id\":\"$channel\"}")
grep -q DELIVERY_STATUS_ACCEPTED <<<"$deleted" || { echo "smoke test: DeleteChannel was not accepted: $deleted" >&2; exit 1; }

echo "-- HTTP endpoint: /healthz, /readyz, POST /v1/notifications:send, /metrics"
http=http://localhost:9464
curl -fsS "$http/healthz" >/dev/null || { echo "smoke test: /healthz failed" >&2; exit 1; }
curl -fsS "$http/readyz" | grep -q '"status":"Healthy"' || { echo "smoke test: /readyz is not Healthy" >&2; exit 1; }
json=$(curl -fsS "$http/v1/notifications:send" -H 'content-type: application/json' \
  -d "{\"notification\":{\"app\":\"demo\",\"device_tokens\":[\"$token\"],\"aps\":{\"alert\":{\"title\":\"Hi\",\"body\":\"there\"}}}}")
echo "$json"
grep -q DELIVERY_STATUS_ACCEPTED <<<"$json" || { echo "smoke test: the HTTP/JSON send was not accepted" >&2; exit 1; }
metrics=$(curl -fsS "$http/metrics")
grep -q '^pushgrpc_results_total{.*app="demo".*status="accepted"' <<<"$metrics" || { echo "smoke test: /metrics has no accepted results for demo" >&2; exit 1; }

echo "smoke test: ok"
