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
OUT="$ROOT/bench/out"
export ARCHIVE_INSTANCE_DIR=${ARCHIVE_INSTANCE_DIR:-$OUT/web-instance}
export ARCHIVE_ENV=production
mkdir -p "$OUT"
source bench/serving.sh
require_wrk bench

if [ ! -f "$ARCHIVE_INSTANCE_DIR/.bench-demo-ready" ]; then
    echo "bench: building the demo instance in $ARCHIVE_INSTANCE_DIR (once)"
    "$PYTHON" -m archive init >/dev/null
    "$PYTHON" -m archive demo --wait >/dev/null
    touch "$ARCHIVE_INSTANCE_DIR/.bench-demo-ready"
fi

start_server "$OUT/web-server.log"
printf "%-11s %12s %10s %8s   (%s, %s connections, %s cores)\n" "page" "requests/s" "p99" "errors" "$DURATION" "$CONNECTIONS" "$(nproc)"
measure_pages wrk usine -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION"
