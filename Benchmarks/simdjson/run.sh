#!/usr/bin/env bash
# Builds and runs parse.cpp against Debian's simdjson: Benchmarks/simdjson/run.sh FILE.ndjson
# Needs: apt-get install -y libsimdjson-dev g++
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(mktemp /tmp/simdjson-parse.XXXXXX)"
trap 'rm -f "$binary"' EXIT
g++ -O3 -std=c++17 -o "$binary" "$here/parse.cpp" -lsimdjson
"$binary" "$1"
