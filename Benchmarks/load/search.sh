#!/usr/bin/env bash
# Search and the desk's first timeline page on a big store: p50/p99 of `GET /v1/search` for
# four kinds of query (a common word, a rare word, part of a phone number, a word within one
# customer), of `GET /v1/customers?q=` (part of a phone number, a name as typed) and of the first
# timeline page (`limit=50`), one connection at a time (the latency is the server's time plus
# loopback), then 16 connections for throughput.
#
#   Benchmarks/load/search.sh STORE [PORT]
#
# STORE is served as it is (build its read models first: `cxstore rebuild --data STORE`).
# Needs wrk, sqlite3, curl. Uses the release build, or $CXSTORE.
set -euo pipefail

store="${1:?usage: search.sh STORE [PORT]}"
port="${2:-18099}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/Benchmarks/load/serve.sh"
rm -rf "$work/store" && ln -s "$(cd "$store" && pwd)" "$work/store"
start_serve "$port"
until curl -sf "http://127.0.0.1:$port/healthz" | grep -Eq '"projectionLag":0[,}]'; do sleep 1; done
events=$(curl -sf "http://127.0.0.1:$port/healthz" | sed -E 's/.*"logHead":([0-9]+).*/\1/')
db="$store/projections.sqlite"
echo "store: $events events, $(sqlite3 -readonly "$db" "SELECT count(*) FROM activity_search") indexed activities"

sqlite3 -readonly "$db" "SELECT customer_id FROM customers WHERE merged_into IS NULL ORDER BY random() LIMIT 2000" >"$work/customers.txt"
sqlite3 -readonly "$db" "SELECT DISTINCT channel_customer_identifier FROM customer_identities
    WHERE channel_customer_identifier GLOB '+[0-9]*' ORDER BY random() LIMIT 500" >"$work/phones.txt"
awk '{ digits = substr($0, 2); start = 1 + int(rand() * (length(digits) - 6)); print "q=" substr(digits, start, 7) "&limit=20" }' \
    "$work/phones.txt" >"$work/phone-queries.txt"
for word in billing payment thanks help ticket contract bill charge technical refund; do echo "q=$word&limit=20"; done >"$work/common.txt"
for word in satisfied technicians techn* "%22wrap%20up%22" "refund%20OR%20ticket" "bill%20-payment" "perlman%20contract"; do echo "q=$word&limit=20"; done >"$work/rare.txt"
awk '{ print "q=refund&limit=20&customerId=" $0 }' "$work/customers.txt" >"$work/customer-queries.txt"
awk '{ print "q=" substr($0, 2, 9) "&limit=10" }' "$work/phones.txt" >"$work/lookup-phones.txt"
sqlite3 -readonly "$db" "SELECT DISTINCT substr(first_name, 1, 3) FROM customers WHERE first_name IS NOT NULL LIMIT 200" |
    awk '{ print "q=" $0 "&limit=10" }' >"$work/lookup-names.txt"

measure() {
    local label=$1 script=$2 queries=$3 connections=$4
    local out="$work/wrk-$label-$connections.txt"
    wrk -t1 -c"$connections" -d15s --latency -s "$script" "http://127.0.0.1:$port" -- "$queries" >"$out" 2>&1
    local p50 p99 rate
    p50=$(awk '/^ +50%/ { print $2 }' "$out")
    p99=$(awk '/^ +99%/ { print $2 }' "$out")
    rate=$(awk '/^Requests\/sec/ { print $2 }' "$out")
    printf '%-34s c=%-3s p50 %-9s p99 %-9s %8s req/s  %s\n' "$label" "$connections" "$p50" "$p99" "$rate" "$(grep 'non-2xx' "$out")"
}

lookup_lua="$work/lookup.lua"
sed 's|/v1/search?|/v1/customers?|' "$root/Benchmarks/load/search.lua" >"$lookup_lua"
for connections in 1 16; do
    measure "search: common word" "$root/Benchmarks/load/search.lua" "$work/common.txt" "$connections"
    measure "search: rare word, phrase, OR, NOT" "$root/Benchmarks/load/search.lua" "$work/rare.txt" "$connections"
    measure "search: part of a phone number" "$root/Benchmarks/load/search.lua" "$work/phone-queries.txt" "$connections"
    measure "search: a word, one customer" "$root/Benchmarks/load/search.lua" "$work/customer-queries.txt" "$connections"
    measure "customers?q=: part of a phone" "$lookup_lua" "$work/lookup-phones.txt" "$connections"
    measure "customers?q=: a name as typed" "$lookup_lua" "$work/lookup-names.txt" "$connections"
    wrk -t1 -c"$connections" -d15s --latency -s "$root/Benchmarks/load/timeline.lua" "http://127.0.0.1:$port" -- "$work/customers.txt" \
        >"$work/wrk-timeline-$connections.txt" 2>&1
    printf '%-34s c=%-3s p50 %-9s p99 %-9s %8s req/s\n' "desk: first timeline page" "$connections" \
        "$(awk '/^ +50%/ { print $2 }' "$work/wrk-timeline-$connections.txt")" \
        "$(awk '/^ +99%/ { print $2 }' "$work/wrk-timeline-$connections.txt")" \
        "$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk-timeline-$connections.txt")"
done
