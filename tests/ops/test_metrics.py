"""Prometheus metrics: what an operator graphs and alerts on."""

from __future__ import annotations

import io
import re

from flask import Flask

from archive.extensions import db
from archive.models import Job, JobState, Recording
from tests.ops.catalogue import add_replay
from tests.ops.scrape import UPLOAD_BYTES, scrape
from tests.uploads.conftest import metadata, signed_in

OFFSET_TYPE = "application/offset+octet-stream"


def test_jobs_by_state_come_from_the_job_rows(app: Flask) -> None:
    with app.app_context():
        replay_id = add_replay("Énergie", [(0.0, 4.0, "Bonjour."), (4.0, 40.0, "L'énergie.")])
        recording = db.session.scalar(db.select(Recording).where(Recording.replay_id == replay_id))
        for state in (JobState.QUEUED, JobState.QUEUED, JobState.FAILED):
            db.session.add(Job(replay_id=replay_id, recording_id=recording.id, state=state))
        db.session.commit()
    samples = scrape(app)
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
    samples = scrape(app)
    assert samples["archive_transcode_realtime_factor"] == 4.0
    assert samples["archive_transcode_recent_jobs"] == 1


def test_search_latency_is_counted_per_interface(app: Flask) -> None:
    before = scrape(app)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/api/v1/search?q=usine").status_code == 200
    assert client.get("/search?q=usine").status_code == 200
    after = scrape(app)
    api = 'archive_search_request_seconds_count{interface="api"}'
    page = 'archive_search_request_seconds_count{interface="page"}'
    assert after[api] - before.get(api, 0) == 3
    assert after[page] - before.get(page, 0) == 1
    assert after['archive_search_request_seconds_bucket{interface="api",le="+Inf"}'] >= 3


def test_upload_bytes_count_what_the_tus_server_received(app: Flask) -> None:
    editor = signed_in(app, "metrics-editor@example.org", "editor")
    data = bytes(range(256)) * 1200  # 307,200 bytes
    # The counter lives in the process, shared by every app the tests make: read a difference.
    before = scrape(app).get(UPLOAD_BYTES, 0)

    def received() -> float:
        return scrape(app)[UPLOAD_BYTES] - before

    created = editor.client.post(
        "/upload/tus/",
        headers=editor.tus(
            **{
                "Upload-Length": str(len(data)),
                "Upload-Metadata": metadata(filename="talk.mp4", filetype="video/mp4"),
            }
        ),
    )
    assert created.status_code == 201
    url = created.headers["Location"]

    def patch(offset: int, body: bytes, announced: int | None = None) -> int:
        """PATCH ``body`` at ``offset``; ``announced`` is a longer Content-Length, for a request
        whose connection is cut after ``body`` (the test client would announce ``body``'s)."""
        response = editor.client.patch(
            url,
            input_stream=io.BytesIO(body),
            headers=editor.tus(**{"Upload-Offset": str(offset), "Content-Type": OFFSET_TYPE}),
            environ_overrides={"CONTENT_LENGTH": str(announced)} if announced else None,
        )
        return response.status_code

    assert patch(0, data[:100_000]) == 204
    assert received() == 100_000
    # Refused (the upload stands at 100,000): nothing is written, nothing is counted.
    assert patch(0, data[:50_000]) == 409
    assert received() == 100_000
    # A cut connection: the request announces the rest but only 80,000 bytes arrive.
    assert patch(100_000, data[100_000:180_000], announced=len(data) - 100_000) == 204
    assert received() == 180_000
    assert patch(180_000, data[180_000:]) == 204
    assert received() == len(data)

    # Completing the upload moves the bytes to storage; they are not counted a second time.
    completed = editor.client.post(
        "/upload/complete",
        data={"upload": url.rsplit("/", 1)[1], "title": "Keynote"},
        headers={"X-CSRFToken": editor.csrf},
    )
    assert completed.status_code == 201, completed.get_json()
    assert received() == len(data)


def test_metrics_are_valid_exposition_text(app: Flask) -> None:
    body = app.test_client().get("/metrics").get_data(as_text=True)
    sample = re.compile(r"^[a-z_:][a-z0-9_:]*(\{[^}]*\})? -?[0-9.e+inf]+$", re.IGNORECASE)
    for line in body.splitlines():
        assert line.startswith("# ") or sample.match(line), line
