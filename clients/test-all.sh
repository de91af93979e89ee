#!/usr/bin/env bash
# Runs every client's tests against one live gateway (embedded simulator; h2c and TLS listeners).
# Each clients/<lang>/test.sh gets PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE and exits non-zero on
# failure. A language whose toolchain is missing fails: .ci/run installs them (clients/<lang>/apt-packages.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

eval "$(scripts/gateway.sh start)"
export PUSHGRPC_ADDRESS PUSHGRPC_TLS_ADDRESS PUSHGRPC_CA_FILE
trap 'scripts/gateway.sh stop "$PUSHGRPC_PID" "$PUSHGRPC_DIR"' EXIT

languages=${PUSHGRPC_CLIENTS:-$(for d in clients/*/; do [ -x "$d/test.sh" ] && basename "$d"; done)}
failed=()
for lang in $languages; do
  echo "== client tests: $lang"
  if ! "clients/$lang/test.sh"; then
    failed+=("$lang")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "client tests failed: ${failed[*]}" >&2
  tail -n 50 "$PUSHGRPC_DIR/gateway.log" >&2
  exit 1
fi
echo "client tests: all passed ($(echo $languages | wc -w) languages)"
