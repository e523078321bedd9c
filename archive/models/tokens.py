"""API tokens: named credentials an admin gives a script, acting as one user."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.models.users import User
from archive.times import utcnow


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A bearer token for ``/api/v1``; it acts as its user, with that user's current role."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: what the token is for, in the admin's words ("website", "programme sync")
    name: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of the token, hex; the token itself is shown once and never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the token's first characters, so an admin can tell tokens apart
    prefix: Mapped[str] = mapped_column(String(16))
    #: who made it: an admin's email, or "command line"
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: updated at most once a minute, so calls do not each write a row
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        """Whether the token still opens the API."""
        return self.revoked_at is None
