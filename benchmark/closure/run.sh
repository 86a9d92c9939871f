#!/bin/sh
# Closure benchmark: a registry emulation (WireMock on loopback) serving a generated dependency tree
# of N packages (default 40) for npm and for PyPI, each with two versions, real tarballs and wheels
# with a padding file of benign code; the real airlock jar resolves one release row per ecosystem,
# then fetches, scans, decides and publishes every artifact of each closure. Prints resolve and
# process wall time (from the JSON report's timings), total wall time and peak RSS (/usr/bin/time),
# for a first run and for a second run that reuses every decision. Not part of the build's tests.
#   benchmark/closure/run.sh [--packages 40] [--pad-kib 64] [--concurrency 4] [--ecosystem both|npm|pypi]
# Set BUILD=1 to rebuild the jar first. Everything it generates is deleted when it ends.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/bootstrap/target/airlock.jar"
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl bootstrap -am package -DskipTests -Dairlock.startupCache.skip)
fi
# WireMock is a test dependency: its standalone jar (the version the build uses) comes from the local
# Maven repository, where any test build of the project puts it.
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
version=$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$root/pom.xml" | head -1)
wiremock="$repo/org/wiremock/wiremock-standalone/$version/wiremock-standalone-$version.jar"
[ -f "$wiremock" ] || { echo "no $wiremock: run the project's tests once (./mvnw -B test) to fetch it" >&2; exit 2; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -cp "$jar:$wiremock" "$root/benchmark/closure/Benchmark.java" --jar "$jar" --java "$java" "$@"
