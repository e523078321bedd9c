"""Liveness and readiness: what a load balancer or an orchestrator asks each web host."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from flask import Flask

from archive import create_app
from config import Settings
from tests.ops.conftest import free_port


def test_liveness_answers_without_looking_at_anything(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_when_database_queue_storage_and_index_answer(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready" and body["failing"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "queue": "ok",
        "storage": "ok",
        "index": "ok",
    }


def test_readiness_and_metrics_answer_the_host_itself_or_the_token(
    make_app: Callable[..., Flask],
) -> None:
    token = "scraper-" + "t" * 32
    app = make_app(metrics_token=token)
    outsider = app.test_client()
    outsider.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for path in ("/readyz", "/metrics"):
        assert app.test_client().get(path).status_code == 200, path  # 127.0.0.1
        assert outsider.get(path).status_code == 404, path
        wrong = outsider.get(path, headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 404, path
        right = outsider.get(path, headers={"Authorization": f"Bearer {token}"})
        assert right.status_code == 200, path
    assert outsider.get("/healthz").status_code == 200
    ipv6 = app.test_client()
    ipv6.environ_base["REMOTE_ADDR"] = "::1"
    assert ipv6.get("/metrics").status_code == 200
    # Behind a proxy on the same host, the address is the visitor's, not the proxy's.
    proxied = make_app(proxy_count="1").test_client()
    visitor = proxied.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    assert visitor.status_code == 404
    assert proxied.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


def _app_without_init(monkeypatch: pytest.MonkeyPatch, **overrides: str) -> Flask:
    """An app on the current instance with some settings changed, built as a web host does."""
    for name, value in overrides.items():
        monkeypatch.setenv(f"ARCHIVE_{name.upper()}", value)
    return create_app(Settings.from_env(), {"TESTING": True})


@pytest.mark.s3
def test_a_stopped_storage_endpoint_makes_the_host_not_ready(
    make_app: Callable[..., Flask],
    s3_endpoint: str,
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(storage_url=s3_bucket, s3_endpoint_url=s3_endpoint)
    assert app.test_client().get("/readyz").status_code == 200
    # The same bucket through a loopback port where nothing listens: the endpoint is down.
    down = _app_without_init(monkeypatch, s3_endpoint_url=f"http://127.0.0.1:{free_port()}")
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready"
    assert body["failing"] == ["storage"]
    assert body["checks"]["storage"]["error"]
    assert body["checks"]["database"]["status"] == "ok"


def test_a_missing_index_makes_the_host_not_ready(app: Flask) -> None:
    shutil.rmtree(app.config["ARCHIVE_SETTINGS"].index_dir)
    body = app.test_client().get("/readyz").get_json()
    assert body["failing"] == ["index"]
    assert "search index" in body["checks"]["index"]["error"]


def test_an_unreachable_queue_makes_the_host_not_ready(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = _app_without_init(monkeypatch, queue_url=f"redis://127.0.0.1:{free_port()}/0")
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["queue"]


def test_an_unreachable_database_makes_the_host_not_ready(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/archive"
    down = _app_without_init(monkeypatch, database_url=url)
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["database"]
