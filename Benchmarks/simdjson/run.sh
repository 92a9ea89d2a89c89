#!/usr/bin/env bash
# Builds and runs parse.cpp against Debian's simdjson: Benchmarks/simdjson/run.sh FILE.ndjson
# Needs: apt-get install -y libsimdjson-dev g++
set -euo pipefail
if [[ $# -ne 1 || "$1" == "-h" || "$1" == "--help" ]]; then
    echo "usage: Benchmarks/simdjson/run.sh FILE.ndjson   (how fast simdjson parses each line; needs libsimdjson-dev, g++)"
    exit $([[ $# -eq 1 ]] && echo 0 || echo 2)
fi
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(mktemp /tmp/simdjson-parse.XXXXXX)"
trap 'rm -f "$binary"' EXIT
g++ -O3 -std=c++17 -o "$binary" "$here/parse.cpp" -lsimdjson
"$binary" "$1"
