#!/usr/bin/env bash
# The SIGKILL campaign: N cycles (default 20) of HTTP load against a real `cxstore serve`,
# each ended by kill -9; then every acknowledged id is checked at its acknowledged position,
# duplicates, `verify`, and the projections against a rebuild. The test suite runs 4 cycles.
#   scripts/crash-campaign.sh [cycles]
set -euo pipefail
cd "$(dirname "$0")/.."
cycles="${1:-20}"
swift build --build-tests
CX_CRASH_CYCLES="$cycles" swift test --skip-build --filter 'CrashDurabilityTests/everyAcknowledgedIDSurvivesSIGKILLMidLoad' 2>&1 |
    grep -E 'crash campaign:|✔|✘|error' 
