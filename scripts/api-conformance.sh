#!/usr/bin/env bash
# The OpenAPI document against the tools its users run: openapi-spec-validator on the file, then
# schemathesis (every check) against a real `cxstore serve` holding the demo history, with
# credentials configured. Usage: scripts/api-conformance.sh [BINARY]   (default .build/debug/cxstore)
# Deliberate deviations are listed, with their reasons, in scripts/schemathesis/schemathesis.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/cxstore}
spec=Sources/QueryAPI/OpenAPI/openapi.json
venv=${CX_TOOLS_VENV:-.build-tools-venv}

if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q schemathesis==4.32.5 openapi-spec-validator==0.9.0
fi
"$venv/bin/openapi-spec-validator" "$spec"

data=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT
"$binary" demo --data "$data" --customers 20 >/dev/null
"$binary" import --data "$data" examples/messages.ndjson 2>/dev/null
token=$("$binary" credentials add --data "$data" --account conformance --scopes ingest,read,sql,admin | sed -n 's/^token: *//p')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" serve --data "$data" --port "$port" --log-level warning 2>"$data/serve.log" &
server=$!
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$data/serve.log"; exit 1; }

get() { curl -sf -u "conformance:$token" "http://127.0.0.1:$port$1"; }
field() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
export CX_BASE_URL="http://127.0.0.1:$port"
export CX_CUSTOMER_ID=crm-10007
# The erasure route forgets a customer of its own, so that the history routes keep their data.
export CX_ERASED_CUSTOMER_ID=$("$binary" sql --data "$data" --format csv \
  "SELECT customer_id FROM customers WHERE merged_into IS NULL AND customer_id <> '$CX_CUSTOMER_ID' ORDER BY customer_id LIMIT 1" | tail -1)
[ -n "$CX_ERASED_CUSTOMER_ID" ] || { echo "no second customer in the demo history"; exit 1; }
export CX_CONVERSATION_ID=$(get "/v1/customers/$CX_CUSTOMER_ID/conversations?limit=1" | field "['conversations'][0]['conversationId']")
export CX_MESSAGE_ID=$(get "/v1/customers/$CX_CUSTOMER_ID/activities?limit=1" | field "['activities'][0]['messageId']")
export CX_CALL_ID=$(get "/v1/calls/9001" | field "['callId']")
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH=scripts/schemathesis

timeout 600 "$venv/bin/schemathesis" --config-file scripts/schemathesis/schemathesis.toml run "$spec" \
  --auth "conformance:$token" --max-time "${CX_CONFORMANCE_SECONDS:-150}" --no-color
