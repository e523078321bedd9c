"""Operations: liveness and readiness probes, Prometheus metrics, structured logs, the fleet."""

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    """Register ``/healthz``, ``/readyz``, ``/metrics`` and the search timing hooks."""
    from archive.ops import search_timing, views  # noqa: F401

    app.register_blueprint(bp)
