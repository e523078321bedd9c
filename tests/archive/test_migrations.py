"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from archive.extensions import db
from archive.instance import init_instance


def _schema_drift(app: Flask) -> list[object]:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, db.metadata))


def test_sqlite_schema_matches_the_models(app: Flask) -> None:
    assert _schema_drift(app) == []


@pytest.mark.postgres
def test_postgresql_schema_matches_the_models(
    make_app: Callable[..., Flask], postgres_url: str
) -> None:
    app = make_app(database_url=postgres_url)
    assert _schema_drift(app) == []


def test_init_is_idempotent(app: Flask) -> None:
    with app.app_context():
        first = list(init_instance())
        second = list(init_instance())
    assert first == second
    assert any("schema up to date" in line for line in second)
