#!/usr/bin/env bash
# Fuzzes the CIM decoder with libFuzzer for SECONDS (default 60), its corpus seeded from
# the test fixtures and the reference examples. A finding (crash, hang, broken property)
# is copied to Tests/CIMTests/Fixtures/fuzz-findings/ and fails the run: make it a case of
# a test in Tests/CIMTests, then fix the decoder. CI runs 60 seconds.
#   scripts/fuzz.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
root="$PWD"
(cd Fuzz && swift build -c release --product CIMFuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 |
    grep -E 'error|Build of product' || true)
fuzzer="$root/Fuzz/.build/release/CIMFuzz"
[ -x "$fuzzer" ] || { echo "the fuzzer did not build" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/findings"
cp Tests/CIMTests/Fixtures/*.json Tests/QueryAPITests/Fixtures/webhooks/*.json "$work/corpus/"
n=0
while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" >"$work/corpus/example-$n.json"
done <examples/messages.ndjson

status=0
(cd "$work" && "$fuzzer" -max_total_time="$seconds" -max_len=16384 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$work/findings/" corpus >"$work/fuzz.log" 2>&1) || status=$?
grep -E '^Done [0-9]+ runs|ERROR|SUMMARY' "$work/fuzz.log" || tail -5 "$work/fuzz.log"
if [ "$status" -ne 0 ] || [ -n "$(ls -A "$work/findings")" ]; then
    mkdir -p Tests/CIMTests/Fixtures/fuzz-findings
    cp "$work/findings/"* Tests/CIMTests/Fixtures/fuzz-findings/ 2>/dev/null || true
    echo "fuzzing found a problem; the input is in Tests/CIMTests/Fixtures/fuzz-findings/" >&2
    tail -40 "$work/fuzz.log" >&2
    exit 1
fi
