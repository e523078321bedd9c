"""Operations settings, read from the app's :class:`config.Settings`."""

from __future__ import annotations

from flask import current_app

from config import Settings

#: Names kept for the callers that pass one to :func:`option`.
X_ACCEL_PREFIX = "ARCHIVE_X_ACCEL_PREFIX"
INDEX_SNAPSHOTS = "ARCHIVE_INDEX_SNAPSHOTS"
INDEX_SYNC_S = "ARCHIVE_INDEX_SYNC_S"


def _settings() -> Settings:
    value: Settings = current_app.config["ARCHIVE_SETTINGS"]
    return value


def option(name: str) -> str | None:
    """The value of one operations setting, or None when unset or empty."""
    settings = _settings()
    value = {
        X_ACCEL_PREFIX: settings.x_accel_prefix,
        INDEX_SNAPSHOTS: settings.index_snapshots,
        INDEX_SYNC_S: str(settings.index_sync_s),
    }[name]
    return value or None


def sync_interval_s(default: float = 30.0) -> float:
    """ARCHIVE_INDEX_SYNC_S as seconds (at least 0.2)."""
    return _settings().index_sync_s or default


def follows_snapshots() -> bool:
    """Whether this host installs index snapshots from the media store."""
    return _settings().index_snapshots == "follow"
