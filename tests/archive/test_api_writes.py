"""The API's write endpoints with only a token: create a draft, upload its recording by tus,
follow the job, attach a transcript, publish; and every refusal as one JSON sentence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from archive.extensions import db
from archive.models import AuditEntry, Replay, ReplayStatus
from tests.archive.api_writes import bearer, create_draft, put_transcript, token_for, tus_send
from tests.editor.support import csrf_token, import_talk, inline_worker, signed_in
from tests.fixtures.media import TALK_VTT
from tests.uploads.conftest import metadata


@pytest.fixture
def token(app: Flask) -> str:
    """An editor's API token."""
    return token_for(app, "website@example.org")


def test_a_script_with_a_token_creates_uploads_transcribes_and_publishes(
    app: Flask, token: str, talk_mp4: Path
) -> None:
    client = app.test_client()
    draft = create_draft(
        client,
        token,
        title="L'usine du futur",
        event="Assises de l'Industrie 2026",
        speakers=["Claire Vasseur", {"name": "Marc Olivier", "role": "Directeur d'usine"}],
        language="fr",
        visibility="public",
        description="Réindustrialiser les territoires.",
        themes=["Énergie"],
    )
    replay_id = draft["id"]
    assert draft["status"] == "draft" and draft["title"] == "L'usine du futur"
    assert draft["event"]["name"] == "Assises de l'Industrie 2026"
    assert [(s["name"], s["role"]) for s in draft["speakers"]] == [
        ("Claire Vasseur", None),
        ("Marc Olivier", "Directeur d'usine"),
    ]
    assert client.get(f"/api/v1/replays/{replay_id}").status_code == 404, "a draft is hidden"

    data = talk_mp4.read_bytes()
    started = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "talk.mp4", "size": len(data), "type": "video/mp4"},
        headers=bearer(token),
    )
    assert started.status_code == 201, started.get_json()
    how = started.get_json()
    assert how["protocol"] == "tus" and started.headers["Location"] == how["upload_url"]
    tus_send(client, token, how["upload_url"], data)

    with inline_worker(app):  # the queued work runs at once, as a worker would run it
        done = client.post(
            how["complete_url"], json={"upload": how["upload"]}, headers=bearer(token)
        )
        assert done.status_code == 202, done.get_json()
        job_url = done.headers["Location"]
        assert job_url == f"/api/v1/jobs/{done.get_json()['job']['id']}"
        job = client.get(job_url, headers=bearer(token)).get_json()
        assert (job["state"], job["progress"]) == ("succeeded", 100), job
        processed = client.get(f"/api/v1/replays/{replay_id}", headers=bearer(token)).get_json()
        # Processed, not shown: the script publishes once its transcript is attached.
        assert processed["status"] == "draft" and processed["renditions"]
        assert processed["duration"] == pytest.approx(12, abs=0.5)
        assert client.get(f"/api/v1/replays/{replay_id}").status_code == 404

        track = put_transcript(client, token, replay_id, TALK_VTT)
        assert track.status_code == 201, track.get_json()
        assert track.get_json()["url"] == f"/replays/{replay_id}/transcripts/fr.vtt"
        published = client.post(f"/api/v1/replays/{replay_id}/publish", headers=bearer(token))
        assert published.status_code == 200, published.get_json()

    visitor = app.test_client()
    detail = visitor.get(f"/api/v1/replays/{replay_id}").get_json()
    assert detail["status"] == "published" and detail["title"] == "L'usine du futur"
    assert visitor.get(detail["urls"]["hls"]).status_code == 200
    assert [t["language"] for t in detail["transcripts"]] == ["fr"]
    hits = visitor.get("/api/v1/search?q=réindustrialisation").get_json()["hits"]
    assert [(h["replay_id"], h["speaker"]) for h in hits] == [(replay_id, "Claire Vasseur")]
    with app.app_context():
        log = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.replay_id == replay_id).order_by(AuditEntry.id)
        ).all()
        assert [(e.actor, e.action) for e in log] == [
            ("website@example.org", "create"),
            ("website@example.org", "edit"),
            ("website@example.org", "transcript"),
            ("website@example.org", "publish"),
        ]


def test_a_published_replay_gets_a_new_recording_and_keeps_its_id_and_transcript(
    app: Flask, token: str, talk_mp4: Path, talk_vtt: Path
) -> None:
    replay_id = import_talk(app, talk_mp4, talk_vtt)
    client = app.test_client()
    data = talk_mp4.read_bytes()
    started = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "retake.mp4", "size": len(data)},
        headers=bearer(token),
    ).get_json()
    tus_send(client, token, started["upload_url"], data)
    done = client.post(
        started["complete_url"], json={"upload": started["upload"]}, headers=bearer(token)
    )
    assert done.status_code == 202
    # While the new recording waits, the replay stays published with its old one.
    assert client.get(f"/api/v1/replays/{replay_id}").get_json()["status"] == "published"
    again = client.post(
        started["complete_url"], json={"upload": started["upload"]}, headers=bearer(token)
    )
    assert again.status_code == 200, "completing twice answers the same job"
    assert again.get_json()["job"]["id"] == done.get_json()["job"]["id"]
    busy = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "third.mp4", "size": 1000},
        headers=bearer(token),
    )
    assert busy.status_code == 409
    assert busy.get_json()["error"] == (
        "This replay's recording is being processed; wait for it to finish."
    )
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        assert replay.status == ReplayStatus.PUBLISHED and replay.track("fr") is not None
        assert [r.original_filename for r in replay.recordings][-1] == "retake.mp4"


def test_an_upload_started_for_one_replay_cannot_complete_another(
    app: Flask, token: str, talk_mp4: Path
) -> None:
    client = app.test_client()
    first = create_draft(client, token, title="First")["id"]
    second = create_draft(client, token, title="Second")["id"]
    data = talk_mp4.read_bytes()
    started = client.post(
        f"/api/v1/replays/{first}/media",
        json={"filename": "talk.mp4", "size": len(data)},
        headers=bearer(token),
    ).get_json()
    tus_send(client, token, started["upload_url"], data)
    wrong = client.post(
        f"/api/v1/replays/{second}/media/complete",
        json={"upload": started["upload"]},
        headers=bearer(token),
    )
    assert wrong.status_code == 409
    assert wrong.get_json() == {"error": "This upload was started for another replay."}
    # Nor can another editor's token touch it.
    other = token_for(app, "other@example.org", name="other")
    stolen = client.post(
        f"/api/v1/replays/{first}/media/complete",
        json={"upload": started["upload"]},
        headers=bearer(other),
    )
    assert stolen.status_code == 404


def test_a_plain_tus_client_uploads_with_the_token_then_completes_through_the_api(
    app: Flask, token: str, talk_mp4: Path
) -> None:
    client = app.test_client()
    replay_id = create_draft(client, token, title="From a tus library")["id"]
    data = talk_mp4.read_bytes()
    created = client.post(
        "/upload/tus/",
        headers=bearer(
            token,
            **{
                "Tus-Resumable": "1.0.0",
                "Upload-Length": str(len(data)),
                "Upload-Metadata": metadata(filename="talk.mp4", filetype="video/mp4"),
            },
        ),
    )
    assert created.status_code == 201, created.get_json()
    assert "Set-Cookie" not in created.headers
    tus_send(client, token, created.headers["Location"], data)
    upload_id = created.headers["Location"].rsplit("/", 1)[1]
    local = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "talk.mp4", "size": len(data), "protocol": "s3"},
        headers=bearer(token),
    )
    assert local.status_code == 409
    assert local.get_json() == {
        "error": "This archive keeps media in a local folder; upload with tus."
    }
    done = client.post(
        f"/api/v1/replays/{replay_id}/media/complete",
        json={"upload": upload_id},
        headers=bearer(token),
    )
    assert done.status_code == 202, done.get_json()
    assert done.get_json()["replay"]["status"] == "processing"
    assert done.get_json()["job"]["state"] == "queued"


def test_credentials_roles_and_visibility_are_checked(app: Flask, token: str) -> None:
    client = app.test_client()
    draft = create_draft(client, token, title="Private draft", visibility="private")["id"]
    calls = [
        ("POST", "/api/v1/replays", {"json": {"title": "x"}}),
        ("POST", f"/api/v1/replays/{draft}/media", {"json": {"filename": "a.mp4", "size": 9}}),
        ("POST", f"/api/v1/replays/{draft}/media/complete", {"json": {"upload": "0" * 32}}),
        ("PUT", f"/api/v1/replays/{draft}/transcripts/fr", {"data": TALK_VTT}),
        ("DELETE", f"/api/v1/replays/{draft}/transcripts/fr", {}),
        ("POST", f"/api/v1/replays/{draft}/publish", {}),
        ("POST", f"/api/v1/replays/{draft}/unpublish", {}),
    ]
    viewer = token_for(app, "reader@example.org", "viewer", "reader")
    revoked = token_for(app, "gone@example.org", name="gone")
    result = app.test_cli_runner().invoke(
        args=["revoke-token", "gone@example.org", "--name", "gone"]
    )
    assert result.exit_code == 0, result.output
    for method, url, body in calls:
        anonymous = client.open(url, method=method, **body)
        assert anonymous.status_code == 401, (method, url)
        assert anonymous.get_json()["error"].endswith(".")
        refused = client.open(url, method=method, headers=bearer(revoked), **body)
        assert refused.status_code == 401, (method, url)
        assert refused.get_json() == {"error": "The API token is unknown or revoked."}
        as_viewer = client.open(url, method=method, headers=bearer(viewer), **body)
        # A viewer may not see the private draft: it does not exist for them.
        expected = 403 if url == "/api/v1/replays" else 404
        assert as_viewer.status_code == expected, (method, url, as_viewer.get_json())
    forbidden = client.post("/api/v1/replays", json={"title": "x"}, headers=bearer(viewer))
    assert forbidden.get_json() == {"error": "Only editors may create replays."}
    # The tus endpoint takes tokens as well, and refuses a revoked one.
    tus = client.post("/upload/tus/", headers=bearer(revoked, **{"Tus-Resumable": "1.0.0"}))
    assert tus.status_code == 401
    assert tus.get_json() == {"error": "The API token is unknown or revoked."}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Replay)) == 1


def test_a_public_replay_is_visible_to_a_viewer_token_but_not_changed(
    app: Flask, token: str
) -> None:
    client = app.test_client()
    replay_id = create_draft(client, token, title="Shown")["id"]
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        replay.status = ReplayStatus.PUBLISHED
        db.session.commit()
    viewer = token_for(app, "reader@example.org", "viewer", "reader")
    refused = client.post(f"/api/v1/replays/{replay_id}/unpublish", headers=bearer(viewer))
    assert refused.status_code == 403
    assert refused.get_json() == {"error": "Only editors may unpublish replays."}
    transcript = put_transcript(client, viewer, replay_id, TALK_VTT)
    assert transcript.status_code == 403
    assert client.get(f"/api/v1/replays/{replay_id}").get_json()["transcripts"] == []


@pytest.mark.parametrize(
    ("details", "error"),
    [
        ({}, "'title' is required: a non-empty text of at most 300 characters."),
        ({"title": "  "}, "'title' is required: a non-empty text of at most 300 characters."),
        ({"title": "x", "colour": "red"}, "Unknown or read-only fields: colour."),
        ({"title": "x", "visibility": "secret"}, "'visibility' must be one of: public, unlisted, private."),
        ({"title": "x", "recorded_on": "yesterday"}, "'recorded_on' must be a date written YYYY-MM-DD, or null."),
        ({"title": "x", "speakers": [3]}, "Each of 'speakers' must be a name, or an object with 'name', 'role' and 'organisation'."),
        ({"title": "x", "viewers": ["nobody@example.org"]}, "No account uses nobody@example.org; create it first with 'replay-archive create-user'."),
    ],
)  # fmt: skip
def test_invalid_drafts_are_refused_with_one_sentence(
    app: Flask, token: str, details: dict[str, object], error: str
) -> None:
    client = app.test_client()
    refused = client.post("/api/v1/replays", json=details, headers=bearer(token))
    assert (refused.status_code, refused.get_json()) == (400, {"error": error})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Replay)) == 0


def test_bodies_of_the_wrong_type_are_refused(app: Flask, token: str) -> None:
    client = app.test_client()
    form = client.post("/api/v1/replays", data={"title": "x"}, headers=bearer(token))
    assert form.status_code == 415
    assert form.get_json()["error"].startswith("Send the new replay's details as a JSON object")
    replay_id = create_draft(client, token, title="Talk")["id"]
    pdf = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "slides.pdf", "size": 1000, "type": "application/pdf"},
        headers=bearer(token),
    )
    assert pdf.status_code == 415
    assert "'slides.pdf' is not a recording the archive accepts" in pdf.get_json()["error"]
    huge = client.post(
        f"/api/v1/replays/{replay_id}/media",
        json={"filename": "talk.mp4", "size": 10**15},
        headers=bearer(token),
    )
    assert huge.status_code == 413
    word = client.put(
        f"/api/v1/replays/{replay_id}/transcripts/fr",
        data=b"PK\x03\x04",
        headers=bearer(token, **{"Content-Type": "application/msword"}),
    )
    assert word.status_code == 415
    assert word.get_json()["error"].startswith("Send the transcript as text/vtt")
    german = put_transcript(client, token, replay_id, TALK_VTT, language="de")
    assert german.status_code == 404
    assert "'de' is not a transcript language" in german.get_json()["error"]


def test_a_bad_transcript_names_its_line_and_changes_nothing(app: Flask, token: str) -> None:
    client = app.test_client()
    replay_id = create_draft(client, token, title="Talk")["id"]
    good = put_transcript(client, token, replay_id, TALK_VTT)
    assert good.status_code == 201
    broken = "WEBVTT\n\n00:00:01.000 --> soon\nBonjour\n"
    refused = put_transcript(client, token, replay_id, broken)
    assert refused.status_code == 422
    assert refused.get_json() == {
        "error": "The transcript 'transcript.vtt' is invalid: line 3: no cues found: "
        "invalid timestamp 'soon'."
    }
    with app.app_context():
        track = db.session.get(Replay, replay_id).track("fr")
        assert len(track.cues) == 3, "the good track stays"
    # The same file as a form upload keeps its own name in the error.
    form = client.put(
        f"/api/v1/replays/{replay_id}/transcripts/en",
        data={"transcript": (io.BytesIO(broken.encode()), "talk.en.vtt")},
        headers=bearer(token),
    )
    assert form.status_code == 422
    assert form.get_json()["error"].startswith("The transcript 'talk.en.vtt' is invalid: line 3:")
    replaced = put_transcript(client, token, replay_id, TALK_VTT.replace("Bonjour", "Salut"))
    assert replaced.status_code == 200
    deleted = client.delete(f"/api/v1/replays/{replay_id}/transcripts/fr", headers=bearer(token))
    assert deleted.status_code == 204
    again = client.delete(f"/api/v1/replays/{replay_id}/transcripts/fr", headers=bearer(token))
    assert again.status_code == 404
    assert again.get_json() == {"error": "This replay has no transcript in 'fr'."}


def test_publishing_needs_a_processed_recording(app: Flask, token: str) -> None:
    client = app.test_client()
    replay_id = create_draft(client, token, title="Empty")["id"]
    early = client.post(f"/api/v1/replays/{replay_id}/publish", headers=bearer(token))
    assert early.status_code == 409
    assert early.get_json() == {
        "error": "This replay has no processed recording yet; upload one and wait for processing."
    }
    down = client.post(f"/api/v1/replays/{replay_id}/unpublish", headers=bearer(token))
    assert down.status_code == 409
    assert client.post("/api/v1/replays/nope/publish", headers=bearer(token)).status_code == 404


def test_a_signed_in_editor_creates_a_draft_with_the_csrf_token(app: Flask) -> None:
    editor = signed_in(app, "browser@example.org", "editor")
    refused = editor.post("/api/v1/replays", json={"title": "From the page"})
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]
    made = editor.post(
        "/api/v1/replays",
        json={"title": "From the page"},
        headers={"X-CSRFToken": csrf_token(editor)},
    )
    assert made.status_code == 201, made.get_json()


def test_openapi_describes_every_api_route(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule.endswith("openapi.json"):
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
        path = path.replace("{replay_id}", "{id}").replace("{job_id}", "{id}")
        assert path in spec["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][path], (method, path)
    media = spec["paths"]["/replays/{id}/media"]["post"]
    assert {"bearer": []} in media["security"] and "403" in media["responses"]
    put = spec["paths"]["/replays/{id}/transcripts/{language}"]["put"]
    assert "text/vtt" in put["requestBody"]["content"] and "422" in put["responses"]
