"""Device cookies: a browser that signed in to an account before is recognised at sign-in.

OWASP's answer to guessing attacks that would lock the owner out
(https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):
an attacker's failures lock out the browsers without a device cookie for that account, while
the owner's browser keeps its own small allowance. The cookie is signed with the secret key,
names the account and a random nonce (the key of that browser's own failure counter), and is
renewed at every successful sign-in.
"""

from __future__ import annotations

import secrets

from flask import current_app, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from archive.accounts.cookies import request_is_secure

COOKIE = "archive_device"
#: How long a browser stays recognised without signing in again.
LIFETIME_S = 365 * 24 * 3600
_SALT = "sign-in device cookie"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def trusted_device(email: str) -> str | None:
    """The nonce of this browser's device cookie when it is valid for this account, else None."""
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    try:
        payload = _serializer().loads(value, max_age=LIFETIME_S)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("email") != email:
        return None
    nonce = payload.get("nonce")
    return nonce if isinstance(nonce, str) and nonce else None


def remember_device(response: Response, email: str) -> None:
    """Give the browser a new device cookie for the account it has just signed in to."""
    value = _serializer().dumps({"email": email, "nonce": secrets.token_urlsafe(16)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=LIFETIME_S,
        # Only the sign-in page reads it.
        path=url_for("accounts.login"),
        secure=request_is_secure(),
        httponly=True,
        samesite="Lax",
    )
