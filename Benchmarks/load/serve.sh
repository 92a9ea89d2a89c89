# Sourced by the load scripts (set `root` first): a work directory, `start_serve PORT` for
# `cxstore serve` on the empty store `$work/store`, and on exit the load (`load_pid`) and the
# server stopped and the work directory deleted.
cxstore="${CXSTORE:-$root/.build/release/cxstore}"
work="$(mktemp -d /tmp/cxstore-load.XXXXXX)"
serve_pid=""
load_pid=""

cleanup() {
    [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Starts the server on 127.0.0.1:PORT and returns once /healthz answers.
start_serve() {
    "$cxstore" serve --data "$work/store" --port "$1" >"$work/serve.log" 2>&1 &
    serve_pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return
        sleep 0.1
    done
    echo "serve did not start: $(cat "$work/serve.log")" >&2
    exit 1
}
