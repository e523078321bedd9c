"""Prometheus metrics: what an operator graphs and alerts on."""

from __future__ import annotations

import re

from flask import Flask

from archive.extensions import db
from archive.models import Job, JobState, Recording
from archive.ops.metrics import count_upload_bytes
from tests.ops.catalogue import add_replay


def _samples(app: Flask) -> dict[str, float]:
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    samples = {}
    for line in response.get_data(as_text=True).splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_jobs_by_state_come_from_the_job_rows(app: Flask) -> None:
    with app.app_context():
        replay_id = add_replay("Énergie", [(0.0, 4.0, "Bonjour."), (4.0, 40.0, "L'énergie.")])
        recording = db.session.scalar(db.select(Recording).where(Recording.replay_id == replay_id))
        for state in (JobState.QUEUED, JobState.QUEUED, JobState.FAILED):
            db.session.add(Job(replay_id=replay_id, recording_id=recording.id, state=state))
        db.session.commit()
    samples = _samples(app)
    assert samples['archive_jobs{state="queued"}'] == 2
    assert samples['archive_jobs{state="failed"}'] == 1
    assert samples['archive_jobs{state="succeeded"}'] == 1
    assert samples['archive_jobs{state="running"}'] == 0
    assert samples['archive_replays{status="published"}'] == 1
    assert samples["archive_jobs_oldest_queued_seconds"] >= 0


def test_transcode_realtime_factor_is_media_seconds_per_wall_second(app: Flask) -> None:
    with app.app_context():
        # 40 s of media processed in 10 s of wall time (see add_replay): four times real time.
        add_replay("Énergie", [(0.0, 4.0, "Bonjour."), (4.0, 40.0, "L'énergie.")])
    samples = _samples(app)
    assert samples["archive_transcode_realtime_factor"] == 4.0
    assert samples["archive_transcode_recent_jobs"] == 1


def test_search_latency_and_upload_bytes_are_counted(app: Flask) -> None:
    before = _samples(app)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/api/v1/search?q=usine").status_code == 200
    assert client.get("/search?q=usine").status_code == 200
    count_upload_bytes(5000)
    after = _samples(app)
    api = 'archive_search_request_seconds_count{interface="api"}'
    page = 'archive_search_request_seconds_count{interface="page"}'
    assert after[api] - before.get(api, 0) == 3
    assert after[page] - before.get(page, 0) == 1
    assert after['archive_search_request_seconds_bucket{interface="api",le="+Inf"}'] >= 3
    assert after["archive_upload_bytes_total"] - before.get("archive_upload_bytes_total", 0) == 5000


def test_metrics_are_valid_exposition_text(app: Flask) -> None:
    body = app.test_client().get("/metrics").get_data(as_text=True)
    sample = re.compile(r"^[a-z_:][a-z0-9_:]*(\{[^}]*\})? -?[0-9.e+inf]+$", re.IGNORECASE)
    for line in body.splitlines():
        assert line.startswith("# ") or sample.match(line), line
