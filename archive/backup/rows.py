"""Rows to JSON and back, column by column, for every table of the catalogue."""

from __future__ import annotations

import base64
import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, LargeBinary, Table

from archive.extensions import db

#: Tables that are not the catalogue: Alembic's bookkeeping, minute-long sign-in counters.
SKIPPED_TABLES = frozenset({"alembic_version", "sign_in_failures"})


def catalogue_tables() -> list[Table]:
    """The tables an export holds, in dependency order."""
    return [t for t in db.metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def encode(value: Any) -> Any:
    """A column value as JSON can carry it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def decode(column: Column[Any], value: Any) -> Any:
    """A JSON value back to what the column stores."""
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    return value


def encode_row(table: Table, row: Any) -> dict[str, Any]:
    """One database row as a JSON object of its columns."""
    mapping = row._mapping
    return {column.name: encode(mapping[column]) for column in table.columns}


def decode_row(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    """A JSON object back to insertable values; columns the table no longer has are dropped."""
    return {
        column.name: decode(column, data[column.name])
        for column in table.columns
        if column.name in data
    }
