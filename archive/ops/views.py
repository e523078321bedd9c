"""``/healthz`` (liveness), ``/readyz`` (readiness) and ``/metrics`` (Prometheus).

``/healthz`` answers anyone. ``/readyz`` and ``/metrics`` tell how the fleet is built and
loaded, so they answer requests from the host itself (a loopback client address, read through
``ARCHIVE_PROXY_COUNT`` proxies) or carrying ``Authorization: Bearer <ARCHIVE_METRICS_TOKEN>``,
and are 404 to anyone else, whatever the proxy in front lets through.
"""

from __future__ import annotations

import hmac
import ipaddress

from flask import Response, abort, jsonify, request
from flask.typing import ResponseReturnValue

from archive import services
from archive.ops import bp
from archive.ops.health import run_checks


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _operators_only() -> None:
    """404 unless the request comes from loopback or carries the metrics token."""
    token = services.settings().metrics_token
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return
    if not _is_loopback(request.remote_addr):
        abort(404)


def _is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 from a dual-stack socket
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process answers: nothing else is checked, so a restart never cascades."""
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Whether this host can serve: database, queue, storage and search index all answer."""
    _operators_only()
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
    _operators_only()
    from archive.ops.metrics import exposition

    body, content_type = exposition()
    return _no_store(Response(body, content_type=content_type))
