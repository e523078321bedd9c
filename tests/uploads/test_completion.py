"""Completing a local (tus) upload: the replay is created, its job queued, the bytes kept."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from archive import services
from archive.extensions import db
from archive.models import Job, JobState, Recording, Replay, ReplayStatus, Visibility
from archive.processing.queue import job_queue
from archive.storage import LocalStorage
from tests.archive.support import job_row_id
from tests.uploads.conftest import Session, metadata


def upload(session: Session, media: Path, *, send: int | None = None) -> str:
    """Upload ``media`` with tus in two requests (only ``send`` bytes if given); its id."""
    data = media.read_bytes()
    created = session.client.post(
        "/upload/tus/",
        headers=session.tus(
            **{
                "Upload-Length": str(len(data)),
                "Upload-Metadata": metadata(filename=media.name, filetype="video/mp4"),
            }
        ),
    )
    assert created.status_code == 201, created.get_json()
    url = created.headers["Location"]
    end = len(data) if send is None else send
    for start, stop in ((0, end // 2), (end // 2, end)):
        sent = session.client.patch(
            url,
            data=data[start:stop],
            headers=session.tus(
                **{
                    "Upload-Offset": str(start),
                    "Content-Type": "application/offset+octet-stream",
                }
            ),
        )
        assert sent.status_code == 204
    return url.rsplit("/", 1)[1]


def complete(session: Session, fields: dict[str, object]):  # type: ignore[no-untyped-def]
    """POST the upload form's fields to the completion call, as the page does."""
    return session.client.post(
        "/upload/complete", data=fields, headers={"X-CSRFToken": session.csrf}
    )


def test_a_finished_upload_becomes_a_queued_replay(
    app: Flask, editor: Session, talk_mp4: Path, talk_vtt: Path
) -> None:
    upload_id = upload(editor, talk_mp4)
    with talk_vtt.open("rb") as transcript:
        answer = complete(
            editor,
            {
                "upload": upload_id,
                "title": "Réindustrialiser les territoires",
                "event": "Assises de l'Industrie 2026",
                "speakers": "Claire Vasseur, Marc Olivier",
                "language": "fr",
                "visibility": "unlisted",
                "transcript": (transcript, "talk.vtt"),
            },
        )
    assert answer.status_code == 201, answer.get_json()
    outcome = answer.get_json()
    replay_id, job_id = outcome["replay"]["id"], outcome["job"]["id"]
    assert outcome["replay"]["url"] == f"/replays/{replay_id}"
    assert outcome["job"] == {"id": job_id, "state": "queued", "url": f"/api/v1/jobs/{job_id}"}
    assert editor.client.get(outcome["job"]["url"]).get_json()["state"] == "queued"
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        assert replay.title == "Réindustrialiser les territoires"
        assert replay.status == ReplayStatus.PROCESSING
        assert replay.visibility == Visibility.UNLISTED
        assert replay.event.name == "Assises de l'Industrie 2026"
        assert [s.name for s in replay.speakers] == ["Claire Vasseur", "Marc Olivier"]
        assert len(replay.transcript.cues) == 3
        recording = db.session.scalar(db.select(Recording).where(Recording.replay_id == replay_id))
        assert recording.original_filename == "talk.mp4"
        assert recording.original_key.startswith("originals/") and recording.original_key.endswith(
            ".mp4"
        )
        storage = services.storage()
        assert isinstance(storage, LocalStorage)
        assert storage.local_path(recording.original_key).read_bytes() == talk_mp4.read_bytes()
        assert db.session.get(Job, job_row_id(job_id)).state == JobState.QUEUED
        assert job_queue().pending_count() == 1
    # The bytes went to storage: the upload folder keeps only the small record.
    assert [p.suffix for p in (Path(app.instance_path) / "uploads").iterdir()] == [".json"]


def test_completing_twice_answers_the_same_replay(editor: Session, talk_mp4: Path) -> None:
    upload_id = upload(editor, talk_mp4)
    first = complete(editor, {"upload": upload_id})
    again = complete(editor, {"upload": upload_id})
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["replay"]["id"] == first.get_json()["replay"]["id"]
    assert first.get_json()["replay"]["title"] == "talk"  # the file name stands in for a title
    head = editor.client.head(f"/upload/tus/{upload_id}", headers=editor.tus())
    assert head.headers["Upload-Offset"] == str(talk_mp4.stat().st_size)


def test_an_unfinished_upload_cannot_be_completed(editor: Session, talk_mp4: Path) -> None:
    upload_id = upload(editor, talk_mp4, send=1000)
    answer = complete(editor, {"upload": upload_id})
    assert answer.status_code == 409
    assert answer.get_json()["error"] == (
        f"The upload is not finished: 1000 of {talk_mp4.stat().st_size} bytes arrived."
    )


def test_a_bad_transcript_is_refused_before_anything_is_created(
    app: Flask, editor: Session, talk_mp4: Path, tmp_path: Path
) -> None:
    upload_id = upload(editor, talk_mp4)
    broken = tmp_path / "broken.vtt"
    broken.write_text(
        "Minutes of the session\n\n00:01.000 --> 00:02.000\nBonjour\n", encoding="utf-8"
    )
    with broken.open("rb") as transcript:
        answer = complete(editor, {"upload": upload_id, "transcript": (transcript, "broken.vtt")})
    assert answer.status_code == 400
    assert answer.get_json()["error"] == (
        "The transcript 'broken.vtt' is invalid: line 1: missing WEBVTT signature."
    )
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Replay)) == 0
    # The editor fixes the transcript (here: drops it) and completes the same upload.
    assert complete(editor, {"upload": upload_id}).status_code == 201


def test_bad_details_are_refused_in_one_sentence(editor: Session, talk_mp4: Path) -> None:
    upload_id = upload(editor, talk_mp4)
    secret = complete(editor, {"upload": upload_id, "visibility": "secret"})
    assert secret.status_code == 400
    assert secret.get_json()["error"] == "The visibility must be one of public, unlisted, private."
    german = complete(editor, {"upload": upload_id, "language": "de"})
    assert german.get_json()["error"] == "The language must be one of fr, en."
    slides = complete(
        editor, {"upload": upload_id, "transcript": (io.BytesIO(b"%PDF"), "slides.pdf")}
    )
    assert slides.status_code == 415


def test_only_the_uploading_editor_completes_and_only_with_the_token(
    editor: Session, sign_in: Callable[[str, str], Session], talk_mp4: Path
) -> None:
    upload_id = upload(editor, talk_mp4)
    other = sign_in("someone-else@example.org", "editor")
    assert complete(other, {"upload": upload_id}).status_code == 404
    no_token = editor.client.post("/upload/complete", data={"upload": upload_id})
    assert no_token.status_code == 400
    assert "CSRF" in no_token.get_json()["error"]
    viewer = sign_in("viewer@example.org", "viewer")
    assert complete(viewer, {"upload": upload_id}).status_code == 403
    assert complete(editor, {}).status_code == 400
