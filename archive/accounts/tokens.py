"""API tokens: made for a user, shown once, stored as a SHA-256 hash, revoked by an admin.

A token acts as its user with that user's current role: demoting or deactivating the user
changes what the token may do at once. Tokens are 256 random bits, so a plain hash (not a slow
password hash) is enough: nobody can guess one to try against it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from archive.accounts.operations import AccountError, canonical_email
from archive.extensions import db
from archive.models import User
from archive.models.tokens import ApiToken
from archive.sentences import N_
from archive.times import as_utc, utcnow

#: Tokens start with this, so scanners and people recognise one that leaked.
PREFIX = "ra_"
MAX_NAME = 100
#: How stale a token's "last used" time may be, so API calls do not each write a row.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_by_email(email: str) -> User:
    """The account with this email, or AccountError."""
    user = db.session.scalar(db.select(User).where(User.email == canonical_email(email)))
    if user is None:
        raise AccountError(
            N_("No account has the email %(email)r.") % {"email": canonical_email(email)}
        )
    return user


def active_token(user: User, name: str) -> ApiToken | None:
    """The user's unrevoked token with this name, if any."""
    return db.session.scalar(
        db.select(ApiToken).where(
            ApiToken.user_id == user.id, ApiToken.name == name, ApiToken.revoked_at.is_(None)
        )
    )


def create_token(user: User, name: str, created_by: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the token itself (shown once, never stored)."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise AccountError(
            N_("A token needs a name of 1 to %(max_name)s characters.") % {"max_name": MAX_NAME}
        )
    if not user.active:
        raise AccountError(
            N_("%(email)s is deactivated; activate the account first.") % {"email": user.email}
        )
    if active_token(user, name) is not None:
        raise AccountError(
            N_("%(email)s already has a token named %(name)r; revoke it first.")
            % {"email": user.email, "name": name}
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        token_hash=token_hash(secret),
        prefix=secret[: len(PREFIX) + 6],
        created_by=created_by,
    )
    db.session.add(token)
    db.session.commit()
    return token, secret


def revoke_token(token: ApiToken) -> bool:
    """Revoke a token; False when it was revoked already."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def user_for_token(secret: str) -> User | None:
    """The active user an unrevoked token acts as, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    last = token.last_used_at
    if last is None or now - as_utc(last) > LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
    return token.user
