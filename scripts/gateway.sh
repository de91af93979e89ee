#!/usr/bin/env bash
# Starts the gateway (Release build, embedded simulator) in the background for the client tests, with an h2c and a
# TLS listener, and waits until it is healthy. Prints shell assignments to eval:
#   PUSHGRPC_ADDRESS=127.0.0.1:<h2c port>  PUSHGRPC_TLS_ADDRESS=localhost:<tls port>  PUSHGRPC_CA_FILE=<ca pem>
#   PUSHGRPC_PID=<pid>  PUSHGRPC_DIR=<temp dir with certificates and the log>
# Usage: eval "$(scripts/gateway.sh start [h2c-port] [tls-port])"; ...; scripts/gateway.sh stop "$PUSHGRPC_PID" "$PUSHGRPC_DIR"
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
start)
  port=${2:-50061}
  tls_port=${3:-50062}
  dir=$(mktemp -d)
  # A throwaway CA and a localhost server certificate for the TLS listener.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=PushGrpc test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null

  # Run the built assembly from its folder (its appsettings.json applies) with exec, so $! is the gateway itself.
  (
    cd src/PushGrpc.Server/bin/Release/net10.0
    export ASPNETCORE_ENVIRONMENT=Development \
      Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$port" \
      Kestrel__Endpoints__Http__Url="http://127.0.0.1:0" \
      Kestrel__Endpoints__GrpcTls__Url="https://127.0.0.1:$tls_port" \
      Kestrel__Endpoints__GrpcTls__Certificate__Path="$dir/server.pem" \
      Kestrel__Endpoints__GrpcTls__Certificate__KeyPath="$dir/server.key"
    exec dotnet PushGrpc.Server.dll
  ) >"$dir/gateway.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if node_modules/.bin/buf curl --protocol grpc --http2-prior-knowledge "http://127.0.0.1:$port/grpc.health.v1.Health/Check" -d '{}' >/dev/null 2>&1; then
      echo "PUSHGRPC_ADDRESS=127.0.0.1:$port PUSHGRPC_TLS_ADDRESS=localhost:$tls_port PUSHGRPC_CA_FILE=$dir/ca.pem PUSHGRPC_PID=$pid PUSHGRPC_DIR=$dir"
      exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  cat "$dir/gateway.log" >&2
  echo "gateway.sh: the gateway did not become healthy" >&2
  kill "$pid" 2>/dev/null || true
  exit 1
  ;;
stop)
  kill "$2" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$2" 2>/dev/null || break; sleep 0.2; done
  rm -rf "$3"
  ;;
*)
  echo "usage: $0 start [h2c-port] [tls-port] | stop PID DIR" >&2
  exit 2
  ;;
esac
