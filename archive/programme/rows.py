"""Reading a programme file: one session per CSV row or JSON object, validated as a whole.

Rows are numbered from 1, the first session (a CSV header is not a row). Every problem is
one sentence naming the row and the column; a file with any problem applies nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from archive.models import SessionType, Visibility

COLUMNS = (
    "key", "title", "type", "event", "date", "speakers", "themes", "language", "visibility",
    "description", "media", "transcript",
)  # fmt: skip
LANGUAGES = ("fr", "en")
#: "Name (Role, Organisation)"; the part in brackets is optional, the organisation too.
_SPEAKER = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<details>[^()]*)\))?$")


class ProgrammeError(ValueError):
    """A file that cannot be read at all; the message is one sentence."""


@dataclass(frozen=True)
class SpeakerEntry:
    """A speaker of a session, with the role and organisation the programme gives."""

    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass
class ProgrammeRow:
    """One session of the programme, validated."""

    number: int
    key: str
    title: str
    session_type: SessionType = SessionType.TALK
    event: str | None = None
    recorded_on: date | None = None
    speakers: list[SpeakerEntry] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    language: str = "fr"
    visibility: Visibility = Visibility.PUBLIC
    description: str | None = None
    media: Path | None = None
    transcripts: list[Path] = field(default_factory=list)


@dataclass
class Programme:
    """The file's sessions and every problem found in it (apply only when there is none)."""

    name: str
    rows: list[ProgrammeRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_programme(path: Path) -> Programme:
    """The programme in ``path`` (CSV or JSON), every row validated."""
    try:
        data = path.read_bytes()
    except OSError:
        return Programme(
            path.name, errors=[_("%(file)s: the file cannot be read.", file=path.name)]
        )
    return parse_programme(path.name, data, base=path.parent)


def parse_programme(name: str, data: bytes, *, base: Path | None = None) -> Programme:
    """The programme in ``data``; ``name`` says its format (.csv, .json, else by content) and
    is how errors name it; media and transcript paths are relative to ``base``, else here."""
    programme = Programme(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        programme.errors.append(_("%(file)s: the file is not UTF-8 text.", file=name))
        return programme
    try:
        records = _records(name, text)
    except ProgrammeError as err:
        programme.errors.append(_("%(file)s: %(reason)s", file=name, reason=err))
        return programme
    seen: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        problems: list[tuple[str, str]] = []
        row = _row(number, record, base, problems)
        if row is not None and row.key in seen:
            problems.append(
                (
                    "key",
                    _(
                        "%(key)s is already the key of row %(row)s.",
                        key=_q(row.key),
                        row=seen[row.key],
                    ),
                )
            )
        for column, sentence in problems:
            programme.errors.append(
                _(
                    '%(file)s: row %(row)s, column "%(column)s": %(problem)s',
                    file=name, row=number, column=column, problem=sentence,
                )
            )  # fmt: skip
        if row is not None and not problems:
            seen[row.key] = number
            programme.rows.append(row)
    if not records and not programme.errors:
        programme.errors.append(_("%(file)s: the programme has no session.", file=name))
    return programme


def _records(name: str, text: str) -> list[dict[str, Any]]:
    """The file's sessions as column → value, whatever its format."""
    suffix = Path(name).suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("[", "{"))
    return _json_records(text) if is_json else _csv_records(text)


def _json_records(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ProgrammeError(
            _("line %(line)s: the JSON is invalid (%(reason)s).", line=err.lineno, reason=err.msg)
        ) from None
    if isinstance(data, dict) and isinstance(data.get("sessions"), list):
        data = data["sessions"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ProgrammeError(
            _('the JSON must be a list of sessions (objects), or {"sessions": [...]}.')
        )
    _check_columns({key for item in data for key in item})
    return data


def _csv_records(text: str) -> list[dict[str, Any]]:
    sample = text[:4096]
    delimiter = (
        ";" if sample.partition("\n")[0].count(";") > sample.partition("\n")[0].count(",") else ","
    )
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip().lower() for column in reader.fieldnames or []]
    _check_columns(set(header))
    for missing in ("key", "title"):
        if missing not in header:
            raise ProgrammeError(_('the header has no "%(column)s" column.', column=missing))
    reader.fieldnames = header
    records = []
    for record in reader:
        if None in record:
            raise ProgrammeError(
                _(
                    "line %(line)s has more values than the header has columns.",
                    line=reader.line_num,
                )
            )
        if any((value or "").strip() for value in record.values()):
            records.append(record)
    return records


def _check_columns(columns: set[str]) -> None:
    unknown = sorted(columns - set(COLUMNS))
    if unknown:
        raise ProgrammeError(
            _(
                'the column "%(column)s" is unknown; the columns are %(columns)s.',
                column=unknown[0], columns=", ".join(COLUMNS),
            )
        )  # fmt: skip


def _q(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _text(record: dict[str, Any], column: str, problems: list[tuple[str, str]]) -> str:
    value = record.get(column)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.append((column, _("the value must be text.")))
        return ""
    return str(value).strip()


def _row(
    number: int, record: dict[str, Any], base: Path | None, problems: list[tuple[str, str]]
) -> ProgrammeRow | None:
    key = _text(record, "key", problems)
    title = _text(record, "title", problems)
    for column, value, limit in (("key", key, 200), ("title", title, 300)):
        if not value:
            problems.append((column, _("a value is required.")))
        elif len(value) > limit:
            problems.append((column, _("at most %(count)s characters.", count=limit)))
    row = ProgrammeRow(number=number, key=key, title=title)
    row.session_type = _choice(record, "type", SessionType, SessionType.TALK, problems)
    row.visibility = _choice(record, "visibility", Visibility, Visibility.PUBLIC, problems)
    row.event = _text(record, "event", problems)[:200] or None
    row.description = _text(record, "description", problems) if "description" in record else None
    row.language = _text(record, "language", problems) or "fr"
    if row.language not in LANGUAGES:
        problems.append(("language", _("%(value)s is not fr or en.", value=_q(row.language))))
    written = _text(record, "date", problems)
    if written:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
                raise ValueError
            row.recorded_on = date.fromisoformat(written)
        except ValueError:
            problems.append(("date", _("%(value)s is not a date (YYYY-MM-DD).", value=_q(written))))
    row.speakers = _speakers(record.get("speakers"), problems)
    row.themes = _list(record, "themes", problems)
    media = _text(record, "media", problems)
    row.media = _existing_file(media, base, "media", problems) if media else None
    for written_path in _list(record, "transcript", problems):
        found = _existing_file(written_path, base, "transcript", problems)
        if found is not None:
            row.transcripts.append(found)
    return row


def _choice(
    record: dict[str, Any], column: str, enum: Any, default: Any, problems: list[tuple[str, str]]
) -> Any:
    value = _text(record, column, problems)
    if not value:
        return default
    allowed = [member.value for member in enum]
    if value not in allowed:
        problems.append(
            (
                column,
                _(
                    "%(value)s is not one of %(allowed)s.",
                    value=_q(value),
                    allowed=", ".join(allowed),
                ),
            )
        )
        return default
    return enum(value)


def _list(record: dict[str, Any], column: str, problems: list[tuple[str, str]]) -> list[str]:
    value = record.get(column)
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            problems.append((column, _("the list must hold text only.")))
            return []
        items = value
    else:
        items = _text(record, column, problems).split(";")
    return [item.strip() for item in items if item.strip()]


def _speakers(value: Any, problems: list[tuple[str, str]]) -> list[SpeakerEntry]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        entries = []
        for written in (part.strip() for part in value.split(";")):
            match = _SPEAKER.match(written) if written else None
            if written and match is None:
                problems.append(
                    (
                        "speakers",
                        _("%(value)s is not “Name (Role, Organisation)”.", value=_q(written)),
                    )
                )
            elif match is not None:
                role, _comma, organisation = (match["details"] or "").partition(",")
                entries.append(
                    SpeakerEntry(
                        match["name"].strip(), role.strip() or None, organisation.strip() or None
                    )
                )
        return entries
    if isinstance(value, list) and all(isinstance(item, dict | str) for item in value):
        entries = []
        for item in value:
            item = {"name": item} if isinstance(item, str) else item
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                problems.append(("speakers", _("every speaker needs a name.")))
                continue
            role, organisation = item.get("role"), item.get("organisation")
            entries.append(
                SpeakerEntry(
                    name.strip()[:200],
                    str(role).strip()[:200] or None if role else None,
                    str(organisation).strip()[:200] or None if organisation else None,
                )
            )
        return entries
    problems.append(("speakers", _("the speakers must be a list of {name, role, organisation}.")))
    return []


def _existing_file(
    written: str, base: Path | None, column: str, problems: list[tuple[str, str]]
) -> Path | None:
    """The file a row names: relative paths from the programme's folder, else from here."""
    path = Path(written).expanduser()
    candidates = (
        [path] if path.is_absolute() else [p for p in (base / path if base else None, path) if p]
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    problems.append((column, _("the file %(value)s does not exist.", value=_q(written))))
    return None
