#!/usr/bin/env bash
# What SQLite alone takes to write a store's finished read models, with none of the store's
# own work: no log read, no JSON, no projection logic, no identity resolution. Copies every
# table of STORE's current read-model file into a new file with the rebuild's settings
# (16 KB pages, no journal, no syncs, the timeline's secondary indexes built after the rows)
# and prints the time of each step. The rows are those a rebuild writes, in the same order, so
# the total is a floor under `cxstore rebuild` of the same store on one writer.
#
#   Benchmarks/load/sqlite-floor.sh STORE
#
# STORE: a store directory whose read models are built (`cxstore demo --data STORE`, then
# `cxstore rebuild --data STORE`). Needs sqlite3 and python3.
set -euo pipefail

store="${1:?usage: sqlite-floor.sh STORE}"
source="$(realpath "$store/projections.sqlite")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

deferred='activities_by_conversation|activities_by_channel_session|ivr_journeys_by_identity'
sqlite3 "$source" .schema | grep -Ev "sqlite_stat|^CREATE VIEW|$deferred" | python3 -c '
import re, sys
schema = sys.stdin.read()
# The shadow tables of each FTS5 table come with its CREATE VIRTUAL TABLE.
print(re.sub(r"CREATE TABLE IF NOT EXISTS .[a-z_]+_search_[a-z]+.\([^;]*\)( WITHOUT ROWID)?;\n", "", schema))
' >"$work/schema.sql"

tables="customers customer_identities conversations channel_sessions activities ivr_journeys ivr_menu_visits calls call_activities delivery_statuses erasures"
{
    echo "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
    echo ".read $work/schema.sql"
    echo "ATTACH '$source' AS source;"
    echo ".timer on"
    echo "BEGIN;"
    for table in $tables; do
        echo ".print $table"
        echo "INSERT INTO $table SELECT * FROM source.$table ORDER BY rowid;"
    done
    echo ".print activity_search"
    echo "INSERT INTO activity_search (rowid, words, people, numbers, facets) SELECT rowid, words, people, numbers, facets FROM source.activity_search ORDER BY rowid;"
    echo ".print customer_search"
    echo "INSERT INTO customer_search (rowid, customer_id, people, numbers) SELECT rowid, customer_id, people, numbers FROM source.customer_search ORDER BY rowid;"
    echo ".print commit"
    echo "COMMIT;"
    echo ".print deferred indexes"
    echo "CREATE INDEX activities_by_conversation ON activities (conversation_id, occurred_at, position);"
    echo "CREATE INDEX activities_by_channel_session ON activities (channel_session_id, occurred_at, position);"
    echo "CREATE INDEX ivr_journeys_by_identity ON ivr_journeys (channel_customer_identifier, started_at);"
} >"$work/floor.sql"

events=$(sqlite3 "$source" "SELECT MAX(position) FROM projection_state")
started=$(date +%s.%N)
sqlite3 "$work/floor.sqlite" <"$work/floor.sql" | awk '
    /^Run Time:/ { if (step != "") seconds[step] += $4; next }
    /^off$/ { next }
    { step = $0; order[++steps] = step }
    END { for (i = 1; i <= steps; i++) printf "%-22s %6.3f s\n", order[i], seconds[order[i]] }'
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
printf 'total: %s events in %.2f s = %.0f events/s\n' "$events" "$elapsed" "$(echo "$events / $elapsed" | bc -l)"
