"""What editors read of a replay's or an event's audience over a range of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func

from archive.extensions import db
from archive.models import Event, Replay, ReplayViewBucket, ReplayViewDay
from archive.models.audience import BUCKETS

#: How many replayed moments and top replays the pages show.
TOP = 5
TOP_REPLAYS = 20


@dataclass(frozen=True)
class Moment:
    """A part of a replay that viewers played again."""

    start: float
    end: float
    replayed: int


@dataclass(frozen=True)
class Totals:
    """Plays, seconds watched and parts reached (the sum over every play) of a range."""

    plays: int
    watched_seconds: int
    reached: int

    @property
    def hours_watched(self) -> float:
        """Hours of the replay played through."""
        return self.watched_seconds / 3600

    @property
    def average_share(self) -> float | None:
        """The share of the replay an average play got through (0 to 1), None without plays."""
        return min(1.0, self.reached / (BUCKETS * self.plays)) if self.plays else None


@dataclass(frozen=True)
class ReplayAudience:
    """A replay's audience over ``first``..``last``."""

    replay: Replay
    first: date
    last: date
    totals: Totals
    #: (day, plays, watched seconds) for every day of the range, days without plays included
    days: list[tuple[date, int, int]]
    #: for each hundredth of the replay, the share of plays that reached it (0 to 1)
    retention: list[float]
    #: the parts played again most, most first
    replayed: list[Moment]


@dataclass(frozen=True)
class ReplayLine:
    """One replay's totals in an event's table."""

    replay: Replay
    totals: Totals


@dataclass(frozen=True)
class EventAudience:
    """An event's audience over ``first``..``last``: its totals and its most played replays."""

    event: Event
    first: date
    last: date
    totals: Totals
    replays_watched: int
    #: every replay of the event played in the range, most played first
    lines: list[ReplayLine]

    @property
    def top(self) -> list[ReplayLine]:
        """The most played replays, for the page (the CSV file has them all)."""
        return self.lines[:TOP_REPLAYS]


def replay_audience(replay: Replay, first: date, last: date) -> ReplayAudience:
    """Read a replay's counts between two days (both included)."""
    in_range = (ReplayViewDay.replay_id == replay.id, ReplayViewDay.day.between(first, last))
    counted = {
        day: (plays, seconds)
        for day, plays, seconds in db.session.execute(
            db.select(ReplayViewDay.day, ReplayViewDay.plays, ReplayViewDay.watched_seconds).where(
                *in_range
            )
        )
    }
    days = [
        (day, *counted.get(day, (0, 0)))
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]
    parts = [
        (int(bucket), int(reached or 0), int(replayed or 0))
        for bucket, reached, replayed in db.session.execute(
            db.select(
                ReplayViewBucket.bucket,
                func.sum(ReplayViewBucket.reached),
                func.sum(ReplayViewBucket.replayed),
            )
            .where(
                ReplayViewBucket.replay_id == replay.id, ReplayViewBucket.day.between(first, last)
            )
            .group_by(ReplayViewBucket.bucket)
        )
    ]
    reached = {bucket: count for bucket, count, _ in parts}
    plays = sum(plays for _, plays, _ in days)
    totals = Totals(plays, sum(seconds for _, _, seconds in days), sum(reached.values()))
    retention = [min(1.0, reached.get(b, 0) / plays) if plays else 0.0 for b in range(BUCKETS)]
    return ReplayAudience(
        replay, first, last, totals, days, retention, _most_replayed(replay, parts)
    )


def _most_replayed(replay: Replay, parts: list[tuple[int, int, int]]) -> list[Moment]:
    """Neighbouring parts played again at least half as often as the most replayed one,
    joined into moments (a passage people go back to spans several hundredths)."""
    counts = {bucket: count for bucket, _, count in parts if count}
    if not counts:
        return []
    floor = max(1, max(counts.values()) // 2)
    length = (replay.duration or 0) / BUCKETS
    moments: list[Moment] = []
    first = None
    for bucket in range(BUCKETS + 1):
        kept = counts.get(bucket, 0) >= floor
        if kept and first is None:
            first = bucket
        elif not kept and first is not None:
            peak = max(counts.get(b, 0) for b in range(first, bucket))
            moments.append(Moment(first * length, bucket * length, peak))
            first = None
    return sorted(moments, key=lambda moment: (-moment.replayed, moment.start))[:TOP]


def event_audience(event: Event, first: date, last: date) -> EventAudience:
    """Read the counts of an event's replays between two days (both included)."""
    day_sums = (
        db.select(
            ReplayViewDay.replay_id.label("replay_id"),
            func.sum(ReplayViewDay.plays).label("plays"),
            func.sum(ReplayViewDay.watched_seconds).label("seconds"),
        )
        .join(Replay, Replay.id == ReplayViewDay.replay_id)
        .where(Replay.event_id == event.id, ReplayViewDay.day.between(first, last))
        .group_by(ReplayViewDay.replay_id)
        .subquery()
    )
    reached_sums = (
        db.select(
            ReplayViewBucket.replay_id.label("replay_id"),
            func.sum(ReplayViewBucket.reached).label("reached"),
        )
        .join(Replay, Replay.id == ReplayViewBucket.replay_id)
        .where(Replay.event_id == event.id, ReplayViewBucket.day.between(first, last))
        .group_by(ReplayViewBucket.replay_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(Replay, day_sums.c.plays, day_sums.c.seconds, reached_sums.c.reached)
        .join(day_sums, day_sums.c.replay_id == Replay.id)
        .outerjoin(reached_sums, reached_sums.c.replay_id == Replay.id)
        .order_by(day_sums.c.plays.desc(), day_sums.c.seconds.desc(), Replay.title)
    ).all()
    lines = [
        ReplayLine(replay, Totals(int(plays or 0), int(seconds or 0), int(reached or 0)))
        for replay, plays, seconds, reached in rows
    ]
    totals = Totals(
        sum(line.totals.plays for line in lines),
        sum(line.totals.watched_seconds for line in lines),
        sum(line.totals.reached for line in lines),
    )
    watched = sum(1 for line in lines if line.totals.plays)
    return EventAudience(event, first, last, totals, watched, lines)
