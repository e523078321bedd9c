"""``replay-archive export FILE``: the whole catalogue as gzip-compressed JSON lines."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select

from archive.backup.rows import catalogue_tables, encode_row
from archive.extensions import db

FORMAT = "replay-archive-export"
VERSION = 1
#: User columns left out unless the export is asked to carry accounts that can sign in.
SECRET_USER_COLUMNS = ("password_hash", "session_token")


@dataclass(frozen=True)
class ExportReport:
    """How many rows of each table went into the file."""

    path: Path
    counts: dict[str, int]


def export_catalogue(path: Path, *, with_users: bool = False) -> ExportReport:
    """Write every catalogue row to ``path``; password hashes only when ``with_users``."""
    counts: dict[str, int] = {}
    temporary = path.with_name(f".{path.name}.partial")
    with gzip.open(temporary, "wt", encoding="utf-8") as out:
        out.write(json.dumps(_header(with_users)) + "\n")
        for table in catalogue_tables():
            counts[table.name] = 0
            for row in _rows(table, with_users):
                out.write(json.dumps({"table": table.name, "row": row}, ensure_ascii=False) + "\n")
                counts[table.name] += 1
    # A half-written backup must never take the place of a good one.
    temporary.replace(path)
    db.session.rollback()
    return ExportReport(path, counts)


def _header(with_users: bool) -> dict[str, Any]:
    revision = db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar()
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(),
        "schema": revision,
        "with_users": with_users,
    }


def _rows(table: Table, with_users: bool) -> Iterator[dict[str, Any]]:
    query = select(table).order_by(*table.primary_key.columns)
    for row in db.session.execute(query.execution_options(yield_per=2000)):
        data = encode_row(table, row)
        if table.name == "users" and not with_users:
            for name in SECRET_USER_COLUMNS:
                data.pop(name, None)
        yield data
