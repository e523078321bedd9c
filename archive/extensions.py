"""The Flask extensions, created unbound and attached in ``create_app``."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations work the same on every database."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def _write_ahead_log(connection: sqlite3.Connection, _record: object) -> None:
    """SQLite in write-ahead-log mode (https://sqlite.org/wal.html): readers no longer wait
    while a writer commits, nor a writer for readers to finish. In the default rollback mode a
    commit locks the whole file, and every page view (each reads the catalogue) waited for it:
    the worker's job progress, editors' saves and viewing statistics all commit (issue 15)."""
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        # A power cut may lose the last commits, never corrupt the file (SQLite's advice for WAL).
        connection.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.OperationalError as error:  # another process holds the file: next time
        log.warning("catalogue: SQLite stays in its journal mode for now (%s)", error)


def init_app(app: Flask) -> None:
    """Attach the database, migrations, sign-in and CSRF to the app."""
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _write_ahead_log)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    login_manager.init_app(app)
    csrf.init_app(app)
