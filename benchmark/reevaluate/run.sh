#!/bin/sh
# Re-evaluation benchmark: seeds a file ledger and file repository with N decisions (default 10,000),
# then times the real ReevaluateDecisionsService over them with a stub scanner that answers at once
# (or the built-in scanner). Not part of the build's tests. Usage (from anywhere):
#   benchmark/reevaluate/run.sh [--decisions 10000] [--refused-every 10] [--revoke-every 199]
#                               [--concurrency 4] [--page-size 200] [--scanner stub|builtin]
# Set BUILD=1 to rebuild the jar first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/bootstrap/target/airlock.jar"
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl bootstrap -am package -DskipTests)
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$jar" "$root/benchmark/reevaluate/Benchmark.java" "$@"
