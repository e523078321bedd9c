"""Prometheus metrics: job and replay counts read from the catalogue at scrape time, and the
few things only the web processes see (search latency, upload bytes).

Status lives in the database (architecture rule 4), so job counts and the transcode realtime
factor are queried when ``/metrics`` is scraped; nothing is kept in memory that another host
could contradict. Search latency and upload bytes are counted in the process that served the
request. Under gunicorn they are shared by every worker process through prometheus_client's
multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, prepared by ``replay-archive serve``); under
the development server they are plain in-process values.

prometheus_client is imported lazily: multiprocess mode is chosen when the first metric is
made, which must happen after ``serve`` has set the folder, i.e. inside a gunicorn worker.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func

from archive.extensions import db
from archive.models import Job, JobKind, JobState, Recording, Replay, ReplayStatus

if TYPE_CHECKING:
    from prometheus_client.metrics import Counter, Histogram

#: Upper bounds (seconds) of the search latency buckets.
SEARCH_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: The realtime factor is measured over this many of the latest successful jobs.
RECENT_JOBS = 100
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

_lock = threading.Lock()
_made: dict[str, Any] = {}


def multiprocess() -> bool:
    """Whether metrics are shared across processes through files (gunicorn)."""
    return bool(os.environ.get(MULTIPROC_ENV))


def _instruments() -> tuple[Histogram, Counter]:
    """The process-side metrics, made on first use (see the module docstring for why)."""
    with _lock:
        if not _made:
            from prometheus_client import Counter, Histogram

            _made["search"] = Histogram(
                "archive_search_request_seconds",
                "Time to answer a search, page or API, as the visitor waits for it.",
                ["interface"],
                buckets=SEARCH_BUCKETS,
                registry=None,
            )
            _made["upload"] = Counter(
                "archive_upload_bytes",
                "Bytes of recordings received from editors.",
                registry=None,
            )
    return _made["search"], _made["upload"]


def observe_search(interface: str, seconds: float) -> None:
    """Record how long one search took (``interface`` is ``api`` or ``page``)."""
    _instruments()[0].labels(interface=interface).observe(seconds)


def count_upload_bytes(n: int) -> None:
    """Count ``n`` more bytes of recordings received from editors' browsers: the tus server
    calls this for each request's bytes as it writes them, the completion of a direct S3
    upload with the size of the stored object. ``replay-archive import`` does not: it reads
    a file already on the host, in a process no ``/metrics`` reports on."""
    if n > 0:
        _instruments()[1].inc(n)


class CatalogueCollector:
    """Metrics read from the catalogue at scrape time: jobs, replays, transcode speed."""

    def describe(self) -> list[Any]:
        """Nothing up front: the registry must not query the database when it is built."""
        return []

    def collect(self) -> Iterator[Any]:
        """Query the catalogue and yield the metric families."""
        from prometheus_client.core import GaugeMetricFamily

        jobs = GaugeMetricFamily(
            "archive_jobs", "Processing jobs by state, from the job rows.", labels=["state"]
        )
        counts = dict(
            db.session.execute(db.select(Job.state, func.count()).group_by(Job.state)).all()
        )
        for state in JobState:
            jobs.add_metric([state.value], counts.get(state, 0))
        yield jobs

        replays = GaugeMetricFamily("archive_replays", "Replays by status.", labels=["status"])
        counts = dict(
            db.session.execute(db.select(Replay.status, func.count()).group_by(Replay.status)).all()
        )
        for status in ReplayStatus:
            replays.add_metric([status.value], counts.get(status, 0))
        yield replays

        yield GaugeMetricFamily(
            "archive_jobs_oldest_queued_seconds",
            "Age of the oldest queued job (0 when none waits).",
            value=_oldest_queued_s(),
        )
        for kind, name, what in (
            (JobKind.PROCESS, "transcode", "processing"),
            (JobKind.TRANSCRIBE, "transcription", "speech-to-text"),
        ):
            media_s, wall_s, count = _recent_jobs(kind)
            yield GaugeMetricFamily(
                f"archive_{name}_realtime_factor",
                f"Media seconds per wall-clock second over the latest {RECENT_JOBS} successful"
                f" {what} jobs (above 1 is faster than real time).",
                value=media_s / wall_s if wall_s > 0 else 0.0,
            )
            yield GaugeMetricFamily(
                f"archive_{name}_recent_jobs",
                f"Successful {what} jobs the realtime factor is measured over.",
                value=count,
            )
        db.session.rollback()


def _oldest_queued_s() -> float:
    oldest = db.session.scalar(
        db.select(func.min(Job.created_at)).where(Job.state == JobState.QUEUED)
    )
    return max(0.0, (datetime.now(UTC) - _aware(oldest)).total_seconds()) if oldest else 0.0


def _recent_jobs(kind: JobKind) -> tuple[float, float, int]:
    """(media seconds, wall seconds, jobs) over the latest successful jobs of one kind."""
    rows = db.session.execute(
        db.select(Job.started_at, Job.finished_at, Recording.duration, Replay.duration)
        .join(Replay, Replay.id == Job.replay_id)
        .outerjoin(Recording, Recording.id == Job.recording_id)
        .where(Job.kind == kind, Job.state == JobState.SUCCEEDED, Job.started_at.is_not(None))
        .where(Job.finished_at.is_not(None))
        .order_by(Job.finished_at.desc())
        .limit(RECENT_JOBS)
    ).all()
    media_s = wall_s = 0.0
    count = 0
    for started, finished, recording_s, replay_s in rows:
        duration = recording_s or replay_s
        wall = (_aware(finished) - _aware(started)).total_seconds()
        if duration and wall > 0:
            media_s, wall_s, count = media_s + duration, wall_s + wall, count + 1
    return media_s, wall_s, count


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric, and its content type."""
    from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    if multiprocess():
        from prometheus_client.multiprocess import MultiProcessCollector

        MultiProcessCollector(registry)
    else:
        for metric in _instruments():
            registry.register(metric)
    registry.register(CatalogueCollector())
    return generate_latest(registry), CONTENT_TYPE_PLAIN_0_0_4
