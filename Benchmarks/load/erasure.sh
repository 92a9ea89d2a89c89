#!/usr/bin/env bash
# The cost of one erasure on a big store while ingest goes on: time to the 200, time until
# no file of the store holds the customer's identifiers, and the ingest rate before, during
# and after. Works on a copy of STORE (made with `cxstore demo --data STORE --customers 90000`,
# ~1.09M events, and served once so that its read models are built).
#
#   Benchmarks/load/erasure.sh STORE [PORT] [CONNECTIONS]
#
# Erases the customer with the most activities whose identifiers the load does not send,
# under `wrk` posting demo messages of 2,000 other customers. Needs wrk, sqlite3, curl.
# Uses the release build (`swift build -c release --product cxstore`), or $CXSTORE.
set -euo pipefail

source_store="${1:?usage: erasure.sh STORE [PORT] [CONNECTIONS]}"
port="${2:-18098}"
connections="${3:-16}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/Benchmarks/load/serve.sh"

echo "copying $source_store…"
cp -a "$source_store" "$work/store"
rm -f "$work/store/serve.pid"
"$cxstore" demo --customers 2000 --ndjson "$work/messages.ndjson" >/dev/null 2>&1
start_serve "$port"
until curl -sf "http://127.0.0.1:$port/healthz" | grep -Eq '"projectionLag":0[,}]'; do sleep 1; done
events=$(curl -sf "http://127.0.0.1:$port/healthz" | sed -E 's/.*"logHead":([0-9]+).*/\1/')

customer="" identifiers=""
while IFS='|' read -r id; do
    ids=$(sqlite3 "$work/store/projections.sqlite" \
        "SELECT group_concat(channel_customer_identifier, ' ') FROM customer_identities WHERE customer_id = '$id'")
    clash=""
    for identifier in $ids; do grep -qF "\"$identifier\"" "$work/messages.ndjson" && clash=yes; done
    if [ -z "$clash" ] && [ -n "$ids" ]; then customer=$id identifiers=$ids; break; fi
done < <(sqlite3 "$work/store/projections.sqlite" \
    "SELECT customer_id FROM customers WHERE merged_into IS NULL ORDER BY activity_count DESC LIMIT 50")
activities=$(sqlite3 "$work/store/projections.sqlite" "SELECT activity_count FROM customers WHERE customer_id = '$customer'")
holding() { grep -rlF $(printf -- '-e %s ' $identifiers) "$work/store" 2>/dev/null | wc -l; }
echo "store: $events events; erasing $customer ($activities activities, identifiers $identifiers, in $(holding) files)"

heads="$work/heads.txt"
sample() {
    while true; do
        printf '%s %s\n' "$(date +%s.%N)" "$(curl -sf "http://127.0.0.1:$port/healthz" | sed -E 's/.*"logHead":([0-9]+).*/\1/')" >>"$heads"
        sleep 0.5
    done
}
sample &
sampler=$!
wrk -t2 -c"$connections" -d50s -s "$root/Benchmarks/load/ingest.lua" "http://127.0.0.1:$port" -- "$work/messages.ndjson" "erasure" \
    >"$work/wrk.txt" 2>&1 &
load_pid=$!
sleep 15

t0=$(date +%s.%N)
answer=$(curl -s -w '\n%{http_code} %{time_total}' -X DELETE "http://127.0.0.1:$port/v1/customers/$customer?reason=benchmark")
t200=$(date +%s.%N)
until [ "$(holding)" -eq 0 ]; do
    [ "$(awk "BEGIN { print ($(date +%s.%N) - $t0 > 300) }")" = 1 ] && { echo "still on disk after 300 s"; break; }
    sleep 0.5
done
tgone=$(date +%s.%N)
wait "$load_pid" || true
load_pid=""
kill "$sampler" 2>/dev/null || true

rate() { # events/s between two times, from the sampled heads
    awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to && $2 != "" { if (!n++) { t1=$1; h1=$2 } t2=$1; h2=$2 }
        END { if (t2 > t1) printf "%.0f", (h2 - h1) / (t2 - t1); else print "n/a" }' "$heads"
}
first=$(head -1 "$heads" | cut -d' ' -f1)
last=$(tail -1 "$heads" | cut -d' ' -f1)
echo "answer: $(head -1 <<<"$answer")"
echo "status and curl time: $(tail -1 <<<"$answer")"
printf 'time to 200: %.2f s; time until no file holds the identifiers: %.2f s after the 200\n' \
    "$(awk "BEGIN { print $t200 - $t0 }")" "$(awk "BEGIN { print $tgone - $t200 }")"
printf 'ingest rate (events/s): before %s, from the DELETE until the bytes were gone %s, after %s\n' \
    "$(rate "$first" "$t0")" "$(rate "$t0" "$tgone")" "$(rate "$tgone" "$last")"
grep -E "RESULT|Socket errors|Non-2xx" "$work/wrk.txt" || tail -3 "$work/wrk.txt"
grep "customer erased\|erased records overwritten" "$work/serve.log" | sed 's/^[^ ]* //'
