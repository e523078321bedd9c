"""Creating users and checking their credentials."""

from __future__ import annotations

import re
import secrets

from archive.accounts.passwords import DUMMY_HASH, hash_password, verify_password
from archive.extensions import db
from archive.models import Role, User
from archive.sentences import N_

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """The account request is invalid; the message is one sentence."""


def canonical_email(email: str) -> str:
    """The form of an email address that accounts are stored and looked up under."""
    return email.strip().lower()


def create_or_update_user(email: str, password: str, role: str) -> tuple[User, bool]:
    """Create the user, or set a new password and role; returns (user, created)."""
    email = canonical_email(email)
    if not EMAIL.match(email):
        raise AccountError(N_("%(email)r is not an email address.") % {"email": email})
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            N_("The password must have at least %(min_password)s characters.")
            % {"min_password": MIN_PASSWORD}
        )
    user = db.session.scalar(db.select(User).where(User.email == email))
    created = user is None
    if user is None:
        user = User(email=email)
        db.session.add(user)
    user.password_hash = hash_password(password)
    user.role = Role(role)
    renew_session(user)
    db.session.commit()
    return user, created


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None.

    An unknown email, a deactivated account and a wrong password take the same path, one
    Argon2 verification each, so the time of the answer does not tell them apart.
    """
    user = db.session.scalar(db.select(User).where(User.email == canonical_email(email)))
    matches = verify_password(user.password_hash if user else DUMMY_HASH, password)
    if user is None or not user.active or not matches:
        return None
    return user


def renew_session(user: User) -> None:
    """Invalidate the user's existing sessions (sign-in, sign-out, role or password change)."""
    user.session_token = secrets.token_hex(16)


def change_role(user: User, role: Role) -> bool:
    """Give the user another role; their sessions end so the new rights apply at once."""
    if user.role == role:
        return False
    user.role = role
    renew_session(user)
    db.session.commit()
    return True


def set_active(user: User, active: bool) -> bool:
    """Activate or deactivate an account; deactivating ends its sessions."""
    if user.active == active:
        return False
    user.active = active
    renew_session(user)
    db.session.commit()
    return True
