"""The app's shared services (settings, media storage), built once per app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app

from config import Settings

if TYPE_CHECKING:
    from archive.storage import Storage


def init_app(app: Flask) -> None:
    """Create the instance folder; services themselves are built lazily on first use."""
    settings: Settings = app.config["ARCHIVE_SETTINGS"]
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    app.extensions["archive"] = {}


def settings() -> Settings:
    """The current app's settings."""
    value: Settings = current_app.config["ARCHIVE_SETTINGS"]
    return value


def _cached(name: str, build):  # type: ignore[no-untyped-def]
    cache = current_app.extensions["archive"]
    if name not in cache:
        cache[name] = build(settings())
    return cache[name]


def storage() -> Storage:
    """The media store named by ARCHIVE_STORAGE_URL."""
    from archive.storage import storage_from_url

    return _cached(  # type: ignore[no-any-return]
        "storage",
        lambda s: storage_from_url(
            s.storage_url, endpoint_url=s.s3_endpoint_url, public_base_url=s.media_base_url
        ),
    )
