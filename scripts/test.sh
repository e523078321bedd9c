#!/usr/bin/env bash
# Run the whole suite. In CI (CI=true) PostgreSQL, Redis and the S3 endpoint tests must run:
# their fixtures fail instead of skipping when a service is missing.
#
# Two phases (tests/fixtures/parallel.py): every test not marked exclusive on TEST_WORKERS
# pytest-xdist workers (default 4: twice the cores of the machine this was tuned on, as many
# tests wait on ffmpeg, a browser or a server), then the exclusive ones (they restart
# PostgreSQL and Redis) alone. TEST_WORKERS=0 runs everything in one pytest process. The exit
# status is the first failing phase's; 5 (no tests) only when neither ran any.
set -uo pipefail
cd "$(dirname "$0")/.."
workers="${TEST_WORKERS:-4}"
if [ "$workers" -eq 0 ]; then
    exec .venv/bin/pytest "$@"
fi

.venv/bin/pytest -n "$workers" --dist loadgroup --phase parallel "$@"
parallel=$?
# 2: interrupted (Ctrl-C) or a usage error; 3, 4: pytest itself failed. Nothing more to run.
case $parallel in 2 | 3 | 4) exit $parallel ;; esac
.venv/bin/pytest --phase exclusive "$@"
exclusive=$?

for status in $parallel $exclusive; do
    case $status in 0 | 5) ;; *) exit "$status" ;; esac
done
[ "$parallel" -eq 5 ] && [ "$exclusive" -eq 5 ] && exit 5
exit 0
