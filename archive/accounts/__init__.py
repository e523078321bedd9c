"""Accounts: signing in and out, roles, and who may see what."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    """Register the sign-in pages, the user loader, cookies and the failed sign-in counters."""
    from archive.accounts import cookies, counters, session, views  # noqa: F401

    app.register_blueprint(bp)
    cookies.init_app(app)
    counters.init_app(app)
