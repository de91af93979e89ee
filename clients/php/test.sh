#!/usr/bin/env bash
# Builds (lints) the PHP client offline and runs its PHPUnit tests against a live gateway:
#   PUSHGRPC_ADDRESS (h2c), PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE, as printed by scripts/gateway.sh.
# Needs only the Debian packages in apt-packages.txt: php-cli, php-curl, php-google-protobuf (the pure-PHP protobuf
# runtime, loaded by autoload.php) and phpunit. Debian has no ext-grpc, so the generated stubs run on the pure-PHP
# curl transport (compat/); Composer and Packagist are not used.
set -euo pipefail
cd "$(dirname "$0")"

: "${PUSHGRPC_ADDRESS:?set PUSHGRPC_ADDRESS (see scripts/gateway.sh)}"
: "${PUSHGRPC_TLS_ADDRESS:?set PUSHGRPC_TLS_ADDRESS}"
: "${PUSHGRPC_CA_FILE:?set PUSHGRPC_CA_FILE}"
export PUSHGRPC_ADDRESS PUSHGRPC_TLS_ADDRESS PUSHGRPC_CA_FILE

php -r 'exit(extension_loaded("curl") && (curl_version()["features"] & CURL_VERSION_HTTP2) ? 0 : 1);' \
  || { echo "php-curl with HTTP/2 support is required" >&2; exit 1; }

# PHP has no compile step: lint the hand-written sources (gen/ is produced by protoc and checked by regeneration in
# CI; the tests load it).
find autoload.php bin compat src tests -type f \( -name '*.php' -o -path 'bin/*' \) -print0 \
  | xargs -0 -n 1 -P 4 php -l >/dev/null

echo "transport: $(php -r 'echo extension_loaded("grpc") ? "ext-grpc" : "pure-PHP over curl " . curl_version()["version"];')"
# Debian's phpunit (9.6); phpunit.xml.dist holds the settings (fail on warnings, risky or skipped tests).
phpunit --configuration phpunit.xml.dist
