#!/usr/bin/env bash
# Load test: wrk, 60 s at 64 connections, on the home page, a replay page and the search API,
# against the production server (`replay-archive serve`, gunicorn) with the 1000-hour search
# corpus in the catalogue and the index. Prints requests/s, p99 latency, the slowest request,
# requests over 1 s and errors for each.
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
export ARCHIVE_INSTANCE_DIR=${ARCHIVE_INSTANCE_DIR:-$OUT/load-${HOURS}h}
export ARCHIVE_ENV=production
mkdir -p "$OUT"
source bench/serving.sh
require_wrk load
load_corpus_once load

start_server "$OUT/load-server.log"
print_page_header "$DURATION, $CONNECTIONS connections, $HOURS h corpus, $(nproc) cores"
measure_pages load r%C3%A9industrialisation -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s
