#!/usr/bin/env bash
# Projection lag under live ingest: `cxstore serve` on an empty store while `cxstore demo`
# appends a generated history from a second process. Samples /healthz every second and
# prints how far the read models trail the log, then the apply rate.
#
#   Benchmarks/load/projection-lag.sh [CUSTOMERS] [PORT]
#
# Uses the release build (`swift build -c release --product cxstore`), or $CXSTORE.
set -euo pipefail

customers="${1:-18000}"
port="${2:-18097}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/Benchmarks/load/serve.sh"
start_serve "$port"

start=$(date +%s.%N)
"$cxstore" demo --data "$work/store" --customers "$customers" >/dev/null 2>&1 &
load_pid=$!

printf '%8s %10s %10s %10s\n' "t (s)" "log head" "applied" "lag"
peak=0
demo_done=""
while true; do
    sleep 1
    health=$(curl -sf "http://127.0.0.1:$port/healthz")
    now=$(date +%s.%N)
    head=$(sed -E 's/.*"logHead":([0-9]+).*/\1/' <<<"$health")
    applied=$(sed -E 's/.*"projectionsApplied":([0-9]+).*/\1/' <<<"$health")
    lag=$((head - applied))
    [ "$lag" -gt "$peak" ] && peak=$lag
    elapsed=$(awk "BEGIN { print $now - $start }")
    printf '%8.1f %10d %10d %10d\n' "$elapsed" "$head" "$applied" "$lag"
    if [ -z "$demo_done" ] && ! kill -0 "$load_pid" 2>/dev/null; then
        wait "$load_pid"
        demo_done=$elapsed
        load_pid=""
    fi
    if [ -n "$demo_done" ] && [ "$lag" -eq 0 ]; then
        printf 'demo appended %d events in %.1f s; the projections had applied them all after %.1f s\n' "$head" "$demo_done" "$elapsed"
        printf 'apply rate: %.0f events/s; peak lag: %d events\n' "$(awk "BEGIN { print $head / $elapsed }")" "$peak"
        break
    fi
done
