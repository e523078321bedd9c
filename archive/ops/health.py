"""Readiness checks: can this web host answer requests that need the database, queue, storage
and search index? Each check runs in its own thread with a time limit, so a dependency that
hangs (rather than refusing connections) makes the check fail instead of the probe hanging.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import text

from archive import services
from archive.extensions import db
from archive.processing.queue import job_queue
from archive.search.access import search_index

#: A check that has not answered after this many seconds counts as failing.
CHECK_TIMEOUT_S = 3.0


class NotReady(Exception):
    """A dependency answered, but not in a usable state; the message is one sentence."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one readiness check."""

    name: str
    ok: bool
    ms: float
    error: str | None = None

    def as_json(self) -> dict[str, object]:
        """The check as the ``/readyz`` answer shows it."""
        answer: dict[str, object] = {"status": "ok" if self.ok else "failing", "ms": self.ms}
        if self.error:
            answer["error"] = self.error
        return answer


def check_database() -> None:
    """The catalogue answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()


def check_queue() -> None:
    """The job queue's broker answers (a Redis round trip, or a read of the SQLite file)."""
    job_queue().pending_count()


def check_storage() -> None:
    """The media store is reachable (and writable, for a local folder)."""
    services.storage().ping()


def check_index() -> None:
    """The live search index opens and reads back."""
    if not search_index().is_healthy():
        raise NotReady("The search index is missing or damaged.")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "queue": check_queue,
    "storage": check_storage,
    "index": check_index,
}


def _sentence(err: BaseException) -> str:
    """The first line of an error, short enough for a probe's answer."""
    lines = str(err).strip().splitlines()
    first = lines[0] if lines else ""
    return f"{type(err).__name__}: {first}"[:300]


def _timed(app: Flask, name: str, check: Callable[[], None]) -> CheckResult:
    start = time.perf_counter()
    try:
        with app.app_context():
            check()
    except Exception as err:  # a probe reports every failure, whatever raised it
        return CheckResult(name, False, _elapsed_ms(start), _sentence(err))
    return CheckResult(name, True, _elapsed_ms(start))


def _elapsed_ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def run_checks(timeout_s: float = CHECK_TIMEOUT_S) -> list[CheckResult]:
    """Run every readiness check at once; each gets ``timeout_s`` seconds at most."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    executor = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="readyz")
    futures = {name: executor.submit(_timed, app, name, check) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=timeout_s)
    # A hung check keeps its thread until the dependency gives up; the probe answers now.
    executor.shutdown(wait=False, cancel_futures=True)
    results = []
    for name, future in futures.items():
        if future.done():
            results.append(future.result())
        else:
            message = f"TimeoutError: no answer within {timeout_s:g} s"
            results.append(CheckResult(name, False, timeout_s * 1000, message))
    return results
