"""``/healthz`` (liveness), ``/readyz`` (readiness) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from archive.ops import bp
from archive.ops.health import run_checks


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process answers: nothing else is checked, so a restart never cascades."""
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Whether this host can serve: database, queue, storage and search index all answer."""
    results = run_checks()
    failing = [r.name for r in results if not r.ok]
    body = {
        "status": "not ready" if failing else "ready",
        "failing": failing,
        "checks": {r.name: r.as_json() for r in results},
    }
    response = jsonify(body)
    response.status_code = 503 if failing else 200
    return _no_store(response)


@bp.get("/metrics")
def metrics() -> ResponseReturnValue:
    """Prometheus text exposition of the archive's metrics."""
    from archive.ops.metrics import exposition

    body, content_type = exposition()
    return _no_store(Response(body, content_type=content_type))
