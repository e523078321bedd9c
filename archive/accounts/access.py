"""Who may see which replay: the one place the visibility policy is written.

- Public replays: anyone, listed everywhere once published.
- Unlisted replays: anyone holding the link; never listed for visitors.
- Private replays: editors and admins, and viewers an editor named on the replay (a grant);
  for anyone else they do not exist (404 everywhere, absent from every list).
- Drafts (never processed, or unpublished by an editor): editors and admins only.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from archive.extensions import db
from archive.models import Replay, ReplayGrant, ReplayStatus, Role, Visibility

#: What appears in lists, search, feeds and sitemap for a visitor without editor rights.
LISTED_FOR_VISITORS = frozenset({Visibility.PUBLIC.value})
ALL_VISIBILITIES = frozenset(v.value for v in Visibility)


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


def can_view(replay: Replay) -> bool:
    """Whether the current user may open this replay through its link."""
    if is_editor():
        return True
    if replay.status == ReplayStatus.DRAFT:
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
