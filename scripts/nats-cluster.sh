#!/usr/bin/env bash
# Starts a 3-node NATS JetStream cluster on this machine, on loopback, for trying
# replication (README, docs/replication.md). Each node keeps its JetStream store under DIR.
#
#   scripts/nats-cluster.sh start [DIR]   start nodes n1..n3 (clients: 4222, 4223, 4224)
#   scripts/nats-cluster.sh stop  [DIR]   stop them
#   scripts/nats-cluster.sh kill  N [DIR] SIGKILL node N (1..3), to try a failure
#
# The client URL list for cxstore: nats://127.0.0.1:4222,nats://127.0.0.1:4223,nats://127.0.0.1:4224
#
# NATS_SERVER names the server binary (default: nats-server on the PATH). A server that can
# flush every write before acknowledging it (nats-server 2.10 and later) runs with
# `jetstream { sync_interval: always }`, unless NATS_SYNC=default asks for the server's own
# interval; Debian's 2.9 has no such setting (docs/replication.md: what each mode survives).
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

command=${1:-}
case "$command" in
    -h | --help | "") usage; exit 0 ;;
esac

if [ "$command" = kill ]; then
    node=${2:?node number 1..3}
    dir=${3:-./nats-cluster}
else
    dir=${2:-./nats-cluster}
fi

server=${NATS_SERVER:-nats-server}
command -v "$server" >/dev/null || { echo "nats-server is not installed (apt-get install -y nats-server)" >&2; exit 1; }

# Whether $server takes `sync_interval: always` (2.10 and later) and it is wanted.
syncs_every_write() {
    [ "${NATS_SYNC:-always}" = always ] || return 1
    local version
    version=$("$server" --version | sed -E 's/.*v([0-9]+)\.([0-9]+).*/\1 \2/')
    read -r major minor <<<"$version"
    [ "$major" -gt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -ge 10 ]; }
}

routes="nats-route://127.0.0.1:6222,nats-route://127.0.0.1:6223,nats-route://127.0.0.1:6224"

case "$command" in
    start)
        mkdir -p "$dir"
        if syncs_every_write; then
            sync="every write synced before it is acknowledged (sync_interval: always)"
        else
            sync="stream files synced every 2 minutes (the server's own interval)"
        fi
        for n in 1 2 3; do
            if [ -f "$dir/n$n.pid" ] && kill -0 "$(cat "$dir/n$n.pid")" 2>/dev/null; then
                echo "node n$n runs already (pid $(cat "$dir/n$n.pid"))"
                continue
            fi
            if (exec 3<>"/dev/tcp/127.0.0.1/$((4221 + n))") 2>/dev/null; then
                echo "port $((4221 + n)) is taken by another process: stop it first" >&2
                exit 1
            fi
            configuration=()
            if syncs_every_write; then
                echo "jetstream { sync_interval: always }" >"$dir/n$n.conf"
                configuration=(--config "$dir/n$n.conf")
            fi
            "$server" "${configuration[@]}" --server_name "n$n" --addr 127.0.0.1 --port $((4221 + n)) \
                --cluster_name cxstore --cluster "nats://127.0.0.1:$((6221 + n))" --routes "$routes" \
                --jetstream --store_dir "$dir/n$n" --pid "$dir/n$n.pid" >"$dir/n$n.log" 2>&1 &
        done
        for n in 1 2 3; do
            for _ in $(seq 1 50); do
                if (exec 3<>"/dev/tcp/127.0.0.1/$((4221 + n))") 2>/dev/null; then break; fi
                sleep 0.1
            done
        done
        echo "cluster up: nats://127.0.0.1:4222,nats://127.0.0.1:4223,nats://127.0.0.1:4224 (logs and stores in $dir; $("$server" --version), $sync)"
        ;;
    stop)
        for n in 1 2 3; do
            if [ -f "$dir/n$n.pid" ]; then kill "$(cat "$dir/n$n.pid")" 2>/dev/null || true; rm -f "$dir/n$n.pid"; fi
        done
        echo "cluster stopped"
        ;;
    kill)
        kill -9 "$(cat "$dir/n$node.pid")"
        rm -f "$dir/n$node.pid"
        echo "node n$node killed"
        ;;
    *)
        usage >&2
        exit 2
        ;;
esac
