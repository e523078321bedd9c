"""Flask-Login wiring: a session is bound to the user's current session token."""

from __future__ import annotations

from archive.extensions import db, login_manager
from archive.models import User

login_manager.login_view = "accounts.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session, if the session's token is still the user's current one."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not token or user.session_token != token or not user.active:
        return None
    return user
