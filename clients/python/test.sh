#!/usr/bin/env bash
# Builds the Python client's wheel offline (Debian's setuptools) and runs its tests with Debian's python3-grpcio and
# pytest against the live gateway given by PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE
# (clients/test-all.sh). /usr/bin/python3 on purpose: the python3 first on PATH may be one without grpc.
set -euo pipefail
cd "$(dirname "$0")"
python=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1

# Package from a copy, so setuptools' build/ and *.egg-info stay out of the work tree.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r pyproject.toml README.md src gen "$tmp/"
"$python" -m pip wheel --quiet --no-deps --no-build-isolation --no-index --wheel-dir "$tmp/dist" "$tmp"
echo "built $(basename "$tmp"/dist/*.whl)"

"$python" -m pytest -p no:cacheprovider -v
