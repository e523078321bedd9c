#!/usr/bin/env bash
# Run the whole suite. In CI (CI=true) PostgreSQL, Redis and the S3 endpoint tests must run:
# their fixtures fail instead of skipping when a service is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/pytest "$@"
