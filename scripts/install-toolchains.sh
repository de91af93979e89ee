#!/usr/bin/env bash
# Installs the Debian packages the client builds and tests and the benchmark need (the union of
# clients/*/apt-packages.txt and bench/apt-packages.txt), only the ones missing, so a second run costs nothing.
# Needs root (or sudo) when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

wanted=$(cat clients/*/apt-packages.txt bench/apt-packages.txt | sed -e 's/#.*//' -e 's/[[:space:]]//g' | grep -v '^$' | sort -u)
missing=()
for package in $wanted; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
