"""Who may see which replay: the one place the visibility policy is written.

- Public replays: anyone, listed everywhere once published.
- Unlisted replays: anyone holding the link; never listed for visitors.
- Private replays: editors and admins, and viewers an editor named on the replay (a grant);
  for anyone else they do not exist (404 everywhere, absent from every list).
- Drafts (never processed, or unpublished by an editor): editors and admins only.
- Scheduled replays (``publish_at`` still to come, the embargo): exactly like drafts until that
  time, for everyone but editors; from then on the rules above, with no job having to run,
  since every condition here compares ``publish_at`` with the current time.
- Events, themes and speakers exist for a visitor only through a replay listed for them or
  granted to them (not a draft); for anyone else they do not exist either (404, absent from
  every list), so a name used only by private, unlisted or draft replays is never shown.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from archive.extensions import db
from archive.models import Replay, ReplayGrant, ReplayStatus, Role, Visibility
from archive.times import as_utc, utcnow

#: What appears in lists, search, feeds and sitemap for a visitor without editor rights.
LISTED_FOR_VISITORS = frozenset({Visibility.PUBLIC.value})
ALL_VISIBILITIES = frozenset(v.value for v in Visibility)
#: What visitors see in lists: published replays, and those being processed (with progress).
LISTED_STATUSES = (ReplayStatus.PUBLISHED, ReplayStatus.PROCESSING)


def is_editor() -> bool:
    """Whether the current user edits the archive (editor or admin)."""
    return bool(current_user.is_authenticated and current_user.is_editor)


def is_admin() -> bool:
    """Whether the current user administers the archive (accounts, audit log)."""
    return bool(current_user.is_authenticated and current_user.role == Role.ADMIN)


def listed_visibilities() -> frozenset[str]:
    """Visibilities the current user sees in lists and search results."""
    return ALL_VISIBILITIES if is_editor() else LISTED_FOR_VISITORS


def has_grant(replay: Replay) -> bool:
    """Whether an editor named the signed-in user as a viewer of this replay."""
    if not current_user.is_authenticated:
        return False
    grant = db.session.get(ReplayGrant, (replay.id, current_user.id))
    return grant is not None


def is_scheduled(replay: Replay) -> bool:
    """Whether the replay's publication time is still to come (it is under embargo)."""
    return replay.publish_at is not None and as_utc(replay.publish_at) > utcnow()


def released(now: ColumnElement[datetime] | datetime | None = None) -> ColumnElement[bool]:
    """The replays whose publication time, if any, has come (an SQL condition); ``now`` may
    be a bound parameter, for a statement built once and run many times."""
    return or_(Replay.publish_at.is_(None), Replay.publish_at <= (utcnow() if now is None else now))


def released_for_user() -> ColumnElement[bool]:
    """Every replay for editors; for anyone else, those no embargo holds back."""
    return true() if is_editor() else released()


def can_view(replay: Replay) -> bool:
    """Whether the current user may open this replay through its link."""
    if is_editor():
        return True
    if replay.status == ReplayStatus.DRAFT or is_scheduled(replay):
        return False
    if replay.visibility == Visibility.PRIVATE:
        return has_grant(replay)
    return True


def viewable_replay_or_404(replay_id: str) -> Replay:
    """The replay, or 404 when it does not exist or the user may not see it."""
    replay = db.session.get(Replay, replay_id)
    if replay is None or not can_view(replay):
        abort(404)
    return replay


def listed_for_visitors() -> ColumnElement[bool]:
    """The replays any visitor sees in lists, signed in or not (an SQL condition)."""
    return and_(
        Replay.visibility.in_(LISTED_FOR_VISITORS),
        Replay.status.in_(LISTED_STATUSES),
        released(),
    )


def naming_replays() -> ColumnElement[bool]:
    """The replays through which events, themes and speakers exist for the current user:
    those listed for them, and those granted to them unless they are drafts."""
    if is_editor():
        return true()
    if not current_user.is_authenticated:
        return listed_for_visitors()
    granted = db.select(ReplayGrant.replay_id).where(ReplayGrant.user_id == current_user.id)
    return or_(
        listed_for_visitors(),
        and_(Replay.id.in_(granted), Replay.status != ReplayStatus.DRAFT, released()),
    )


def exists_for_user(replays: InstrumentedAttribute[list[Replay]]) -> ColumnElement[bool]:
    """Whether an event, theme or speaker exists for the current user, given its relation to
    replays (``Event.replays``...); editors see every one, even one no replay names yet."""
    return true() if is_editor() else replays.any(naming_replays())


def exists_for_visitors(replays: InstrumentedAttribute[list[Replay]]) -> ColumnElement[bool]:
    """Whether an event, theme or speaker exists for anyone at all, signed in or not: what
    decides if an answer about it may be kept by shared caches (feeds, photos)."""
    return replays.any(listed_for_visitors())
