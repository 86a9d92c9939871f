#!/bin/sh
# Speed benchmark (issue 21), side by side in one run; not part of the build's tests:
#   P3    the built-in scanner's MB/s of uncompressed content on one thread, in-process, against
#         the `tar -xzO` decompression floor (and bandit, when it is on the PATH) on the 20 most
#         downloaded PyPI sources of the ext corpus (benchmark/corpus; build it as README says);
#   P5    start-up of bin/airlock (--version, scan of a ~1 KB archive);
#   many  100 small archives (the top npm packages of the ext corpus, else generated ones):
#         one `airlock scan FOLDER` process against one `airlock scan ARCHIVE` process each.
# Usage: benchmark/throughput/run.sh [--only p3,startup,many] [--corpus /work/corpus] [--count 20]
#                                    [--repeat 3] [--runs 10] [--many 100] [--loop N (profile P3)]
# Set BUILD=1 to rebuild the jar first (with its start-up cache, which bin/airlock uses).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/bootstrap/target/airlock.jar"
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl bootstrap -am package -DskipTests)
fi
. "$root/bin/lib/find-jdk.sh"
airlock_find_java_home 21 java || { airlock_no_java_message benchmark 21 "a JDK or JRE"; exit 2; }
cd "$root"
exec "$AIRLOCK_JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "$jar" "$root/benchmark/throughput/Throughput.java" \
  --root "$root" "$@"
