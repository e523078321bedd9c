"""A replay's audience, counted per day with nothing that identifies a viewer.

No cookie, address, account, device or time of day is kept: only how many plays a replay had
on a (UTC) day, how many seconds were watched, and per hundredth of the replay how many plays
reached it and how often it was watched again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from archive.extensions import db

#: A replay is cut into this many equal parts for its retention curve and replayed moments.
BUCKETS = 100


class ReplayViewDay(db.Model):  # type: ignore[name-defined]
    """One replay's plays and watched seconds on one day (UTC)."""

    __tablename__ = "replay_view_days"
    __table_args__ = (
        CheckConstraint("plays >= 0", name="plays_not_negative"),
        CheckConstraint("watched_seconds >= 0", name="watched_not_negative"),
    )
    replay_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("replays.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    #: page views in which playback started
    plays: Mapped[int] = mapped_column(Integer, default=0)
    #: seconds of the replay played through (seeking skipped, not counted)
    watched_seconds: Mapped[int] = mapped_column(Integer, default=0)


class ReplayViewBucket(db.Model):  # type: ignore[name-defined]
    """One hundredth of a replay on one day (UTC): plays that reached it, times watched again."""

    __tablename__ = "replay_view_buckets"
    __table_args__ = (
        CheckConstraint(f"bucket >= 0 AND bucket < {BUCKETS}", name="bucket_in_range"),
        CheckConstraint("reached >= 0 AND replayed >= 0", name="counts_not_negative"),
    )
    replay_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("replays.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    #: which hundredth of the replay: 0 is its first
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: plays that got this far (each play counts once): the retention curve
    reached: Mapped[int] = mapped_column(Integer, default=0)
    #: times this part was played again within the same page view: the most replayed moments
    replayed: Mapped[int] = mapped_column(Integer, default=0)
