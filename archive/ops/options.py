"""Operations settings not (yet) in :mod:`config`: read from the Flask config, then the environment.

The Flask config comes first so that ``create_app(overrides=...)`` and tests can set them; the
environment variable names are the ones ``config.Settings`` will carry.
"""

from __future__ import annotations

import os

from flask import current_app

#: nginx's internal location that serves local media after the app has checked access.
X_ACCEL_PREFIX = "ARCHIVE_X_ACCEL_PREFIX"
#: ``follow``: this web host installs the search index snapshots the indexer publishes.
INDEX_SNAPSHOTS = "ARCHIVE_INDEX_SNAPSHOTS"
#: Seconds between two looks for a new snapshot (web hosts) or a catalogue change (indexer).
INDEX_SYNC_S = "ARCHIVE_INDEX_SYNC_S"


def option(name: str) -> str | None:
    """The value of one operations setting, or None when unset or empty."""
    value = current_app.config.get(name) or os.environ.get(name)
    return str(value) if value else None


def sync_interval_s(default: float = 30.0) -> float:
    """ARCHIVE_INDEX_SYNC_S as seconds (at least 0.2)."""
    raw = option(INDEX_SYNC_S)
    try:
        return max(0.2, float(raw)) if raw else default
    except ValueError:
        raise ValueError(f"{INDEX_SYNC_S} must be a number of seconds, not {raw!r}.") from None


def follows_snapshots() -> bool:
    """Whether this host installs index snapshots from the media store."""
    return (option(INDEX_SNAPSHOTS) or "").lower() == "follow"
