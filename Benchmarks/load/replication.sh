#!/usr/bin/env bash
# HTTP ingest at 64 connections without replication, with `--replication async` and with
# `--replication sync`, in one run on one machine, against a 3-node NATS JetStream cluster
# (scripts/nats-cluster.sh, on loopback); then `sync` again with a read replica following,
# for the replica's lag under that load. The three NATS nodes (and in the last run the
# replica, with its own projections) share the machine's cores with the primary; on a real
# deployment each has its own machine.
#
# Usage: Benchmarks/load/replication.sh [SECONDS] [CONNECTIONS]   (defaults: 20, 64)
# Needs: a release build (swift build -c release --product cxstore), wrk, nats-server.
# NATS_SERVER and NATS_SYNC choose the server and its sync policy, as for scripts/nats-cluster.sh
# (a 2.10+ server syncs every write before acknowledging it unless NATS_SYNC=default).
# Prints per mode: messages/s, p50/p99 latency, the ratio to the unreplicated rate, and for
# replicated modes the primary's peak replication lag and the replica's peak lag (events
# behind the primary's head, sampled every 0.5 s) and how long after the load it had caught up.
set -euo pipefail
case "${1:-}" in -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds=${1:-20}
connections=${2:-64}
source "$root/Benchmarks/load/serve.sh"
cluster="$work/nats"
urls="nats://127.0.0.1:4222,nats://127.0.0.1:4223,nats://127.0.0.1:4224"
replica_pid=""
stop_all() {
    [ -n "$replica_pid" ] && kill "$replica_pid" 2>/dev/null || true
    "$root/scripts/nats-cluster.sh" stop "$cluster" >/dev/null 2>&1 || true
    cleanup
}
trap stop_all EXIT

"$cxstore" demo --customers 2000 --ndjson "$work/messages.ndjson" >/dev/null 2>&1
"$root/scripts/nats-cluster.sh" start "$cluster" | sed -E 's/.*\(logs and stores in [^;]*; /NATS: /; s/\)$//'
sleep 2

field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/" <<<"$2"; }

printf '%-13s %10s %8s %8s %8s %14s %14s %12s\n' mode "msg/s" "p50 ms" "p99 ms" "ratio" "primary lag" "replica lag" "caught up"
baseline=""
for run in none async sync sync+replica; do
    mode=${run%+replica}
    port=$((18300 + RANDOM % 1000))
    store="$work/store-${run/+/-}"
    arguments=()
    [ "$mode" != none ] && arguments=(--replicate "$urls" --replication "$mode" --stream "BENCH_${run/+/_}")
    "$cxstore" serve --data "$store" --port "$port" "${arguments[@]}" >"$work/serve-${run/+/-}.log" 2>&1 &
    serve_pid=$!
    for _ in $(seq 1 100); do
        health=$(curl -sf "http://127.0.0.1:$port/healthz" || true)
        if [ -n "$health" ] && { [ "$mode" = none ] || grep -q '"state":"streaming"' <<<"$health"; }; then break; fi
        sleep 0.1
    done
    replica_port=$((port + 1000))
    if [ "$run" = sync+replica ]; then
        "$cxstore" replica --data "$work/replica" --port "$replica_port" --from "$urls" --stream "BENCH_${run/+/_}" >"$work/replica.log" 2>&1 &
        replica_pid=$!
        sleep 1
    fi
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$root/Benchmarks/load/ingest.lua" "http://127.0.0.1:$port" -- "$work/messages.ndjson" "$run" >"$work/wrk-$run.txt" 2>&1 &
    load_pid=$!
    primary_peak=0
    replica_peak=0
    while kill -0 "$load_pid" 2>/dev/null; do
        sleep 0.5
        if [ "$mode" != none ]; then
            primary=$(curl -sf "http://127.0.0.1:$port/healthz" || true)
            [ -z "$primary" ] && continue
            lag=$(field lagEvents "$primary")
            [ "$lag" -gt "$primary_peak" ] && primary_peak=$lag
        fi
        if [ "$run" = sync+replica ]; then
            replica=$(curl -sf "http://127.0.0.1:$replica_port/healthz" || true)
            [ -z "$replica" ] && continue
            behind=$(($(field logHead "$primary") - $(field logHead "$replica")))
            [ "$behind" -gt "$replica_peak" ] && replica_peak=$behind
        fi
    done
    load_pid=""
    ended=$(date +%s.%N)
    caught="-"
    if [ "$run" = sync+replica ]; then
        head=$(field logHead "$(curl -sf "http://127.0.0.1:$port/healthz")")
        while [ "$(field logHead "$(curl -sf "http://127.0.0.1:$replica_port/healthz")")" -lt "$head" ]; do sleep 0.05; done
        caught=$(awk "BEGIN { printf \"%.2f s\", $(date +%s.%N) - $ended }")
        kill "$replica_pid"
        wait "$replica_pid" 2>/dev/null || true
        replica_pid=""
    fi
    kill "$serve_pid"
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=""
    result=$(grep '^RESULT' "$work/wrk-$run.txt")
    rate=$(sed -E 's/.*rate=([0-9.]+).*/\1/' <<<"$result")
    p50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$result")
    p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$result")
    errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$result")
    [ -z "$baseline" ] && baseline=$rate
    ratio=$(awk "BEGIN { printf \"%.2f\", $rate / $baseline }")
    [ "$run" = sync+replica ] || replica_peak="-"
    printf '%-13s %10.0f %8s %8s %8s %14s %14s %12s' "$run" "$rate" "$p50" "$p99" "${ratio}x" "$primary_peak" "$replica_peak" "$caught"
    [ "$errors" != 0 ] && printf '  (%s errors)' "$errors"
    printf '\n'
done
