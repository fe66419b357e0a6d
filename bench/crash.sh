#!/usr/bin/env bash
# Crash soak: kill -9 the server many times under pipelined writes with fsync=always, on every
# engine, and count acknowledged writes lost (must be 0). Runs distribution/CrashIT with more
# rounds than the test suite does. With a second argument, everysec or no, the rounds run under
# that mode and count as lost what a restart found and a later restart did not.
#
#   bench/crash.sh [rounds] [fsync]   # default 50 rounds per engine, fsync=always
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-50}"
fsync="${2:-always}"
case "$rounds" in ''|*[!0-9]*) echo "usage: bench/crash.sh [rounds] [always|everysec|no]" >&2; exit 2 ;; esac
case "$fsync" in always|everysec|no) ;; *) echo "usage: bench/crash.sh [rounds] [always|everysec|no]" >&2; exit 2 ;; esac

./mvnw -q -B -DskipTests install
status=0
./mvnw -q -B -o verify -pl distribution -Dit.test=CrashIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcrash.rounds="$rounds" -Dcrash.fsync="$fsync" || status=$?

echo
echo "| engine | fsync | rounds | acknowledged writes | writes lost |"
echo "|---|---|---|---|---|"
grep -ho 'crash summary .*' distribution/target/failsafe-reports/*CrashIT*-output.txt |
  sed -E 's/crash summary engine=([^ ]+) fsync=([^ ]+) rounds=([0-9]+) acknowledged=([0-9]+) lost=([0-9]+)/| \1 | \2 | \3 | \4 | \5 |/'
exit "$status"
