"""Editor pages: events and speakers created and edited (audited), a programme file
previewed then applied."""

from __future__ import annotations

from flask import Flask

from archive.extensions import db
from archive.models import AuditEntry, Event, Replay, Speaker
from tests.editor.support import csrf_token, signed_in
from tests.programme.test_import_programme import CSV


def test_events_and_speakers_are_edited_with_an_audit_entry(app: Flask) -> None:
    editor = signed_in(app, "editor@example.org")
    token = csrf_token(editor, "/editor/events/new")
    form = {"csrf_token": token, "name": "Assises 2025", "starts_on": "2025-03-12",
            "ends_on": "2025-03-10", "location": "Lyon", "description": "Deux jours."}  # fmt: skip
    page = editor.post("/editor/events/new", data=form).get_data(as_text=True)
    assert "The last day cannot come before the first day." in page
    response = editor.post("/editor/events/new", data={**form, "ends_on": "2025-03-13"})
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.name == "Assises 2025"))
        assert event is not None and event.location == "Lyon" and event.year == 2025
        event_id = event.id
    editor.post(f"/editor/events/{event_id}", data={**form, "ends_on": "", "location": "Paris"})
    assert editor.post("/editor/events/new", data={**form, "csrf_token": ""}).status_code in (
        200,
        400,
    )
    response = editor.post(
        "/editor/speakers/new",
        data={"csrf_token": token, "name": "Ada Martin", "role_title": "CEO", "bio": "Ingénieure."},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).location == "Paris"
        speaker = db.session.scalar(db.select(Speaker).where(Speaker.name == "Ada Martin"))
        assert speaker is not None and speaker.bio == "Ingénieure."
        summaries = db.session.scalars(db.select(AuditEntry.summary)).all()
    assert "Created the event 'Assises 2025'." in summaries
    assert "Changed the event 'Assises 2025'." in summaries
    assert "Created the speaker 'Ada Martin'." in summaries
    assert "Paris" in editor.get("/editor/events").get_data(as_text=True)


def test_programme_upload_previews_then_applies(app: Flask) -> None:
    import io

    editor = signed_in(app, "editor@example.org")
    token = csrf_token(editor, "/editor/programme")

    def upload(text: str) -> str:
        data = {"csrf_token": token, "action": "preview",
                "programme": (io.BytesIO(text.encode()), "programme.csv")}  # fmt: skip
        return editor.post("/editor/programme", data=data).get_data(as_text=True)

    page = upload(CSV.replace("2024-03-13", "13/03/2024"))
    assert "row 2, column &#34;date&#34;" in page or 'row 2, column "date"' in page
    page = upload(CSV)
    assert "created 3, updated 0, unchanged 0" in page and "Apply the programme" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Replay.id))) == 0, (
            "a preview applies nothing"
        )
    data = {"csrf_token": token, "action": "apply", "name": "programme.csv", "content": CSV}
    page = editor.post("/editor/programme", data=data).get_data(as_text=True)
    assert "created 3, updated 0, unchanged 0" in page
    assert "created 0, updated 0, unchanged 3" in upload(CSV)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Replay.id))) == 3
