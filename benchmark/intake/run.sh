#!/usr/bin/env bash
# Intake benchmark: a ~2 GiB tar.gz of poorly compressible content, scanned by the real jar with a
# 256 MiB heap (`airlock scan`), then fetched through a file: URL, scanned and published
# (`airlock run`). Prints wall time, MB/s and peak RSS for each. Not part of the test suite.
#
#   benchmark/intake/run.sh                 # build the jar first: ./mvnw -B -q -DskipTests package
#   SIZE_MIB=512 benchmark/intake/run.sh    # a smaller archive
#   BENCH_DIR=/big/disk benchmark/intake/run.sh
#
# Needs python3, gzip and about 3x the archive size of free disk (archive, fetched copy, published
# copy). Everything it generates is deleted when it ends.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${AIRLOCK_JAR:-$root/bootstrap/target/airlock.jar}"
size_mib="${SIZE_MIB:-2048}"
heap="${HEAP:-256m}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

[[ -f "$jar" ]] || { echo "no jar at $jar; build it with ./mvnw -B -q -DskipTests package" >&2; exit 2; }
work="$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/airlock-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT

calc() { awk "BEGIN { print $* }"; }

archive="$work/bench-1.0.tar.gz"
echo "generating $size_mib MiB of content into $archive ..."
start=$(date +%s.%N)
python3 "$here/generate.py" $((size_mib * 1024 * 1024)) | gzip -1 > "$archive"
end=$(date +%s.%N)
bytes=$(stat -c %s "$archive")
printf 'generated %.1f MiB compressed in %.1f s\n' "$(calc "$bytes / 1048576")" "$(calc "$end - $start")"

# Runs the command, prints wall time, MB/s (of the archive) and peak RSS; keeps its exit code.
measure() {
  local label="$1"; shift
  local out="$work/$label.out" err="$work/$label.err" rc=0 rss_kib cpu="?"
  local t0 t1
  t0=$(date +%s.%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v -o "$work/$label.time" "$@" > "$out" 2> "$err" || rc=$?
    rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$label.time")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$work/$label.time")
  else
    "$@" > "$out" 2> "$err" & local pid=$! ; rss_kib=0
    while kill -0 "$pid" 2>/dev/null; do
      local hwm; hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [[ -n "$hwm" && "$hwm" -gt "$rss_kib" ]] && rss_kib=$hwm
      sleep 0.2
    done
    wait "$pid" || rc=$?
  fi
  t1=$(date +%s.%N)
  local secs; secs=$(calc "$t1 - $t0")
  printf '%-6s exit %d  wall %6.1f s  %6.1f MB/s  cpu %s s  peak RSS %5.0f MiB\n' "$label" "$rc" "$secs" \
    "$(calc "$bytes / 1000000 / $secs")" "$cpu" "$(calc "$rss_kib / 1024")"
  head -c 2000 "$out" | sed 's/^/    /' | head -8
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then sed 's/^/    /' "$err" | tail -5; fi
}

measure scan "$java" "-Xmx$heap" -jar "$jar" scan "$archive"

printf 'bench,file:bench-1.0.tar.gz\n' > "$work/requests.csv"
measure run "$java" "-Xmx$heap" -jar "$jar" run "$work/requests.csv" --allow-file-urls \
  --max-download-size $(( (bytes / 1048576) + 64 ))MiB --data-dir "$work/data"
