#!/usr/bin/env bash
# Start-up benchmark: `airlock --version` and `airlock scan` of a ~1 KB archive, each run
#   - as `java -jar airlock.jar` (no start-up cache), and
#   - through bin/airlock (the AOT cache or CDS archive the package phase wrote, when it fits the Java),
# on the Java bin/airlock picks. Uses hyperfine when installed, else a loop of /usr/bin/time; prints
# mean wall time and mean user+system CPU (the steadier figure on a shared machine). Not a test.
#
#   benchmark/startup/run.sh              # build first: ./mvnw -q -B -DskipTests package
#   RUNS=20 benchmark/startup/run.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/bootstrap/target/airlock.jar"
runs="${RUNS:-10}"
[[ -f "$jar" ]] || { echo "no jar at $jar; build it with ./mvnw -q -B -DskipTests package" >&2; exit 2; }
. "$root/bin/lib/find-jdk.sh"
airlock_find_java_home 21 java || { airlock_no_java_message benchmark 21 "a JDK or JRE"; exit 2; }
java="$AIRLOCK_JAVA_HOME/bin/java"

work="$(mktemp -d "${TMPDIR:-/tmp}/airlock-startup-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tiny-1.0"
printf 'def answer():\n    return 42\n' > "$work/tiny-1.0/tiny.py"
head -c 700 /dev/urandom | base64 > "$work/tiny-1.0/README.txt"
tar -C "$work" -czf "$work/tiny-1.0.tar.gz" tiny-1.0
cd "$work"

echo "java: $java ($("$java" -version 2>&1 | head -1))"
AIRLOCK_LAUNCHER_DEBUG=1 "$root/bin/airlock" --version 2>&1 >/dev/null | sed 's/^/launcher: /'
echo "archive: tiny-1.0.tar.gz, $(stat -c %s tiny-1.0.tar.gz) bytes; $runs runs each after 2 warm-ups; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s\n' "command" "wall (s)" "cpu (s)"

measure() { # label, command...
  local label="$1"; shift
  if command -v hyperfine > /dev/null; then
    hyperfine -N -w 2 -r "$runs" -i --export-json "$work/h.json" -- "$(printf '%q ' "$@")" > /dev/null 2>&1
    python3 - "$label" "$work/h.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[2]))["results"][0]
print(f"{sys.argv[1]:<44} {r['mean']:>10.3f} {r['user'] + r['system']:>10.3f}")
EOF
  else
    local i wall=0 cpu=0 line
    for i in 1 2; do "$@" > /dev/null 2>&1 || true; done
    for ((i = 0; i < runs; i++)); do
      /usr/bin/time -o "$work/time.txt" -f '%e %U %S' "$@" > /dev/null 2>&1 || true
      line=$(tail -1 "$work/time.txt")
      wall=$(awk -v a="$wall" -v b="$line" 'BEGIN { split(b, t, " "); print a + t[1] }')
      cpu=$(awk -v a="$cpu" -v b="$line" 'BEGIN { split(b, t, " "); print a + t[2] + t[3] }')
    done
    awk -v l="$label" -v w="$wall" -v c="$cpu" -v n="$runs" 'BEGIN { printf "%-44s %10.3f %10.3f\n", l, w / n, c / n }'
  fi
}

measure "java -jar airlock.jar --version" "$java" -jar "$jar" --version
measure "bin/airlock --version" "$root/bin/airlock" --version
measure "java -jar airlock.jar scan tiny-1.0.tar.gz" "$java" -jar "$jar" scan tiny-1.0.tar.gz
measure "bin/airlock scan tiny-1.0.tar.gz" "$root/bin/airlock" scan tiny-1.0.tar.gz
