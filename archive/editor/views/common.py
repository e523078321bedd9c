"""What every editor view needs: the replay being edited."""

from __future__ import annotations

from flask import abort

from archive.extensions import db
from archive.models import Replay


def replay_or_404(replay_id: str) -> Replay:
    """The replay being edited (editors see every replay, whatever its visibility)."""
    replay = db.session.get(Replay, replay_id)
    if replay is None:
        abort(404)
    return replay
