#!/usr/bin/env bash
# Search API latency under concurrent load (issue: p95 <= 50 ms on the 1000-hour corpus).
# Runs the production server (`replay-archive serve`) on the instance bench/load.sh builds and
# drives GET /api/v1/search with wrk through 400 generated searches (bench/search_load_queries.py),
# at several concurrencies, twice: as configured (each process keeps recent results for the
# current index version) and with that cache off (every search computed).
#
#   bash bench/search_load.sh                          # 30 s per level, 1000-hour corpus
#   DURATION=10s LEVELS="4 16" MODES=uncached bash bench/search_load.sh
#   WORKERS=5 THREADS=4 bash bench/search_load.sh      # gunicorn processes and threads
#   WARMUP=20s                                         # searches before measuring, per mode
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="$ROOT/.venv/bin/python"
DURATION=${DURATION:-30s}
LEVELS=${LEVELS:-"2 4 8 16 32 64"}
MODES=${MODES:-"cached uncached"}
HOURS=${HOURS:-1000}
THREADS=${THREADS:-4}
WARMUP=${WARMUP:-20s}
OUT="$ROOT/bench/out"
export ARCHIVE_INSTANCE_DIR=${ARCHIVE_INSTANCE_DIR:-$OUT/load-${HOURS}h}
export ARCHIVE_ENV=production
mkdir -p "$OUT"
source bench/serving.sh
require_wrk search_load
load_corpus_once search_load
export SEARCH_QUERIES="$OUT/search-load-queries.txt"
"$PYTHON" bench/search_load_queries.py "$SEARCH_QUERIES"
for mode in $MODES; do
    case $mode in
        cached) cache=${ARCHIVE_SEARCH_CACHE_SIZE:-512} ;;
        uncached) cache=0 ;;
        *) echo "search_load: MODES takes cached and/or uncached, not $mode" >&2; exit 2 ;;
    esac
    ARCHIVE_SEARCH_CACHE_SIZE=$cache start_server "$OUT/search-load-$mode.log" \
        --threads "$THREADS" ${WORKERS:+--workers "$WORKERS"}
    # Let every worker take its first searches before measuring (and fill its result cache).
    wrk -t2 -c8 -d"$WARMUP" -s bench/search_queries.lua "$BASE" >/dev/null
    printf "%-9s %-12s %s\n" "mode" "connections" "result ($DURATION each, $HOURS h corpus, $(nproc) cores, $THREADS threads per process)"
    for level in $LEVELS; do
        threads=$(( level < 4 ? level : 4 ))
        line=$(wrk -t"$threads" -c"$level" -d"$DURATION" --timeout 10s -s bench/search_queries.lua "$BASE" | grep '^RESULT')
        printf "%-9s %-12s %s\n" "$mode" "$level" "${line#RESULT }"
    done
    stop_server
done
