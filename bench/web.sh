#!/usr/bin/env bash
# Web pages under load: the archive served the production way (gunicorn through `replay-archive
# serve`) on a demo instance, measured with wrk on the home page, a replay page and the search
# API. Each page gets a server of its own and two runs: "cold", as soon as the server answers
# (no request before it), then "warm", on the same server. Prints requests per second, the
# 99th percentile, the slowest request, the requests over 1 s and errors for each run.
#
#   bash bench/web.sh                          # 60 s at 64 connections per run (issue 15's bar)
#   DURATION=5s CONNECTIONS=32 bash bench/web.sh
#   PAGES="home replay" bash bench/web.sh      # some of: home replay search-api
#
# wrk's --timeout is 10 s, so a slow request is measured rather than dropped. The demo instance
# is built once in bench/out/web-instance (about two minutes) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PAGES=${PAGES:-"home replay search-api"}
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

# The replay page's path, asked of a server that is not measured afterwards.
start_server "$OUT/web-server.log"
REPLAY=$(first_replay_page)
stop_server

declare -A PATHS=([home]="/" [replay]="$REPLAY" [search-api]="/api/v1/search?q=usine")
print_page_header "$DURATION, $CONNECTIONS connections, $(nproc) cores, load at start"
for page in $PAGES; do
    [ -n "${PATHS[$page]:-}" ] || { echo "bench: PAGES takes home, replay and search-api, not $page" >&2; exit 2; }
    start_server "$OUT/web-server-$page.log"
    for phase in cold warm; do
        wrk_page "$page $phase" "$OUT/wrk-$page-$phase.txt" "$BASE${PATHS[$page]}" \
            -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s
    done
    stop_server
done
