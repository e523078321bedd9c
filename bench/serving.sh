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

# wrk_page LABEL REPORT URL [wrk options]: one wrk run through bench/web.lua, its whole report in
# REPORT; prints LABEL, requests/s, p99, the slowest request, requests over 1 s, errors and the
# machine's load average at the start.
wrk_page() {
    local label=$1 report=$2 url=$3 load result
    shift 3
    load=$(cut -d' ' -f1 /proc/loadavg)
    wrk "$@" --latency -s "$ROOT/bench/web.lua" "$url" >"$report"
    result=$(grep '^RESULT' "$report") || { echo "bench: wrk failed on $url:" >&2; cat "$report" >&2; exit 1; }
    # RESULT rps=... p50_ms=... p99_ms=... max_ms=... over_1s=... timeouts=... errors=...
    awk -v label="$label" -v loadavg="$load" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
        printf "%-17s %10s %9s ms %9s ms %6s %7s %6s\n", label, r["rps"], r["p99_ms"], r["max_ms"], r["over_1s"], r["errors"], loadavg
    }' <<<"$result"
}

# print_page_header TEXT: the column titles of wrk_page's lines, then TEXT.
print_page_header() {
    printf "%-17s %10s %12s %12s %6s %7s %6s   (%s)\n" "page" "requests/s" "p99" "slowest" ">1s" "errors" "load" "$1"
}

# first_replay_page: the path of the first listed replay's page on BASE.
first_replay_page() {
    curl -fs "$BASE/api/v1/replays?limit=1" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["urls"]["page"])'
}

# measure_pages PREFIX SEARCH [wrk options]: wrk on the home page, the first replay's page and
# the search API for SEARCH, each after one request that warms the caches; one wrk_page line
# each, wrk's reports in $OUT/PREFIX-<page>.txt.
measure_pages() {
    local prefix=$1 search=$2 name replay
    shift 2
    replay=$(first_replay_page)
    declare -A targets=([home]="$BASE/" [replay]="$BASE$replay" [search-api]="$BASE/api/v1/search?q=$search")
    for name in home replay search-api; do
        curl -fs -o /dev/null "${targets[$name]}"
        wrk_page "$name" "$OUT/$prefix-$name.txt" "${targets[$name]}" "$@"
    done
}
