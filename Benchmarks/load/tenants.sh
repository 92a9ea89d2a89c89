#!/usr/bin/env bash
# What tenants cost one `cxstore serve`, and whether one tenant's load holds another back.
#
#   Benchmarks/load/tenants.sh [TENANTS] [SECONDS]
#
# 1. Many tenants: adds TENANTS tenants (200), starts serve, opens each with one request,
#    and prints the server's RSS and open file descriptors with only the default tenant open,
#    with every tenant open and idle, during SECONDS (10) of single-route ingest into 10 of
#    them at once (wrk, 4 connections each), and after.
# 2. Noisy neighbour: tenant b holds a 2,000-customer demo history; prints b's single-route
#    p99 (8 connections) and timeline-page p99 (8 connections) alone, then each while
#    tenant a takes the batch route at 64 connections (100 messages a request).
#
# Needs wrk, curl and the release build (`swift build -c release --product cxstore`), or
# $CXSTORE. Prints `RESULT` lines.
set -euo pipefail

tenants="${1:-200}"
seconds="${2:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/Benchmarks/load/serve.sh"
port=18097
base="http://127.0.0.1:$port"

memory() {
    local rss fds
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$serve_pid/status")
    fds=$(ls "/proc/$serve_pid/fd" | wc -l)
    echo "RESULT $1 rss_kb=$rss fds=$fds open_tenants=$2"
}

"$cxstore" demo --customers 2000 --ndjson "$work/messages.ndjson" >/dev/null 2>&1
for index in $(seq -f "%03g" 1 "$tenants"); do "$cxstore" tenants add --data "$work/store" "t$index" >/dev/null; done
start_serve "$port"
memory "default-only" 1
for index in $(seq -f "%03g" 1 "$tenants"); do curl -sf -H "CX-Tenant: t$index" "$base/healthz" >/dev/null; done
sleep 2
memory "all-idle" "$((tenants + 1))"
pids=()
for index in $(seq -f "%03g" 1 10); do
    CX_TENANT="t$index" wrk -t1 -c4 -d"${seconds}s" -s "$root/Benchmarks/load/ingest.lua" "$base" -- "$work/messages.ndjson" "busy$index" >"$work/wrk-$index.log" 2>&1 &
    pids+=($!)
done
sleep "$((seconds / 2))"
memory "ten-busy" "$((tenants + 1))"
wait "${pids[@]}"
rate=$(cat "$work"/wrk-*.log | sed -n 's/.*RESULT .* rate=\([0-9.]*\).*/\1/p' | paste -sd+ | bc)
echo "RESULT ten-busy-ingest messages_per_second=$rate"
sleep 2
memory "after-load" "$((tenants + 1))"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
serve_pid=""

rm -rf "$work/store"
"$cxstore" tenants add --data "$work/store" a >/dev/null
"$cxstore" tenants add --data "$work/store" b >/dev/null
"$cxstore" import --data "$work/store" --tenant b "$work/messages.ndjson" >/dev/null 2>&1
start_serve "$port"
until curl -sf -H "CX-Tenant: b" "$base/healthz" | grep -Eq '"projectionLag":0[,}]'; do sleep 1; done
sqlite3 -readonly "$work/store/tenants/b/projections.sqlite" "SELECT customer_id FROM customers WHERE merged_into IS NULL" >"$work/customers.txt"

single() { CX_TENANT=b wrk -t1 -c8 -d"${seconds}s" --latency -s "$root/Benchmarks/load/ingest.lua" "$base" -- "$work/messages.ndjson" "$1" | grep RESULT; }
timeline() { CX_TENANT=b wrk -t1 -c8 -d"${seconds}s" --latency -s "$root/Benchmarks/load/timeline.lua" "$base" -- "$work/customers.txt" | awk '/ 99%/ { print "RESULT timeline p99=" $2 }'; }
noisy() {
    CX_TENANT=a wrk -t2 -c64 -d"$((seconds + 2))s" -s "$root/Benchmarks/load/ingest.lua" "$base" -- "$work/messages.ndjson" "$1" 100 >"$work/noisy-$1.log" 2>&1 &
    load_pid=$!
    sleep 1
}

echo "b alone, single route:"; single alone
echo "b alone, timeline pages:"; timeline
noisy n1; echo "b beside a's batch load, single route:"; single beside; wait "$load_pid"; grep RESULT "$work/noisy-n1.log"
noisy n2; echo "b beside a's batch load, timeline pages:"; timeline; wait "$load_pid"; grep RESULT "$work/noisy-n2.log"
load_pid=""
