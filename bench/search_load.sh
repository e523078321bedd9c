#!/usr/bin/env bash
# Search API latency under concurrent load (issue: p95 <= 50 ms on the 1000-hour corpus).
# Runs the production server (`replay-archive serve`) on the instance bench/load.sh builds and
# drives GET /api/v1/search with wrk, cycling through twelve queries, at several concurrencies.
#
#   bash bench/search_load.sh                          # 30 s per level, 1000-hour corpus
#   DURATION=10s LEVELS="4 16" bash bench/search_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="$ROOT/.venv/bin/python"
DURATION=${DURATION:-30s}
LEVELS=${LEVELS:-"2 4 8 16 32 64"}
HOURS=${HOURS:-1000}
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
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PYTHON" -m archive serve --host 127.0.0.1 --port "$PORT" >"$OUT/search-load-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 150); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.2; done
# Every worker opens the index on its first search: warm them all before measuring.
wrk -t2 -c16 -d5s -s bench/search_queries.lua "$BASE" >/dev/null
printf "%-12s %s\n" "connections" "result ($DURATION each, $HOURS h corpus, $(nproc) cores)"
for level in $LEVELS; do
    threads=$(( level < 4 ? level : 4 ))
    line=$(wrk -t"$threads" -c"$level" -d"$DURATION" --timeout 10s -s bench/search_queries.lua "$BASE" | grep '^RESULT')
    printf "%-12s %s\n" "$level" "${line#RESULT }"
done
