"""The job a log line belongs to: a context variable set while a job runs, and a logging
filter that puts it on every record as ``job_id``.

A context variable (not a thread-local) so that the id follows the code that runs the job,
whichever Huey worker thread that is, and is gone as soon as the job returns.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_job_id: ContextVar[int | None] = ContextVar("archive_job_id", default=None)


def current_job_id() -> int | None:
    """The id of the job running in this context, or None."""
    return _job_id.get()


@contextmanager
def job_context(job_id: int) -> Iterator[None]:
    """Tag every log line written inside the block with ``job_id``."""
    token = _job_id.set(job_id)
    try:
        yield
    finally:
        _job_id.reset(token)


class JobIdFilter(logging.Filter):
    """Adds ``record.job_id`` (None outside a job); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Tag the record with the current job id, unless the caller already set one."""
        if getattr(record, "job_id", None) is None:
            record.job_id = _job_id.get()
        return True
