#!/bin/sh
# Detection benchmark of the built-in scanner over a corpus built by the benchmark's materialize.py.
# Not part of the build's tests. Usage (from anywhere):
#   benchmark/scanner/run.sh [--mode inprocess|jar] [--corpus DIR] [--manifests DIR] [--split dev]
#                            [--parallel 2] [--timeout 120] [--repeat 1] [--only benign-npm,...] [--all]
# --mode jar runs `java -jar airlock.jar scan ARCHIVE --format json` once per archive (the official
# measure); the default, inprocess, calls the scanner library (BuiltinScanner.scan) in one JVM (throughput).
# Set BUILD=1 to rebuild the jar first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/bootstrap/target/airlock.jar"
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl bootstrap -am package -DskipTests)
fi
cd "$root"
exec java -cp "$jar" "$root/benchmark/scanner/Benchmark.java" --jar "$jar" "$@"
