"""What editor templates are given besides their own data: labels and links of the editor."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from archive.accounts.access import is_admin, is_scheduled
from archive.editor import bp
from archive.models import JobState, ReplayStatus, Visibility
from archive.models.enums import JobKind
from archive.times import format_precise

STATUS_LABELS = {
    ReplayStatus.DRAFT: _l("Draft"),
    ReplayStatus.PROCESSING: _l("Processing"),
    ReplayStatus.PUBLISHED: _l("Published"),
    ReplayStatus.FAILED: _l("Failed"),
}
VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Public"),
    Visibility.UNLISTED: _l("Unlisted"),
    Visibility.PRIVATE: _l("Private"),
}
JOB_STATE_LABELS = {
    JobState.QUEUED: _l("Queued"),
    JobState.RUNNING: _l("Running"),
    JobState.SUCCEEDED: _l("Succeeded"),
    JobState.FAILED: _l("Failed"),
    JobState.CANCELLED: _l("Cancelled"),
}
JOB_KIND_LABELS = {
    JobKind.PROCESS: _l("Processing"),
    JobKind.HIGHLIGHT: _l("Highlight cut"),
    JobKind.TRANSCRIBE: _l("Speech to text"),
    JobKind.CHUNK: _l("Processing (part)"),
    JobKind.ASSEMBLE: _l("Processing (assembly)"),
}


def upload_url() -> str | None:
    """The upload page, when the uploads area provides one."""
    rules = current_app.url_map.iter_rules()
    return "/upload" if any(rule.rule == "/upload" for rule in rules) else None


@bp.context_processor
def editor_context() -> dict[str, Any]:
    """Helpers every editor template may use."""
    return {
        "is_admin": is_admin(),
        "upload_url": upload_url(),
        "status_label": lambda status: STATUS_LABELS[ReplayStatus(status)],
        "visibility_label": lambda value: VISIBILITY_LABELS[Visibility(value)],
        "job_state_label": lambda state: JOB_STATE_LABELS[JobState(state)],
        "job_kind_label": lambda kind: JOB_KIND_LABELS[JobKind(kind)],
        "editor_time": format_precise,
        "is_scheduled": is_scheduled,
    }
