"""Sign-in rate limits (Flask-Limiter): failed attempts per address and email, and per address.

Counters live in memory by default, which is right for one web process. When the queue is on
Redis (ARCHIVE_QUEUE_URL=redis://...), several web processes run, so the counters go to that
same Redis and every process sees every attempt.
"""

from __future__ import annotations

from flask import Flask, Response, flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter import Limiter, RateLimitExceeded

#: Failed sign-ins one address may make for one email (OWASP: slow down guessing, keep users in).
PER_ACCOUNT = "5 per minute"
#: Failed sign-ins one address may make across emails (credential stuffing).
PER_ADDRESS = "30 per minute"
#: Seconds a refused visitor is told to wait.
RETRY_AFTER_S = 60


def address() -> str:
    """The client's address (put ProxyFix in front when a proxy forwards requests)."""
    return request.remote_addr or "unknown"


def address_and_email() -> str:
    """The client's address and the email being tried, the key of the per-account limit."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"{address()}|{email}"


def failed_sign_in(response: Response) -> bool:
    """Only failed attempts count: a correct password is never slowed down by the limit."""
    return response.status_code == 401


limiter = Limiter(key_func=address)


def storage_uri(queue_url: str) -> str:
    """Where the counters live: the queue's Redis when there is one, else this process."""
    return queue_url if queue_url.startswith(("redis://", "rediss://")) else "memory://"


def init_app(app: Flask) -> None:
    """Attach the limiter and the page shown when it refuses a sign-in."""
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", storage_uri(app.config["ARCHIVE_SETTINGS"].queue_url)
    )
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "replay-archive")
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_attempts)


def too_many_attempts(err: RateLimitExceeded) -> ResponseReturnValue:
    """The sign-in form again, with one sentence saying to wait."""
    from archive.accounts.forms import LoginForm

    flash(_("Too many failed sign-in attempts. Wait a minute, then try again."), "error")
    body = render_template("accounts/login.html", form=LoginForm())
    return body, 429, {"Retry-After": str(RETRY_AFTER_S)}
