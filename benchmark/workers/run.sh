#!/bin/sh
# Multi-worker benchmark: one request file of R archives (default 400) decided by N real
# `airlock run --worker I/N` processes started together (N = 1, 2, 4 by default) that share one
# stateful DynamoDB table (FakeDynamoDb behind WireMock on loopback, judging the ledger's condition
# expressions), then `airlock run --assemble N`. Prints the wall time of the workers and of the
# assembly per N, and checks every archive was fetched once and the assembled verdict. Not a test.
#
#   benchmark/workers/run.sh [--rows 400] [--workers 1,2,4] [--latency-ms 0] [--concurrency 4]
#                            [--placement together|apart]
#
# --placement together (default) starts the N workers at once on this machine; apart runs them one
# after another, each alone, and counts the slowest: what N CodeBuild builds, one machine each, take.
# --latency-ms delays every archive download (a remote registry, or a remote scanner's wait) so
# the curve shows both cases: CPU-bound (0) and waiting-bound. Set BUILD=1 to rebuild first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/bootstrap/target/airlock.jar"
tests=$(ls "$root"/adapters-aws/target/airlock-adapters-aws-*-tests.jar 2>/dev/null | head -1 || true)
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$jar" ] || [ -z "$tests" ]; then
  (cd "$root" && ./mvnw -B -q -pl bootstrap -am package -DskipTests -Dairlock.startupCache.skip=true)
  tests=$(ls "$root"/adapters-aws/target/airlock-adapters-aws-*-tests.jar | head -1)
fi
wiremock=$(ls "${HOME}"/.m2/repository/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar | grep -v sources | tail -1)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$jar:$tests:$wiremock" "$root/benchmark/workers/Benchmark.java" --jar "$jar" --java "$java" "$@"
