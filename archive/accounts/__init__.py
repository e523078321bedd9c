"""Accounts: signing in and out, roles, and who may see what."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    """Register the sign-in pages and the user loader."""
    from archive.accounts import limits, session, views  # noqa: F401

    app.register_blueprint(bp)
    limits.init_app(app)
