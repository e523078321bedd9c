"""The chapters editor: the whole list is posted and replaces the replay's chapters."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from archive.extensions import db
from archive.models import Chapter, Replay
from archive.processing.reindex import replay_changed
from archive.sentences import N_
from archive.times import TimeError, format_precise, parse_typed_time


class ChapterError(ValueError):
    """Chapters that cannot be saved; ``problems`` has one sentence per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ChapterInput:
    """One row of the chapters editor as posted."""

    start: str
    title: str
    delete: bool = False


def chapters_from_form(form: MultiDict[str, str]) -> list[ChapterInput]:
    """The posted rows in page order; rows left blank are ignored."""
    rows = [
        ChapterInput(
            start=form.get(f"{row}-start", "").strip(),
            title=form.get(f"{row}-title", "").strip(),
            delete=form.get(f"{row}-delete") == "1",
        )
        for row in form.getlist("row")
    ]
    return [row for row in rows if not row.delete and (row.start or row.title)]


def save_chapters(replay: Replay, rows: list[ChapterInput]) -> list[tuple[float, str]]:
    """Replace the chapters with ``rows`` (sorted by time); returns them as (start, title)."""
    problems: list[str] = []
    chapters: dict[float, str] = {}
    for number, row in enumerate(rows, start=1):
        try:
            start = parse_typed_time(row.start or "0")
        except TimeError as err:
            problems.append(N_("Chapter %(number)s: %(err)s") % {"number": number, "err": err})
            continue
        if not row.title:
            problems.append(N_("Chapter %(number)s has no title.") % {"number": number})
        elif len(row.title) > 300:
            problems.append(
                N_("Chapter %(number)s: the title is longer than 300 characters.")
                % {"number": number}
            )
        elif replay.duration is not None and start >= replay.duration:
            problems.append(
                N_("Chapter %(number)s starts after the end of the recording (%(duration)s).")
                % {"number": number, "duration": format_precise(replay.duration)}
            )
        elif start in chapters:
            problems.append(
                N_("Chapter %(number)s starts at the same time as another one.")
                % {"number": number}
            )
        chapters[start] = row.title
    if problems:
        raise ChapterError(problems)
    replay.chapters = [
        Chapter(start=start, title=title) for start, title in sorted(chapters.items())
    ]
    db.session.commit()
    # Chapter titles name the replay in search (fielded matching).
    replay_changed(replay.id)
    return sorted(chapters.items())
