#!/usr/bin/env bash
# Web throughput: the archive served the production way (gunicorn through `replay-archive
# serve`) on a demo instance, measured with wrk on the home page, a replay page and the search
# API. Prints requests per second, 99th-percentile latency and errors for each.
#
#   bash bench/web.sh            # 30 s at 32 connections per URL (the issue's bar)
#   DURATION=5s bash bench/web.sh
#
# The demo instance is built once in bench/out/web-instance (about two minutes) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="$ROOT/.venv/bin/python"
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
OUT="$ROOT/bench/out"
export ARCHIVE_INSTANCE_DIR=${ARCHIVE_INSTANCE_DIR:-$OUT/web-instance}
export ARCHIVE_ENV=production
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "bench: wrk is not installed (make setup installs it)" >&2; exit 1; }

# `python -m archive` is the `replay-archive` command, run from the source tree.
archive() { "$PYTHON" -m archive "$@"; }

if [ ! -f "$ARCHIVE_INSTANCE_DIR/.bench-demo-ready" ]; then
    echo "bench: building the demo instance in $ARCHIVE_INSTANCE_DIR (once)"
    archive init >/dev/null
    archive demo --wait >/dev/null
    touch "$ARCHIVE_INSTANCE_DIR/.bench-demo-ready"
fi

archive serve --host 127.0.0.1 --port "$PORT" >"$OUT/web-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$BASE/" && break
    sleep 0.2
done
curl -fs -o /dev/null "$BASE/" || { echo "bench: the server did not start:" >&2; cat "$OUT/web-server.log" >&2; exit 1; }

REPLAY=$(curl -fs "$BASE/api/v1/replays?limit=1" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["urls"]["page"])')
declare -A TARGETS=(
    [home]="$BASE/"
    [replay]="$BASE$REPLAY"
    [search-api]="$BASE/api/v1/search?q=usine"
)

printf "%-11s %12s %10s %8s   (%s, %s connections, %s cores)\n" "page" "requests/s" "p99" "errors" "$DURATION" "$CONNECTIONS" "$(nproc)"
for name in home replay search-api; do
    url=${TARGETS[$name]}
    curl -fs -o /dev/null "$url"  # warm the caches before measuring
    report=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
    echo "$report" >"$OUT/wrk-$name.txt"
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
    socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$report")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$report")
    printf "%-11s %12s %10s %8s\n" "$name" "$rps" "$p99" "$(( ${socket:-0} + ${non2xx:-0} ))"
done
