"""The replay archive's Flask application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from archive.public_urls import ArchiveFlask
from config import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(settings: Settings | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, then each area's ``init_app``."""
    settings = settings or Settings.from_env()
    app = ArchiveFlask(
        __name__,
        instance_path=str(settings.instance_dir),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    app.config.from_mapping(settings.flask_config())
    app.config.from_mapping(overrides or {})

    from archive import (
        accounts,
        api,
        audience,
        catalogue,
        cli,
        editor,
        extensions,
        i18n,
        ops,
        playback,
        request_limits,
        search,
        security,
        services,
        site,
        syndication,
        uploads,
    )

    # Before CSRFProtect's hook, which reads the form: an upload endpoint's own body limit
    # must be in place by then.
    request_limits.init_app(app)
    extensions.init_app(app)
    services.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    accounts.init_app(app)
    catalogue.init_app(app)
    playback.init_app(app)
    audience.init_app(app)
    search.init_app(app)
    uploads.init_app(app)
    api.init_app(app)
    syndication.init_app(app)
    site.init_app(app)
    editor.init_app(app)
    ops.init_app(app)
    cli.init_app(app)
    return app
