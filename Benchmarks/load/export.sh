#!/usr/bin/env bash
# Whether a customer's export streams in flat memory.
#
#   Benchmarks/load/export.sh [ACTIVITIES...]
#
# For each ACTIVITIES (10000 100000 by default): imports that many messages of one customer
# (plus as many of another) into a new store, starts serve, and exports the customer with
# `GET /v1/customers/{id}/export` while sampling the server's RSS every 50 ms; prints the
# RSS before, its peak during the export, the lines and bytes received and the time taken.
# Then `cxstore export` of the same customer, with its peak RSS (GNU time).
#
# Needs curl, python3 and the release build (`swift build -c release --product cxstore`), or
# $CXSTORE. Prints `RESULT` lines.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/Benchmarks/load/serve.sh"
port=18098
base="http://127.0.0.1:$port"

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
for size in "${sizes[@]}"; do
    {
        rm -rf "$work/store"
        python3 - "$size" >"$work/messages.ndjson" <<'PY'
import json, sys
count = int(sys.argv[1])
for index in range(count):
    for customer, phone in (("mine", "+41795550001"), ("other", "+41795550002")):
        print(json.dumps({"id": f"{customer}-{index}", "header": {"sender": {"id": "web", "type": "CONNECTOR"},
            "channelData": {"channelCustomerIdentifier": phone, "serviceIdentifier": "1122"},
            "conversationId": f"{customer}-conversation-{index // 20}", "timestamp": 1700000000000 + index * 1000},
            "body": {"type": "PLAIN", "markdownText": f"message {index} of a long history " + "x" * 200}}))
PY
        "$cxstore" import --data "$work/store" "$work/messages.ndjson" >/dev/null 2>&1
        start_serve "$port"
        until curl -sf "$base/healthz" | grep -q '"projectionLag":0'; do sleep 0.2; done
        customer=$(curl -sf "$base/v1/customers?channelCustomerIdentifier=%2B41795550001" | python3 -c 'import json,sys; print(json.load(sys.stdin)["customers"][0]["customerId"])')
        before=$(awk '/^VmRSS/ { print $2 }' "/proc/$serve_pid/status")
        peak=$before
        start=$(date +%s.%N)
        curl -sf "$base/v1/customers/$customer/export" -o "$work/export.ndjson" &
        curl_pid=$!
        while kill -0 "$curl_pid" 2>/dev/null; do
            rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$serve_pid/status")
            [ "$rss" -gt "$peak" ] && peak=$rss
            sleep 0.05
        done
        wait "$curl_pid"
        end=$(date +%s.%N)
        lines=$(wc -l <"$work/export.ndjson")
        bytes=$(stat -c %s "$work/export.ndjson")
        echo "RESULT http activities=$size lines=$lines bytes=$bytes seconds=$(echo "$end - $start" | bc) rss_before_kb=$before rss_peak_kb=$peak"
        kill "$serve_pid"
        wait "$serve_pid" 2>/dev/null || true
        serve_pid=""
        /usr/bin/time -f "%M" -o "$work/time.txt" "$cxstore" export --data "$work/store" --customer "$customer" --output "$work/cli.ndjson" 2>/dev/null
        echo "RESULT cli activities=$size lines=$(wc -l <"$work/cli.ndjson") peak_rss_kb=$(cat "$work/time.txt")"
    }
done
