"""The cue editor: change, add and remove transcript lines, all or nothing, then reindex."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from archive.catalogue.operations import match_speaker
from archive.extensions import db
from archive.models import Cue, Replay, Transcript, TranscriptOrigin
from archive.processing.reindex import replay_changed
from archive.sentences import N_
from archive.times import TimeError, format_precise, parse_typed_time

MAX_TEXT_CHARS = 2000
#: Changed lines kept word for word in the audit log; beyond, only the count.
AUDITED_LINES = 20


class CueEditError(ValueError):
    """Lines that cannot be saved; ``problems`` has one sentence per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LineInput:
    """One row of the cue editor as posted."""

    row: str  #: a cue id, or "new-…" for a line added in the page
    start: str
    end: str
    speaker: str
    text: str
    delete: bool = False


@dataclass
class CueChanges:
    """What a save changed, for the editor's message and the audit log."""

    changed: int = 0
    added: int = 0
    deleted: int = 0
    details: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        """Whether anything changed."""
        return bool(self.changed or self.added or self.deleted)


def lines_from_form(form: MultiDict[str, str]) -> list[LineInput]:
    """The rows of the posted cue editor, in page order."""
    return [
        LineInput(
            row=row,
            start=form.get(f"{row}-start", ""),
            end=form.get(f"{row}-end", ""),
            speaker=form.get(f"{row}-speaker", ""),
            text=form.get(f"{row}-text", ""),
            delete=form.get(f"{row}-delete") == "1",
        )
        for row in form.getlist("row")
    ]


def save_lines(
    replay: Replay, lines: list[LineInput], first_line: int = 1, language: str | None = None
) -> CueChanges:
    """Validate every line, then apply them together; the index follows.

    ``lines`` may be one page of a long transcript (numbered from ``first_line``): lines not
    posted stay as they are. ``language`` picks the track (default: the main one); an
    automatic track an editor changes becomes ``edited``, which speech to text never
    overwrites.
    """
    language = language or (replay.transcript.language if replay.transcript else replay.language)
    transcript = replay.track(language)
    existing = {str(cue.id): cue for cue in (transcript.cues if transcript else [])}
    parsed = _validate(lines, existing, replay.duration, first_line)
    if transcript is None:
        transcript = Transcript(replay=replay, language=language, source_format="vtt")
        db.session.add(transcript)
    changes = CueChanges()
    for number, line, times in parsed:
        cue = existing.get(line.row)
        if line.delete:
            if cue is not None:
                transcript.cues.remove(cue)
                changes.deleted += 1
                _note(changes, f"line {number} deleted", cue.text, None)
            continue
        if cue is None:
            cue = Cue(position=0, start=times[0], end=times[1], text="")
            transcript.cues.append(cue)
            changes.added += 1
            _note(changes, f"line {number} added", None, line.text.strip())
        elif _apply_changed(cue, times, line, number, changes):
            changes.changed += 1
        cue.start, cue.end = times
        if cue.text != _clean(line.text):
            cue.uncertain = None  # the editor wrote these words: nothing left to doubt
        cue.text = _clean(line.text)
        cue.speaker_name = line.speaker.strip()[:200] or None
        cue.speaker = match_speaker(replay.speakers, cue.speaker_name)
    for position, cue in enumerate(sorted(transcript.cues, key=lambda c: (c.start, c.end))):
        cue.position = position
    if changes.any and transcript.origin == TranscriptOrigin.AUTOMATIC:
        transcript.origin = TranscriptOrigin.EDITED
    db.session.commit()
    if changes.any:
        replay_changed(replay.id)
    return changes


def _validate(
    lines: list[LineInput], existing: dict[str, Cue], duration: float | None, first_line: int
) -> list[tuple[int, LineInput, tuple[float, float]]]:
    problems: list[str] = []
    parsed = []
    for number, line in enumerate(lines, start=first_line):
        if line.row not in existing and not line.row.startswith("new-"):
            problems.append(
                N_("Line %(number)s no longer exists; reload the page.") % {"number": number}
            )
            continue
        if line.delete:
            parsed.append((number, line, (0.0, 0.0)))
            continue
        try:
            start, end = parse_typed_time(line.start), parse_typed_time(line.end)
        except TimeError as err:
            problems.append(N_("Line %(number)s: %(err)s") % {"number": number, "err": err})
            continue
        problem = _line_problem(line, start, end, duration)
        if problem:
            problems.append(
                N_("Line %(number)s: %(problem)s") % {"number": number, "problem": problem}
            )
        parsed.append((number, line, (start, end)))
    if problems:
        raise CueEditError(problems)
    return parsed


def _line_problem(line: LineInput, start: float, end: float, duration: float | None) -> str | None:
    if end <= start:
        return N_("it must end after it starts.")
    if duration is not None and start >= duration:
        return N_("it starts after the end of the recording (%(duration)s).") % {
            "duration": format_precise(duration)
        }
    if not line.text.strip():
        return N_("the text is empty; tick Delete to remove the line.")
    if len(line.text) > MAX_TEXT_CHARS:
        return N_("the text is longer than %(max_text_chars)s characters.") % {
            "max_text_chars": MAX_TEXT_CHARS
        }
    if len(line.speaker) > 200:
        return N_("the speaker's name is longer than 200 characters.")
    return None


def _apply_changed(
    cue: Cue, times: tuple[float, float], line: LineInput, number: int, changes: CueChanges
) -> bool:
    """Whether the posted line differs from the stored cue (noting text changes)."""
    text, speaker = _clean(line.text), line.speaker.strip() or None
    if text != cue.text:
        _note(changes, f"line {number} text", cue.text, text)
    if speaker != cue.speaker_name:
        _note(changes, f"line {number} speaker", cue.speaker_name, speaker)
    if (cue.start, cue.end) != times:
        _note(changes, f"line {number} timing", _span(cue.start, cue.end), _span(*times))
    return text != cue.text or speaker != cue.speaker_name or (cue.start, cue.end) != times


def _note(changes: CueChanges, key: str, before: Any, after: Any) -> None:
    if len(changes.details) < AUDITED_LINES:
        changes.details[key] = (before, after)


def _span(start: float, end: float) -> str:
    return f"{format_precise(start)} → {format_precise(end)}"


def _clean(text: str) -> str:
    """Plain text with Unix line ends, as the parser stores it."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
