"""Posters and highlights on S3: only the segments needed are read, never the original."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from archive.extensions import db
from archive.models import Job, Replay, ReplayStatus
from archive.models.enums import JobKind
from archive.processing.highlights import run_highlight_job
from archive.processing.pipeline import run_job
from tests.editor.support import csrf_token, import_talk, signed_in


@pytest.mark.s3
def test_poster_and_highlight_work_on_s3(
    make_app: Callable[..., Flask], s3_bucket: str, s3_endpoint: str, talk_mp4: Path, talk_vtt: Path
) -> None:
    app = make_app(storage_url=s3_bucket, s3_endpoint_url=s3_endpoint)
    replay_id = import_talk(app, talk_mp4, talk_vtt)
    editor = signed_in(app, "s3-editor@example.org", "editor")
    token = csrf_token(editor)
    poster = editor.post(
        f"/editor/replays/{replay_id}/poster", data={"csrf_token": token, "at": "3"}
    )
    assert poster.status_code == 302, poster.get_data(as_text=True)
    url = editor.get(f"/api/v1/replays/{replay_id}").get_json()["urls"]["poster"]
    assert url.endswith("/poster-3000.jpg") and editor.get(url).status_code == 302
    cut = editor.post(
        f"/editor/replays/{replay_id}/highlights",
        data={
            "csrf_token": token,
            "start": "8",
            "end": "12",
            "title": "Fin",
            "visibility": "public",
        },
    )
    assert cut.status_code == 302, cut.get_data(as_text=True)
    with app.app_context():
        highlight_id = parse_qs(urlsplit(cut.headers["Location"]).query)["replay"][0]
        jobs = db.select(Job.id).where(Job.replay_id == highlight_id)
        run_highlight_job(db.session.scalars(jobs.where(Job.kind == JobKind.HIGHLIGHT)).one())
        run_job(db.session.scalars(jobs.where(Job.kind == JobKind.PROCESS)).one())
        db.session.expire_all()
        highlight = db.session.get(Replay, highlight_id)
        assert highlight.status == ReplayStatus.PUBLISHED and abs(highlight.duration - 4) < 0.1
        assert [c.text[:10] for c in highlight.transcript.cues] == ["La réindus", "Les usines"]
