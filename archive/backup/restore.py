"""``replay-archive import-archive FILE``: rows back into an instance, then the index rebuilt.

Idempotent by ids: a row whose primary key is already there is left as it is, so importing
the same file twice, or after an interruption, restores each row once.
"""

from __future__ import annotations

import gzip
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import IntegrityError

from archive.backup.export import FORMAT, VERSION
from archive.backup.rows import catalogue_tables, decode_row
from archive.extensions import db

BATCH = 1000


class RestoreError(Exception):
    """The file cannot be restored; the message is one sentence."""


@dataclass
class RestoreReport:
    """Rows added and rows already there, by table."""

    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    indexed: int = 0


def restore_catalogue(path: Path) -> RestoreReport:
    """Insert the file's rows that are not there yet, then rebuild the search index."""
    from archive.search.indexing import rebuild_index

    tables = {t.name: t for t in catalogue_tables()}
    report = RestoreReport()
    lines = _lines(path)
    _check_header(next(lines, None), path)
    pending: list[dict[str, Any]] = []
    current: Table | None = None
    for number, entry in lines:
        table = tables.get(entry.get("table", ""))
        if table is None:
            raise RestoreError(f"{path}:{number}: unknown table {entry.get('table')!r}.")
        if table is not current or len(pending) >= BATCH:
            _insert(current, pending, report)
            current, pending = table, []
        pending.append(_prepared(table, entry.get("row", {})))
    _insert(current, pending, report)
    _advance_sequences(list(tables.values()))
    db.session.commit()
    report.indexed = rebuild_index()
    return report


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield number, json.loads(line)
    except FileNotFoundError:
        raise RestoreError(f"{path} does not exist.") from None
    except (OSError, EOFError) as err:
        raise RestoreError(f"{path} is not a complete gzip export ({err}).") from None
    except json.JSONDecodeError as err:
        raise RestoreError(f"{path}: line {err.lineno} is not JSON.") from None


def _check_header(first: tuple[int, dict[str, Any]] | None, path: Path) -> None:
    header = first[1] if first else {}
    if header.get("format") != FORMAT:
        raise RestoreError(f"{path} is not a replay archive export.")
    if header.get("version") != VERSION:
        raise RestoreError(
            f"{path} is an export of version {header.get('version')}; this archive reads {VERSION}."
        )


def _prepared(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    values = decode_row(table, row)
    if table.name == "users":
        # Accounts exported without secrets come back unable to sign in until a password is set.
        values.setdefault("password_hash", "")
        values.setdefault("session_token", secrets.token_hex(16))
    return values


def _insert(table: Table | None, rows: list[dict[str, Any]], report: RestoreReport) -> None:
    if table is None or not rows:
        return
    keys = list(table.primary_key.columns)
    present = _present_keys(table, rows)
    new = [row for row in rows if tuple(row[k.name] for k in keys) not in present]
    report.present[table.name] = report.present.get(table.name, 0) + len(rows) - len(new)
    report.added[table.name] = report.added.get(table.name, 0) + len(new)
    if not new:
        return
    try:
        db.session.execute(table.insert(), new)
    except IntegrityError as err:
        db.session.rollback()
        raise RestoreError(
            f"Rows of {table.name} clash with different rows already in this instance;"
            " import into an empty instance."
        ) from err


def _present_keys(table: Table, rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    keys = list(table.primary_key.columns)
    if len(keys) == 1:
        wanted = [row[keys[0].name] for row in rows]
        found = db.session.scalars(select(keys[0]).where(keys[0].in_(wanted)))
        return {(value,) for value in found}
    found_rows = db.session.execute(
        select(*keys).where(keys[0].in_({row[keys[0].name] for row in rows}))
    )
    return {tuple(r) for r in found_rows}


def _advance_sequences(tables: list[Table]) -> None:
    """PostgreSQL hands out ids from sequences that inserting explicit ids does not move."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        highest = db.session.scalar(select(func.max(keys[0])))
        if highest:
            db.session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                {"table": table.name, "column": keys[0].name, "value": highest},
            )
