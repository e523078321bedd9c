"""Per-replay grants: viewers named by an editor may watch a private replay."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.extensions import db
from archive.times import utcnow

if TYPE_CHECKING:
    from archive.models.users import User


class ReplayGrant(db.Model):  # type: ignore[name-defined]
    """One viewer allowed to watch one private replay through its link."""

    __tablename__ = "replay_grants"
    replay_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("replays.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()
