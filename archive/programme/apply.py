"""What a programme changes (the preview) and applying it (the CLI and the admin page).

A row matches its replay by external key: new keys make DRAFT replays, known keys update
the replay's details, and a row that would change nothing leaves it untouched, so a file
applied twice changes nothing the second time. A row's recording is imported onto its
replay like ``replay-archive import MEDIA --replay ID``; the same file (name and size) as
the replay's latest recording is not imported again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from archive.catalogue.operations import (
    get_or_create_event,
    get_or_create_speaker,
    get_or_create_theme,
    set_speakers,
)
from archive.catalogue.updates import update_replay
from archive.extensions import db
from archive.models import Replay, ReplayStatus, Speaker, Transcript
from archive.processing.reindex import replay_changed
from archive.programme.rows import Programme, ProgrammeRow
from archive.text import slugify
from archive.transcripts import ParsedTranscript
from archive.uploads.operations import (
    ImportRequest,
    InvalidImport,
    enqueue,
    existing_replay,
    import_recording,
    parsed_tracks,
    validate,
)
from archive.uploads.transcripts import attach_transcript
from archive.webhooks.outbox import announce, exposure


@dataclass
class RowPlan:
    """What applying one row does to its replay."""

    row: ProgrammeRow
    replay: Replay | None
    #: the details that differ ("title", "speakers", "transcript fr"...); empty: unchanged
    changes: list[str] = field(default_factory=list)
    #: the row's transcript files, parsed, with their languages
    tracks: list[tuple[str, ParsedTranscript]] = field(default_factory=list)
    #: whether the row's media is a recording the replay does not have yet
    new_media: bool = False

    @property
    def action(self) -> str:
        """created, updated or unchanged."""
        if self.replay is None:
            return "created"
        return "updated" if self.changes else "unchanged"


@dataclass
class ProgrammeOutcome:
    """What an import did (or would do): replay ids by action, one line per row, errors."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[str]]:
        """The ``--json`` object."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }

    @property
    def summary(self) -> str:
        """The final line: created N, updated M, unchanged K."""
        return _(
            "created %(created)s, updated %(updated)s, unchanged %(unchanged)s",
            created=len(self.created), updated=len(self.updated), unchanged=len(self.unchanged),
        )  # fmt: skip


def plan_programme(programme: Programme) -> tuple[list[RowPlan], list[str]]:
    """What each row would change, and every problem (the file's, then its transcripts')."""
    errors = list(programme.errors)
    plans = []
    for row in programme.rows:
        replay = db.session.scalar(db.select(Replay).where(Replay.external_key == row.key))
        plan = RowPlan(row, replay)
        request = ImportRequest(
            media=row.media or Path(), transcripts=row.transcripts, language=row.language
        )
        column = "transcript"
        try:
            plan.tracks = parsed_tracks(request, None)
            plan.new_media = row.media is not None and not _has_recording(replay, row.media)
            column = "media"
            if plan.new_media:
                validate(request)
                if replay is not None:
                    existing_replay(replay.id)  # refuses a replay whose recording is processing
        except InvalidImport as err:
            errors.append(_row_error(programme.name, row.number, column, str(err)))
            continue
        plan.changes = _differences(replay, row, plan.tracks) if replay is not None else []
        if plan.new_media and replay is not None:
            plan.changes.append("media")
        plans.append(plan)
    return plans, errors


def _row_error(file: str, row: int, column: str, problem: str) -> str:
    return _(
        '%(file)s: row %(row)s, column "%(column)s": %(problem)s',
        file=file, row=row, column=column, problem=problem,
    )  # fmt: skip


def preview_programme(programme: Programme) -> ProgrammeOutcome:
    """What applying would do, changing nothing."""
    plans, errors = plan_programme(programme)
    outcome = ProgrammeOutcome(errors=errors)
    if not errors:
        for plan in plans:
            _count(outcome, plan, plan.replay.id if plan.replay else "")
    return outcome


def apply_programme(programme: Programme) -> ProgrammeOutcome:
    """Apply every row, or none when any row is invalid."""
    plans, errors = plan_programme(programme)
    outcome = ProgrammeOutcome(errors=errors)
    if errors:
        return outcome
    for plan in plans:
        replay = _apply_row(plan)
        _count(outcome, plan, replay.id)
    return outcome


def _count(outcome: ProgrammeOutcome, plan: RowPlan, replay_id: str) -> None:
    row = plan.row
    getattr(outcome, plan.action).append(replay_id)
    if plan.action == "created":
        line = _(
            "row %(row)s (%(key)s): created draft %(id)s", row=row.number, key=row.key, id=replay_id
        )
    elif plan.action == "updated":
        line = _(
            "row %(row)s (%(key)s): updated %(id)s (%(fields)s)",
            row=row.number, key=row.key, id=replay_id, fields=", ".join(plan.changes),
        )  # fmt: skip
    else:
        line = _(
            "row %(row)s (%(key)s): unchanged %(id)s", row=row.number, key=row.key, id=replay_id
        )
    if row.media is not None:
        if plan.new_media:
            line += " · " + _("recording %(name)s imported", name=row.media.name)
        else:
            line += " · " + _("recording %(name)s already imported, kept", name=row.media.name)
    outcome.lines.append(line)


def _apply_row(plan: RowPlan) -> Replay:
    row = plan.row
    replay = plan.replay
    if replay is not None and not plan.changes:
        return replay
    if replay is None:
        replay = Replay(external_key=row.key, status=ReplayStatus.DRAFT, title=row.title)
        db.session.add(replay)
    _assign(replay, row)
    if replay.status == ReplayStatus.DRAFT:
        replay.visibility = row.visibility
    elif replay.visibility != row.visibility:
        # The one path that moves a published replay's public media when it stops being public.
        update_replay(replay, {"visibility": row.visibility.value})
    else:
        announce(replay, exposure(replay))
    if not plan.new_media:
        for language, parsed in plan.tracks:
            if _track_differs(replay, language, parsed):
                attach_transcript(replay, parsed, language)
    db.session.commit()
    if plan.new_media:
        assert row.media is not None
        request = ImportRequest(
            media=row.media,
            transcripts=row.transcripts,
            language=row.language,
            visibility=row.visibility,
            session_type=row.session_type,
            replay_id=replay.id,
        )
        _replay, job = import_recording(request)
        if job is not None:
            enqueue(job)
    elif replay.status != ReplayStatus.DRAFT:
        replay_changed(replay.id)
    return replay


def _assign(replay: Replay, row: ProgrammeRow) -> None:
    """Give the replay the row's details (only those that differ are written by SQLAlchemy)."""
    replay.title = row.title
    replay.session_type = row.session_type
    replay.recorded_on = row.recorded_on
    replay.language = row.language
    if row.description is not None:
        replay.description = row.description
    elif replay.description is None:
        replay.description = ""
    replay.event = get_or_create_event(row.event) if row.event else None
    replay.themes = [get_or_create_theme(name) for name in row.themes]
    speakers = []
    for entry in row.speakers:
        speaker = get_or_create_speaker(entry.name)
        if entry.role is not None:
            speaker.role_title = entry.role
        if entry.organisation is not None:
            speaker.organisation = entry.organisation
        if speaker not in speakers:
            speakers.append(speaker)
    set_speakers(replay, speakers)


def _differences(
    replay: Replay, row: ProgrammeRow, tracks: list[tuple[str, ParsedTranscript]]
) -> list[str]:
    """The names of the replay's details the row would change."""
    changed = []
    pairs = {
        "title": (replay.title, row.title),
        "type": (replay.session_type, row.session_type),
        "date": (replay.recorded_on, row.recorded_on),
        "language": (replay.language, row.language),
        "visibility": (replay.visibility, row.visibility),
        "event": (
            replay.event.slug if replay.event else None,
            slugify(row.event) if row.event else None,
        ),
        "themes": (sorted(t.slug for t in replay.themes), sorted({slugify(n) for n in row.themes})),
        "speakers": (
            [s.slug for s in replay.speakers],
            list(dict.fromkeys(slugify(entry.name) for entry in row.speakers)),
        ),
    }
    if row.description is not None:
        pairs["description"] = (replay.description, row.description)
    changed = [name for name, (old, new) in pairs.items() if old != new]
    if "speakers" not in changed and _speaker_details_differ(row):
        changed.append("speakers")
    for language, parsed in tracks:
        if _track_differs(replay, language, parsed):
            changed.append(f"transcript {language}")
    return changed


def _speaker_details_differ(row: ProgrammeRow) -> bool:
    for entry in row.speakers:
        speaker = db.session.scalar(db.select(Speaker).where(Speaker.slug == slugify(entry.name)))
        if speaker is None:
            return True
        if entry.role is not None and speaker.role_title != entry.role:
            return True
        if entry.organisation is not None and speaker.organisation != entry.organisation:
            return True
    return False


def _track_differs(replay: Replay, language: str, parsed: ParsedTranscript) -> bool:
    track: Transcript | None = replay.track(language)
    if track is None:
        return True
    have = [(round(c.start, 3), round(c.end, 3), c.text) for c in track.cues]
    given = [(round(c.start, 3), round(c.end, 3), c.text) for c in parsed.cues]
    return have != given


def _has_recording(replay: Replay | None, media: Path) -> bool:
    """Whether the replay's latest recording is this file (same name and size)."""
    if replay is None or not replay.recordings:
        return False
    latest = replay.recordings[-1]
    return (
        latest.original_filename == media.name[:300] and latest.size_bytes == media.stat().st_size
    )
