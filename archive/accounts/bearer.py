"""API tokens sent as ``Authorization: Bearer``: who a request acts as, for that request only.

The JSON API and the tus upload endpoints both accept them, so a script holding a token can
create a replay and upload its recording without a browser session or a CSRF token.
"""

from __future__ import annotations

from flask import request

from archive.accounts.tokens import user_for_token
from archive.extensions import login_manager


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header; None for other schemes (a proxy's
    Basic authentication) or no header."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def act_as_token_user(token: str) -> bool:
    """Act as the token's user for this request; False when the token is unknown or revoked."""
    user = user_for_token(token)
    if user is None:
        return False
    # For this request only: nothing is written to the session, no cookie is set.
    login_manager._update_request_context_with_user(user)
    return True
