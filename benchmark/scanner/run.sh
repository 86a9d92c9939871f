#!/bin/sh
# Detection benchmark of the built-in scanner over the corpora built by materialize.py (DEV, from
# ../shared/benchmark) and benchmark/corpus/extend.py (ext). Not part of the build's tests. Usage:
#   benchmark/scanner/run.sh [--mode inprocess|jar|jar-each|timing] [--corpus DIR] [--manifests DIR,DIR]
#                            [--split dev,ext] [--half tuning|validation] [--parallel 1] [--timeout 120]
#                            [--only benign-npm,...] [--tsv FILE] [--all] [--must-approve NAME,...]
# Prints flagged/total, recall or false-positive rate and per-rule block counts for the tuning and
# validation halves separately. inprocess (default) calls the scanner library (BuiltinScanner.scan,
# judged by the default policy) on every archive inside one JVM, one at a time; jar runs
# `java -jar airlock.jar scan --format json A B C ...` once per 200 archives (the official measure:
# start-up paid once); jar-each runs it once per archive; timing times a 2 MiB one-line file.
# --must-approve exits 1 unless every named package was scanned and approved. Set BUILD=1 to
# rebuild the jar first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/bootstrap/target/airlock.jar"
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl bootstrap -am package -DskipTests)
fi
cd "$root"
exec java -cp "$jar" "$root/benchmark/scanner/Benchmark.java" --jar "$jar" "$@"
