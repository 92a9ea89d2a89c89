#!/usr/bin/env bash
# Usage: scripts/bounded.sh SECONDS COMMAND [ARGUMENTS...]
#
# Runs COMMAND; if it still runs after SECONDS, prints what every process of it is doing
# (the process tree, and each thread's stack of the test binaries, with gdb when present),
# stops it, and exits 124. A hung test run then fails with its cause on record instead of
# running silently into CI's limit.
set -uo pipefail
usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  --help | -h) usage; exit 0 ;;
esac
[ $# -ge 2 ] || { usage >&2; exit 2; }
limit=$1
shift
setsid "$@" &
child=$!
# Its own session keeps its processes together; stopping this script stops them too.
trap 'kill -TERM -- -"$child" 2>/dev/null; exit 143' TERM INT
for ((waited = 0; waited < limit; waited++)); do
  kill -0 "$child" 2>/dev/null || { wait "$child"; exit $?; }
  sleep 1
done
echo "bounded.sh: '$*' still runs after ${limit} s; what it is doing:" >&2
ps -o pid,ppid,etimes,stat,args --forest -g "$child" >&2 || ps -ef --forest >&2
for pid in $(pgrep -f 'PackageTests.xctest'); do
  echo "--- threads of $pid" >&2
  if command -v gdb >/dev/null; then
    timeout 120 gdb -p "$pid" -batch -ex 'thread apply all bt 40' 2>&1 | grep -E '^(Thread|#)' >&2
  else
    for task in /proc/"$pid"/task/*; do echo "$(cat "$task"/comm 2>/dev/null): $(cat "$task"/wchan 2>/dev/null)" >&2; done
  fi
done
kill -TERM -- -"$child" 2>/dev/null
sleep 5
kill -KILL -- -"$child" 2>/dev/null
wait "$child" 2>/dev/null
exit 124
