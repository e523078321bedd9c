"""A replay's details: create a draft, or change title, event, speakers, themes and who sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from archive import services
from archive.catalogue.operations import get_or_create_theme
from archive.catalogue.updates import ReplayUpdateError, update_replay
from archive.editor.photos import PhotoError
from archive.editor.speakers import SpeakerInput, apply_speakers
from archive.extensions import db
from archive.models import Replay, ReplayGrant, ReplayStatus, Theme, User
from archive.sentences import N_
from archive.storage import StorageError
from archive.text import slugify
from archive.webhooks.outbox import exposure


class DetailsError(ValueError):
    """Details that cannot be saved; the message is one sentence."""


@dataclass
class DetailsInput:
    """What the details form says about a replay."""

    title: str
    description: str = ""
    event: str | None = None
    session_type: str = "talk"
    recorded_on: date | None = None
    language: str = "fr"
    visibility: str = "public"
    featured: bool = False
    #: the embargo: until then only editors see the replay (naive values are UTC)
    publish_at: datetime | None = None
    themes: list[str] = field(default_factory=list)
    speakers: list[SpeakerInput] = field(default_factory=list)
    #: emails of viewers who may watch the replay while it is private
    viewers: list[str] = field(default_factory=list)


def snapshot(replay: Replay) -> dict[str, Any]:
    """The details as plain values, to compare before and after a change."""
    return {
        "title": replay.title,
        "description": replay.description,
        "event": replay.event.name if replay.event else None,
        "session_type": str(replay.session_type),
        "recorded_on": replay.recorded_on.isoformat() if replay.recorded_on else None,
        "language": replay.language,
        "visibility": str(replay.visibility),
        "featured": replay.featured,
        "publish_at": replay.publish_at.strftime("%Y-%m-%d %H:%M UTC")
        if replay.publish_at
        else None,
        "themes": [t.name for t in replay.themes],
        "speakers": [
            f"{s.name} ({', '.join(filter(None, [s.role_title, s.organisation]))})"
            for s in replay.speakers
        ],
        "viewers": viewer_emails(replay),
    }


def viewer_emails(replay: Replay) -> list[str]:
    """Emails of the viewers granted this replay, sorted."""
    rows = db.session.scalars(
        db.select(User.email)
        .join(ReplayGrant, ReplayGrant.user_id == User.id)
        .where(ReplayGrant.replay_id == replay.id)
        .order_by(User.email)
    )
    return list(rows)


def create_replay(data: DetailsInput) -> Replay:
    """A new draft replay with these details (a recording is uploaded to it afterwards)."""
    replay = Replay(title=data.title.strip()[:300] or "Untitled", status=ReplayStatus.DRAFT)
    db.session.add(replay)
    db.session.flush()
    save_details(replay, data)
    return replay


def save_details(replay: Replay, data: DetailsInput) -> None:
    """Apply the details, commit, and queue the search index update; all or nothing."""
    viewers = _accounts(data.viewers)
    before = exposure(replay)  # the embargo below changes it before update_replay looks
    try:
        replay.recorded_on = data.recorded_on
        publish_at = data.publish_at
        if publish_at is not None and publish_at.tzinfo is None:
            publish_at = publish_at.replace(tzinfo=UTC)
        replay.publish_at = publish_at
        replay.themes = _themes(data.themes)
        dropped = apply_speakers(replay, data.speakers)
        _set_grants(replay, viewers)
        update_replay(
            replay,
            {
                "title": data.title,
                "description": data.description,
                "event": data.event.strip() if data.event and data.event.strip() else None,
                "session_type": data.session_type,
                "language": data.language,
                "visibility": data.visibility,
                "featured": data.featured,
            },
            before=before,
        )
    except (ReplayUpdateError, PhotoError) as err:
        db.session.rollback()
        raise DetailsError(str(err)) from None
    for key in dropped:
        _forget_photo(key)


def _themes(names: list[str]) -> list[Theme]:
    themes: list[Theme] = []
    seen: set[str] = set()
    for name in names:
        name = name.strip()
        if name and slugify(name) not in seen:
            seen.add(slugify(name))
            themes.append(get_or_create_theme(name))
    return themes


def _accounts(emails: list[str]) -> list[User]:
    users = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            raise DetailsError(
                N_("No account uses %(email)s; create it first with 'replay-archive create-user'.")
                % {"email": email}
            )
        users.append(user)
    return users


def _set_grants(replay: Replay, users: list[User]) -> None:
    wanted = {user.id for user in users}
    for grant in db.session.scalars(
        db.select(ReplayGrant).where(ReplayGrant.replay_id == replay.id)
    ):
        if grant.user_id not in wanted:
            db.session.delete(grant)
        wanted.discard(grant.user_id)
    for user_id in wanted:
        db.session.add(ReplayGrant(replay_id=replay.id, user_id=user_id))


def _forget_photo(key: str) -> None:
    """Remove a replaced photo unless another speaker still shows it."""
    from archive.models import Speaker

    if db.session.scalar(db.select(Speaker.id).where(Speaker.photo_key == key)) is None:
        try:
            services.storage().delete(key)
        except StorageError:
            pass  # an orphan picture costs a few kilobytes; the edit itself succeeded
