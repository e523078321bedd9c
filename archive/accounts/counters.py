"""Failed sign-in counters that every web process shares.

In the Redis of ARCHIVE_QUEUE_URL when it is ``redis://``, otherwise in the catalogue database
(the SQLite file of the embedded default, or PostgreSQL): never in one process's memory, since
gunicorn runs several processes and each would otherwise allow its own share of guesses.

A counter is a fixed window opened by its first failure: it counts failures until the window
ends, then starts again from zero.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from typing import Protocol

import redis
from flask import Flask, current_app
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from archive.extensions import db
from archive.models import SignInFailures

#: Prefix of the counters' Redis keys, beside the queue's own keys.
REDIS_PREFIX = "replay-archive:sign-in:"


class FailureCounters(Protocol):
    """Where failed sign-ins are counted."""

    def wait(self, limits: dict[str, int]) -> int:
        """Seconds until every counter is under its limit (0: none has reached it)."""

    def add(self, keys: Iterable[str], window_s: int) -> None:
        """Count one failure under each key."""


class RedisCounters:
    """Counters as Redis keys that expire with their window."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url)

    def wait(self, limits: dict[str, int]) -> int:
        """Seconds until every counter is under its limit (0: none has reached it)."""
        pipe = self._redis.pipeline(transaction=False)
        for key in limits:
            pipe.get(REDIS_PREFIX + key)
            pipe.pttl(REDIS_PREFIX + key)
        replies = iter(pipe.execute())
        waits = [0]
        for limit in limits.values():
            count, ttl_ms = next(replies), next(replies)
            if count is not None and int(count) >= limit and ttl_ms > 0:
                waits.append(math.ceil(ttl_ms / 1000))
        return max(waits)

    def add(self, keys: Iterable[str], window_s: int) -> None:
        """Count one failure under each key; the first failure opens the window."""
        pipe = self._redis.pipeline(transaction=True)
        for key in keys:
            pipe.set(REDIS_PREFIX + key, 0, ex=window_s, nx=True)
            pipe.incr(REDIS_PREFIX + key)
        pipe.execute()


class DatabaseCounters:
    """Counters as rows of ``sign_in_failures``, each updated by one atomic upsert."""

    def wait(self, limits: dict[str, int]) -> int:
        """Seconds until every counter is under its limit (0: none has reached it)."""
        now = int(time.time())
        rows = db.session.execute(
            select(SignInFailures.key, SignInFailures.failures, SignInFailures.expires_at).where(
                SignInFailures.key.in_(list(limits)), SignInFailures.expires_at > now
            )
        )
        waits = [expires_at - now for key, count, expires_at in rows if count >= limits[key]]
        return max(waits, default=0)

    def add(self, keys: Iterable[str], window_s: int) -> None:
        """Count one failure under each key; the first failure opens the window."""
        now = int(time.time())
        table = SignInFailures.__table__
        dialect = db.engine.dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        expired = table.c.expires_at <= now
        db.session.execute(delete(table).where(expired))
        # Rows are locked in one order by every process, so two failures never deadlock.
        for key in sorted(keys):
            statement = insert(table).values(key=key, failures=1, expires_at=now + window_s)
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[table.c.key],
                    set_={
                        "failures": case((expired, 1), else_=table.c.failures + 1),
                        "expires_at": case((expired, now + window_s), else_=table.c.expires_at),
                    },
                )
            )
        db.session.commit()


def init_app(app: Flask) -> None:
    """Choose where this app counts failed sign-ins, from its queue URL."""
    queue_url = app.config["ARCHIVE_SETTINGS"].queue_url
    counters: FailureCounters
    if queue_url.startswith(("redis://", "rediss://")):
        counters = RedisCounters(queue_url)
    else:
        counters = DatabaseCounters()
    app.extensions["sign_in_counters"] = counters


def counters() -> FailureCounters:
    """The current app's counters."""
    return current_app.extensions["sign_in_counters"]
