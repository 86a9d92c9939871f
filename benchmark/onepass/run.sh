#!/usr/bin/env bash
# One pass per archive (issue 21): builtin,inspector on a generated archive of MEGABYTES MiB of content
# (default 200), through the scan use case with the real adapters and the real Inspector client against
# WireMock, once with the shared pass and once with a pass per scanner. OnePassScanTest counts every
# open of the archive and every byte read from it; each way is run 3 times and the fastest is printed
# (the first pays for JIT warm-up).
#   benchmark/onepass/run.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/../.."
megabytes="${1:-200}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
./mvnw -B -q -pl bootstrap -am test -Dtest=OnePassScanTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dairlock.onepass.megabytes="$megabytes" -Dairlock.onepass.rounds=3 >"$log" 2>&1 || { cat "$log"; exit 1; }
grep -E "^(one pass|a pass per scanner):" "$log"
