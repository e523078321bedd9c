"""Accounts of viewers, editors and admins."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.extensions import db
from archive.models.enums import Role, enum_column
from archive.times import utcnow


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """A person who signs in."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: Argon2id hash
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.VIEWER)
    #: changes on sign-in, sign-out, role change and deactivation, so old sessions stop working
    session_token: Mapped[str] = mapped_column(String(64), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def get_id(self) -> str:
        """Flask-Login's session id: the user id bound to the current session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_editor(self) -> bool:
        """Editors and admins manage replays."""
        return self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Deactivated accounts cannot sign in."""
        return self.active
