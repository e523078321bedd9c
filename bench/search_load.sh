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
command -v wrk >/dev/null || { echo "search_load: wrk is not installed (make setup installs it)" >&2; exit 1; }
if [ ! -f "$ARCHIVE_INSTANCE_DIR/.load-ready" ]; then
    echo "search_load: loading the ${HOURS}-hour corpus into $ARCHIVE_INSTANCE_DIR (once)"
    "$PYTHON" bench/load_catalogue.py --hours "$HOURS"
    touch "$ARCHIVE_INSTANCE_DIR/.load-ready"
fi
export SEARCH_QUERIES="$OUT/search-load-queries.txt"
"$PYTHON" bench/search_load_queries.py "$SEARCH_QUERIES"
SERVER=
stop_server() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    SERVER=
}
trap stop_server EXIT
for mode in $MODES; do
    case $mode in
        cached) cache=${ARCHIVE_SEARCH_CACHE_SIZE:-512} ;;
        uncached) cache=0 ;;
        *) echo "search_load: MODES takes cached and/or uncached, not $mode" >&2; exit 2 ;;
    esac
    PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ARCHIVE_SEARCH_CACHE_SIZE=$cache "$PYTHON" -m archive serve --host 127.0.0.1 --port "$PORT" \
        --threads "$THREADS" ${WORKERS:+--workers "$WORKERS"} >"$OUT/search-load-$mode.log" 2>&1 &
    SERVER=$!
    BASE="http://127.0.0.1:$PORT"
    for _ in $(seq 1 150); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.2; done
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
