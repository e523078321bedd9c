"""The same import → worker → publish → search path on every backend pairing.

Scale-out: PostgreSQL catalogue, Huey on Redis, media in S3 (moto's server over HTTP), with a
real ``replay-archive worker`` process. Embedded: SQLite catalogue and Huey on SQLite, local
media folder, also with a worker process.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.archive.support import wait_for_job, worker
from tests.conftest import run_cli


def _import_and_process(app: Flask, env: dict[str, str], talk_mp4: Path, talk_vtt: Path) -> dict:
    queued = run_cli(
        env,
        "import",
        str(talk_mp4),
        "--transcript",
        str(talk_vtt),
        "--json",
        "--title",
        "Scale-out talk",
    )
    assert queued.returncode == 0, queued.stderr
    outcome = json.loads(queued.stdout.strip().splitlines()[-1])
    assert outcome["status"] == "queued"
    client = app.test_client()
    with worker(env):
        job = wait_for_job(client, outcome["job"])
    assert job["state"] == "succeeded", job
    assert job["progress"] == 100
    return client.get(f"/api/v1/replays/{outcome['id']}").get_json()


def _assert_searchable(client: FlaskClient, replay_id: str) -> None:
    hits = client.get("/api/v1/search?q=reindustrialisation").get_json()["hits"]
    assert [h["start"] for h in hits if h["replay_id"] == replay_id] == [
        pytest.approx(5.5, abs=0.5)
    ]


@pytest.mark.slow
def test_embedded_default_with_a_worker_process(
    app: Flask, archive_env: dict[str, str], talk_mp4: Path, talk_vtt: Path
) -> None:
    detail = _import_and_process(app, archive_env, talk_mp4, talk_vtt)
    client = app.test_client()
    assert client.get(detail["urls"]["hls"]).status_code == 200
    _assert_searchable(client, detail["id"])


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.s3
def test_postgres_redis_and_s3_with_a_worker_process(
    scale_out: Callable[..., tuple[Flask, dict[str, str]]],
    s3_endpoint: str,
    talk_mp4: Path,
    talk_vtt: Path,
) -> None:
    app, env = scale_out()
    detail = _import_and_process(app, env, talk_mp4, talk_vtt)
    client = app.test_client()

    master = client.get(detail["urls"]["hls"])
    assert master.status_code == 200
    assert "#EXT-X-STREAM-INF" in master.get_data(as_text=True)
    # Everything but playlists is a short presigned redirect straight to the bucket.
    poster = client.get(detail["urls"]["poster"])
    assert poster.status_code == 302
    location = poster.headers["Location"]
    assert location.startswith(s3_endpoint) and "X-Amz-Signature" in location
    with urllib.request.urlopen(location, timeout=10) as response:  # noqa: S310 - loopback moto
        assert response.read(3) == b"\xff\xd8\xff"  # a JPEG
    _assert_searchable(client, detail["id"])


@pytest.mark.slow
@pytest.mark.s3
def test_public_media_come_from_the_cdn_base_private_ones_stay_presigned(
    make_app: Callable[..., Flask], s3_endpoint: str, s3_bucket: str, talk_mp4: Path
) -> None:
    app = make_app(
        storage_url=s3_bucket,
        s3_endpoint_url=s3_endpoint,
        media_base_url="https://cdn.example.org/m",
    )
    ids = {}
    for visibility in ("public", "unlisted"):
        result = app.test_cli_runner().invoke(
            args=["import", str(talk_mp4), "--wait", "--json", "--visibility", visibility]
        )
        ids[visibility] = json.loads(result.output.strip().splitlines()[-1])["id"]
    client = app.test_client()
    public = client.get(f"/api/v1/replays/{ids['public']}").get_json()["urls"]
    location = client.get(public["poster"]).headers["Location"]
    assert location.startswith("https://cdn.example.org/m/replays/" + ids["public"] + "/")
    unlisted = client.get(f"/api/v1/replays/{ids['unlisted']}").get_json()["urls"]
    location = client.get(unlisted["poster"]).headers["Location"]
    assert location.startswith(s3_endpoint) and "X-Amz-Signature" in location
