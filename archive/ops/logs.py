"""Structured logs: one JSON object per line, for the worker and the production web server.

Every line carries ``time``, ``level``, ``logger``, ``message`` and the process id; lines
written while a job runs carry its ``job_id`` (see :mod:`archive.processing.log_context`); gunicorn's
access lines also carry the request's method, path, status and duration as fields.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from archive.processing.log_context import JobIdFilter

#: gunicorn's access-log atoms → field names of the JSON line.
ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "M": "duration_ms",
    "B": "bytes",
    "h": "remote",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            "thread": record.threadName,
        }
        job_id = getattr(record, "job_id", None)
        if job_id is not None:
            line["job_id"] = job_id
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            line.update(_access_fields(record.args))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _access_fields(atoms: Mapping[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for atom, name in ACCESS_FIELDS.items():
        value = atoms.get(atom, "-")
        if value in ("-", None, ""):
            continue
        if name in ("status", "duration_ms", "bytes"):
            value = int(value) if str(value).isdigit() else value
        fields[name] = value
    return fields


def json_handler(stream: Any = None) -> logging.Handler:
    """A handler writing JSON lines, tagging each with the running job's id."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(JobIdFilter())
    return handler


def configure_logging(level: int = logging.INFO) -> None:
    """Send every log line of this process to standard error as JSON (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(json_handler())
    root.setLevel(level)
