"""Failed sign-in counters, when the queue is not on Redis (every web process reads the same rows)."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.extensions import db


class SignInFailures(db.Model):  # type: ignore[name-defined]
    """The failed sign-ins counted under one key during its current window."""

    __tablename__ = "sign_in_failures"
    #: what is counted: ``account:``, ``address:`` or ``device:`` followed by a digest
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int]
    #: Unix time (seconds) when the window ends and the count starts again from zero
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
