"""What people search for: each query counted per week, and whether it found anything.

Only (week, normalised query, count, searches that found nothing) is stored: no address,
cookie or account, so nothing leads back to a visitor. Counts are kept in the process and
written every :data:`FLUSH_EVERY_S` seconds (or once :data:`FLUSH_AT` different queries wait)
by a thread of their own: a search never waits for a database write. (Written by the request
that found them due, they made a search wait for another process's write to the catalogue:
on SQLite, requests of 0.3 to 2.4 s a few times a second under load.)
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import Flask, current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from archive.extensions import db
from archive.models import SearchQueryCount
from archive.search.engine.folding import fold
from archive.search.service import Search
from archive.times import utcnow

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 30.0
FLUSH_AT = 1000
MAX_QUERY_CHARS = 200

Key = tuple[date, str]


@dataclass
class _Pending:
    """Counts not yet written, for one app."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    searches: Counter[Key] = field(default_factory=Counter)
    empty: Counter[Key] = field(default_factory=Counter)
    since: float = field(default_factory=time.monotonic)
    writing: bool = False


def normalised_query(q: str) -> str:
    """The query as counted: folded (lower case, no accents), spaces collapsed."""
    return " ".join(fold(q).split())[:MAX_QUERY_CHARS]


def week_of(day: date) -> date:
    """The Monday starting the week of ``day``."""
    return day - timedelta(days=day.weekday())


def _pending() -> _Pending:
    found: _Pending = current_app.extensions.setdefault("search_query_counts", _Pending())
    return found


def count_search(search: Search) -> None:
    """Count a search as typed (its first page, not narrowed to one replay)."""
    request = search.request
    query = normalised_query(request.q)
    if not query or request.page != 1 or request.replay:
        return
    key = (week_of(utcnow().date()), query)
    pending = _pending()
    with pending.lock:
        pending.searches[key] += 1
        if not search.results.total and not search.results.groups:
            pending.empty[key] += 1
        due = not pending.writing and (
            len(pending.searches) >= FLUSH_AT or time.monotonic() - pending.since >= FLUSH_EVERY_S
        )
        if due:
            pending.writing = True
    if due:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(
            target=_flush_in_background, args=(app, pending), name="search-counts", daemon=True
        ).start()


def _flush_in_background(app: Flask, pending: _Pending) -> None:
    try:
        with app.app_context():
            flush_counts()
    finally:
        pending.writing = False


def flush_counts() -> None:
    """Write the counts kept so far (a failure loses them, never a search)."""
    pending = _pending()
    with pending.lock:
        searches, empty = pending.searches, pending.empty
        pending.searches, pending.empty, pending.since = Counter(), Counter(), time.monotonic()
    try:
        for key, count in searches.items():
            _add(key, count, empty[key])
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("search query counts could not be written")


def _add(key: Key, count: int, zero: int) -> None:
    week, query = key
    table = SearchQueryCount
    increment = (
        update(table)
        .where(table.week == week, table.query == query)
        .values(count=table.count + count, zero_results=table.zero_results + zero)
    )
    if db.session.execute(increment).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(table(week=week, query=query, count=count, zero_results=zero))
    except IntegrityError:  # another process added the row meanwhile
        db.session.execute(increment)


@dataclass(frozen=True)
class WeekQueries:
    """One week's most frequent queries and those that found nothing."""

    week: date
    top: list[SearchQueryCount]
    empty: list[SearchQueryCount]


def week_queries(week: date, limit: int = 50) -> WeekQueries:
    """The most searched queries of a week, and those that found nothing, most frequent first."""
    table = SearchQueryCount
    rows = db.select(table).where(table.week == week)
    top = db.session.scalars(rows.order_by(table.count.desc(), table.query).limit(limit)).all()
    empty = db.session.scalars(
        rows.where(table.zero_results > 0)
        .order_by(table.zero_results.desc(), table.query)
        .limit(limit)
    ).all()
    return WeekQueries(week, list(top), list(empty))
