#!/usr/bin/env bash
# A long durable-ingest run at full rate: `cxstore serve` on an empty store, wrk posting the
# demo stream for SECONDS over CONNECTIONS connections. Every 10 s it prints the log head,
# how far the projections trail it, and the server's memory; at the end the peaks.
#
#   Benchmarks/load/soak.sh [SECONDS, default 600] [CONNECTIONS, default 64]
#
# Uses the release build (`swift build -c release --product cxstore`), or $CXSTORE.
set -euo pipefail

seconds="${1:-600}"
connections="${2:-64}"
port=18196
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/Benchmarks/load/serve.sh"

"$cxstore" demo --customers 8000 --ndjson "$work/messages.ndjson" --data "$work/unused" >/dev/null
start_serve "$port"

wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/Benchmarks/load/ingest.lua" \
    "http://127.0.0.1:$port" -- "$work/messages.ndjson" soak >"$work/wrk.out" 2>&1 &
load_pid=$!

printf '%6s %10s %10s %8s %8s %9s %9s\n' "t (s)" "log head" "applied" "lag" "RSS MB" "anon MB" "file MB"
start=$(date +%s)
peak_lag=0
while kill -0 "$load_pid" 2>/dev/null; do
    sleep 10
    health=$(curl -sf "http://127.0.0.1:$port/healthz" || echo '{}')
    head=$(sed -nE 's/.*"logHead":([0-9]+).*/\1/p' <<<"$health")
    applied=$(sed -nE 's/.*"projectionsApplied":([0-9]+).*/\1/p' <<<"$health")
    lag=$(( ${head:-0} - ${applied:-0} ))
    [ "$lag" -gt "$peak_lag" ] && peak_lag=$lag
    read -r rss anon file < <(awk '/^VmRSS/ { r = $2 } /^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } END { print int(r / 1024), int(a / 1024), int(f / 1024) }' "/proc/$serve_pid/status")
    printf '%6d %10d %10d %8d %8d %9d %9d\n' $(( $(date +%s) - start )) "${head:-0}" "${applied:-0}" "$lag" "$rss" "$anon" "$file"
done
wait "$load_pid" || true
load_pid=""
grep '^RESULT' "$work/wrk.out" || cat "$work/wrk.out"
echo "peak RSS of serve: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$serve_pid/status"); peak projection lag: $peak_lag events"
