"""An event's cover picture and a speaker's photo, set on the admin pages: re-encoded, shown,
replaced, removed; a file that is not a picture is refused in one sentence."""

from __future__ import annotations

import io
import re

from flask import Flask
from PIL import Image

from archive.extensions import db
from archive.models import Event, Replay, ReplayStatus, Speaker
from tests.editor.support import csrf_token, signed_in


def _png(width: int = 2400, height: int = 1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_an_event_cover_is_stored_shown_and_removed(app: Flask) -> None:
    editor = signed_in(app, "editor@example.org")
    form = {"csrf_token": csrf_token(editor, "/editor/events/new"), "name": "Assises 2025"}
    created = editor.post(
        "/editor/events/new", data={**form, "cover": (io.BytesIO(_png()), "c.png")}
    )
    assert created.status_code == 302
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.name == "Assises 2025"))
        assert event is not None and event.cover_key and event.cover_key.startswith("events/")
        event.replays.append(Replay(title="Ouverture", status=ReplayStatus.PUBLISHED))
        db.session.commit()
        event_id, first_key = event.id, event.cover_key
    page = editor.get(f"/editor/events/{event_id}").get_data(as_text=True)
    assert 'class="event-cover-preview" src="/events/assises-2025/cover"' in page

    visitor = app.test_client()
    public = visitor.get("/events/assises-2025").get_data(as_text=True)
    assert 'class="event-cover" src="/events/assises-2025/cover"' in public
    cover = visitor.get("/events/assises-2025/cover")
    assert cover.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(cover.data)).size == (1600, 800), "fitted into 1600x900"

    refused = editor.post(
        f"/editor/events/{event_id}",
        data={**form, "cover": (io.BytesIO(b"not a picture"), "c.png")},
        follow_redirects=True,
    )
    assert "The photo &#39;c.png&#39; is not a picture this site can read." in refused.get_data(
        as_text=True
    )
    editor.post(f"/editor/events/{event_id}", data={**form, "remove_cover": "y"})
    with app.app_context():
        assert db.session.get(Event, event_id).cover_key is None  # type: ignore[union-attr]
    assert visitor.get("/events/assises-2025/cover").status_code == 404
    assert first_key


def test_a_speaker_photo_is_set_on_the_speaker_page(app: Flask) -> None:
    editor = signed_in(app, "editor@example.org")
    token = csrf_token(editor, "/editor/speakers/new")
    response = editor.post(
        "/editor/speakers/new",
        data={"csrf_token": token, "name": "Ada Martin", "photo": (io.BytesIO(_png()), "a.png")},
    )
    assert response.status_code == 302
    speaker_id = re.search(r"/editor/speakers/(\d+)", response.headers["Location"]).group(1)  # type: ignore[union-attr]
    page = editor.get(f"/editor/speakers/{speaker_id}").get_data(as_text=True)
    assert 'class="speaker-photo" src="/speakers/ada-martin/photo"' in page
    with app.app_context():
        speaker = db.session.get(Speaker, int(speaker_id))
        assert speaker is not None and speaker.photo_key.startswith("speakers/")  # type: ignore[union-attr]
