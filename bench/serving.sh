# Shared by the web benchmarks (web.sh, load.sh, search_load.sh): source it after setting
# PYTHON (the project's Python) and OUT (bench/out). It stops the server it started on exit.

require_wrk() {
    command -v wrk >/dev/null || { echo "$1: wrk is not installed (make setup installs it)" >&2; exit 1; }
}

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# load_corpus_once NAME: the HOURS-hour search corpus in ARCHIVE_INSTANCE_DIR, loaded the first time.
load_corpus_once() {
    [ -f "$ARCHIVE_INSTANCE_DIR/.load-ready" ] && return
    echo "$1: loading the ${HOURS}-hour corpus into $ARCHIVE_INSTANCE_DIR (once)"
    "$PYTHON" bench/load_catalogue.py --hours "$HOURS"
    touch "$ARCHIVE_INSTANCE_DIR/.load-ready"
}

SERVER=
# start_server LOG [serve options]: `replay-archive serve` on PORT (or a free port) until it is
# ready; sets BASE.
start_server() {
    local log=$1 port=${PORT:-$(free_port)}
    shift
    "$PYTHON" -m archive serve --host 127.0.0.1 --port "$port" "$@" >"$log" 2>&1 &
    SERVER=$!
    BASE="http://127.0.0.1:$port"
    for _ in $(seq 1 150); do
        curl -fs -o /dev/null "$BASE/healthz" && break
        sleep 0.2
    done
    curl -fs -o /dev/null "$BASE/readyz" || { echo "bench: the server is not ready:" >&2; tail -20 "$log" >&2; exit 1; }
}

stop_server() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    SERVER=
}
trap stop_server EXIT

# measure_pages PREFIX SEARCH [wrk options]: wrk on the home page, the first replay's page and
# the search API for SEARCH; one line each (requests/s, p99, errors), wrk's reports in
# $OUT/PREFIX-<page>.txt.
measure_pages() {
    local prefix=$1 search=$2 name url report rps p99 socket non2xx replay
    shift 2
    replay=$(curl -fs "$BASE/api/v1/replays?limit=1" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["urls"]["page"])')
    declare -A targets=([home]="$BASE/" [replay]="$BASE$replay" [search-api]="$BASE/api/v1/search?q=$search")
    for name in home replay search-api; do
        url=${targets[$name]}
        curl -fs -o /dev/null "$url"  # warm the caches before measuring
        report=$(wrk "$@" --latency "$url")
        echo "$report" >"$OUT/$prefix-$name.txt"
        rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$report")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
        socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$report")
        non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$report")
        printf "%-11s %12s %10s %8s\n" "$name" "$rps" "$p99" "$(( ${socket:-0} + ${non2xx:-0} ))"
    done
}
