#!/usr/bin/env bash
# Load test: wrk, 60 s at 64 connections, on the home page, a replay page and the search API,
# against the production server (`replay-archive serve`, gunicorn) with the 1000-hour search
# corpus in the catalogue and the index. Prints requests/s, p99 latency and errors for each.
#
#   bash bench/load.sh                         # the issue's bar: 60 s, 64 connections, 1000 h
#   DURATION=10s HOURS=50 bash bench/load.sh   # a quick look
#
# The instance is loaded once into bench/out/load-<hours>h (a few minutes for 1000 h) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="$ROOT/.venv/bin/python"
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-4}
HOURS=${HOURS:-1000}
OUT="$ROOT/bench/out"
PORT=${PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export ARCHIVE_INSTANCE_DIR=${ARCHIVE_INSTANCE_DIR:-$OUT/load-${HOURS}h}
export ARCHIVE_ENV=production
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "load: wrk is not installed (make setup installs it)" >&2; exit 1; }

if [ ! -f "$ARCHIVE_INSTANCE_DIR/.load-ready" ]; then
    echo "load: loading the ${HOURS}-hour corpus into $ARCHIVE_INSTANCE_DIR (once)"
    "$PYTHON" bench/load_catalogue.py --hours "$HOURS"
    touch "$ARCHIVE_INSTANCE_DIR/.load-ready"
fi

"$PYTHON" -m archive serve --host 127.0.0.1 --port "$PORT" >"$OUT/load-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 150); do
    curl -fs -o /dev/null "$BASE/healthz" && break
    sleep 0.2
done
curl -fs -o /dev/null "$BASE/readyz" || { echo "load: the server is not ready:" >&2; tail -20 "$OUT/load-server.log" >&2; exit 1; }

REPLAY=$(curl -fs "$BASE/api/v1/replays?limit=1" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["urls"]["page"])')
declare -A TARGETS=(
    [home]="$BASE/"
    [replay]="$BASE$REPLAY"
    [search-api]="$BASE/api/v1/search?q=r%C3%A9industrialisation"
)

printf "%-11s %12s %10s %8s   (%s, %s connections, %s h corpus, %s cores)\n" \
    "endpoint" "requests/s" "p99" "errors" "$DURATION" "$CONNECTIONS" "$HOURS" "$(nproc)"
for name in home replay search-api; do
    url=${TARGETS[$name]}
    curl -fs -o /dev/null "$url"  # warm the caches before measuring
    report=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$url")
    echo "$report" >"$OUT/load-$name.txt"
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
    socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$report")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$report")
    printf "%-11s %12s %10s %8s\n" "$name" "$rps" "$p99" "$(( ${socket:-0} + ${non2xx:-0} ))"
done
