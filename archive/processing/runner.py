"""Running one job row to its end, whatever its kind: claim, heartbeat, retries, failure.

A task delivered twice does its work once (the claim is a conditional update), a transient
fault (storage endpoint or database down) is retried in place, and every other failure
ends the job with one sentence.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.exc import OperationalError

from archive import services
from archive.extensions import db
from archive.models import Job
from archive.models.enums import JobKind
from archive.processing import job_rows
from archive.processing.log_context import job_context
from archive.sentences import N_
from archive.storage import StorageUnavailable
from config import Settings
from media_jobs.errors import MediaError

log = logging.getLogger(__name__)

#: Waits before each new try after a transient fault (storage endpoint down, network errors).
TRANSIENT_BACKOFF_S = (2, 4, 8, 16, 32)
INTERNAL_ERROR = N_("Processing stopped on an internal error; the log has the details.")

#: The work of one kind of job, given its claimed row; raises MediaError with a sentence.
Work = Callable[[Job, Settings], None]


def run_claimed(job_id: int, work: Work, kind: JobKind | None = None) -> None:
    """Claim the job and do ``work`` to the end: done, failed with one sentence, or left to others.

    With ``kind``, a job row of another kind is left alone (a message meant for another task).
    """
    with job_context(job_id):  # every log line written for this job carries its id
        _run(job_id, work, kind)


def _run(job_id: int, work: Work, kind: JobKind | None) -> None:
    settings = services.settings()
    job = job_rows.claim(job_id, settings.job_stale_s, kind)
    if job is None:
        log.info("job %s: nothing to do (taken, finished or cancelled)", job_id)
        return
    with job_rows.heartbeat(job_id, settings.job_heartbeat_s):
        for attempt, pause in enumerate((*TRANSIENT_BACKOFF_S, None), start=1):
            try:
                if attempt > 1:
                    # The fault may have come after the work's own commit (the replay
                    # published, then the database went away): a finished job is not redone,
                    # or its new try would delete the outputs the replay now points to.
                    job_rows.ensure_running(job_id)
                work(job, settings)
                return
            except (StorageUnavailable, OperationalError) as err:
                # A database restart is as transient as a storage outage: same retries.
                db.session.rollback()
                if pause is None:
                    job_rows.fail(
                        job_id,
                        N_("The database or the media store stayed unreachable; retry later."),
                    )
                    return
                log.warning("job %s: try %s hit a transient fault (%s)", job_id, attempt, err)
                time.sleep(pause)
            except job_rows.JobCancelled:
                log.info("job %s: cancelled", job_id)
                return
            except MediaError as err:
                log.info("job %s: failed: %s", job_id, err.sentence)
                job_rows.fail(job_id, err.sentence, err.log_tail)
                return
            except Exception:
                log.exception("job %s: internal error", job_id)
                job_rows.fail(job_id, INTERNAL_ERROR)
                return
