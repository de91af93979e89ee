#!/usr/bin/env bash
# Builds the Java client offline against Debian's packages (pom.debian.xml + settings.debian.xml) and runs its JUnit 5
# tests against the live gateway in PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE.
set -euo pipefail
cd "$(dirname "$0")"

: "${PUSHGRPC_ADDRESS:?set PUSHGRPC_ADDRESS (see scripts/gateway.sh)}"
: "${PUSHGRPC_TLS_ADDRESS:?set PUSHGRPC_TLS_ADDRESS}"
: "${PUSHGRPC_CA_FILE:?set PUSHGRPC_CA_FILE}"
export PUSHGRPC_ADDRESS PUSHGRPC_TLS_ADDRESS PUSHGRPC_CA_FILE

# Debian's netty has no JDK ALPN, so TLS goes through OpenSSL (netty-tcnative). Netty loads only a file named
# libnetty_tcnative*.so and refuses a symlink: copy it.
rm -rf target # a fresh build; it also holds the private local repository (settings.debian.xml)
native=target/native
mkdir -p "$native"
cp /usr/lib/x86_64-linux-gnu/jni/libnetty-tcnative.so "$native/libnetty_tcnative.so"

# -DforkCount=0 runs the tests inside Maven's JVM (a surefire fork stalls ~10 s on exit), so the library path goes
# through MAVEN_OPTS.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.library.path=$PWD/$native"
log=target/mvn.log
status=0
mvn -B -ntp -Dstyle.color=never -o -Daether.offline.protocols=file -s settings.debian.xml -f pom.debian.xml -DforkCount=0 verify \
  2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' | tee "$log" || status=$? # Maven 3.8 prints colour resets even with -B
# End on surefire's totals (Maven's own last lines are its banner).
grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$log" | tail -n 1 | sed 's/^\[[A-Z]*\] /java: /' || true
exit "$status"
