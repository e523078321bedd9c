"""Template helpers: durations and timestamps."""

from __future__ import annotations

from flask import Flask


def timestamp(seconds: float | None) -> str:
    """``75.4`` → ``"1:15"``, ``3725`` → ``"1:02:05"``."""
    if seconds is None:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def register(app: Flask) -> None:
    """Make the helpers available in templates."""
    app.jinja_env.filters["timestamp"] = timestamp
    app.jinja_env.globals["media_urls"] = _media_urls
    app.jinja_env.globals["active_job"] = _active_job


def _media_urls(replay):  # type: ignore[no-untyped-def]
    from archive.playback.urls import replay_urls

    return replay_urls(replay)


def _active_job(replay):  # type: ignore[no-untyped-def]
    from archive.catalogue.queries import active_job

    return active_job(replay)
