"""Creating and revoking API tokens, each recorded in the audit log."""

from __future__ import annotations

from archive.accounts.tokens import create_token, revoke_token
from archive.editor.audit import record
from archive.models import User
from archive.models.audit import AuditAction
from archive.models.tokens import ApiToken


def issue_token(user: User, name: str, created_by: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` (AccountError when it cannot be made), logged; returns the row
    and the token itself, which is shown once."""
    token, secret = create_token(user, name, created_by)
    record(
        AuditAction.TOKEN,
        f"Created the API token {token.name!r} ({token.prefix}…) acting as {user.email} "
        f"({user.role}).",
        subject=user.email,
    )
    return token, secret


def withdraw_token(token: ApiToken) -> bool:
    """Revoke a token and log it; False when it was revoked already."""
    if not revoke_token(token):
        return False
    record(
        AuditAction.TOKEN,
        f"Revoked the API token {token.name!r} ({token.prefix}…) of {token.user.email}.",
        subject=token.user.email,
    )
    return True
