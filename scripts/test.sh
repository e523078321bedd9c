#!/usr/bin/env bash
# Run the whole suite. In CI (CI=true) PostgreSQL, Redis and the S3 endpoint tests must run:
# their fixtures fail instead of skipping when a service is missing.
#
# By default everything runs in one pytest process. TEST_WORKERS=N (try one more than the
# cores: many tests wait on ffmpeg, a browser or a server) runs two phases instead
# (tests/fixtures/parallel.py): every test not marked exclusive on N pytest-xdist workers,
# then the exclusive ones (they restart PostgreSQL and Redis) alone. The exit status is the
# first failing phase's; 5 (no tests) only when neither ran any.
set -uo pipefail
cd "$(dirname "$0")/.."
# Not the default yet: two full runs in parallel on a quiet machine must pass first.
workers="${TEST_WORKERS:-0}"
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
