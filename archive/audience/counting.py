"""Add one report to the day's counts: increments only, no row per viewer or per visit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite

from archive.audience.reports import Report
from archive.extensions import db
from archive.models import ReplayViewBucket, ReplayViewDay


def count_report(replay_id: str, day: date, report: Report) -> None:
    """Add a report's play, seconds and parts to the replay's counts of ``day`` (committed)."""
    if report.play or report.seconds:
        _add(
            ReplayViewDay.__table__,
            [
                {
                    "replay_id": replay_id,
                    "day": day,
                    "plays": int(report.play),
                    "watched_seconds": report.seconds,
                }
            ],
            keys=("replay_id", "day"),
        )
    parts = sorted(report.reached | set(report.replayed))
    if parts:
        rows = [
            {
                "replay_id": replay_id,
                "day": day,
                "bucket": part,
                "reached": int(part in report.reached),
                "replayed": report.replayed[part],
            }
            for part in parts
        ]
        _add(ReplayViewBucket.__table__, rows, keys=("replay_id", "day", "bucket"))
    db.session.commit()


def _add(table: Table, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Insert the rows, or add their counts to the rows already there (one statement)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(rows)
    counters = [name for name in rows[0] if name not in keys]
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + statement.excluded[name] for name in counters},
    )
    db.session.execute(statement)
