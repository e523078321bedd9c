"""The replay details an editor types beside an upload: read and checked in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import MultiDict

from archive.models import Visibility
from archive.sentences import N_
from archive.uploads.limits import UploadRefused
from archive.uploads.operations import LANGUAGES, ImportRequest

MAX_TITLE = 300
MAX_NAME = 200
MAX_SPEAKERS = 30
# Speakers are typed in one field, separated by commas, semicolons or new lines.
_SPEAKER_SEPARATORS = re.compile(r"[,;\n]")


@dataclass(frozen=True)
class ReplayDetails:
    """What the upload form says about the replay to create."""

    title: str | None
    event: str | None
    speakers: tuple[str, ...]
    language: str
    visibility: Visibility

    def import_request(
        self, media: Path, *, original_filename: str, transcript: Path | None
    ) -> ImportRequest:
        """The import of ``media`` (the editor's file name kept for the title default)."""
        return ImportRequest(
            media=media,
            title=self.title or Path(original_filename).stem or None,
            transcripts=[transcript] if transcript is not None else [],
            event=self.event,
            speakers=list(self.speakers),
            language=self.language,
            visibility=self.visibility,
            original_filename=original_filename,
        )


def read_details(form: MultiDict[str, str]) -> ReplayDetails:
    """The details from the upload form, or UploadRefused naming the first problem."""
    title = _text(form, "title", "title", MAX_TITLE)
    event = _text(form, "event", "event name", MAX_NAME)
    raw_speakers = form.get("speakers", "")
    speakers = tuple(
        dict.fromkeys(name.strip() for name in _SPEAKER_SEPARATORS.split(raw_speakers))
    )
    speakers = tuple(name for name in speakers if name)
    if len(speakers) > MAX_SPEAKERS:
        raise UploadRefused(
            N_("A replay can name at most %(max_speakers)s speakers.")
            % {"max_speakers": MAX_SPEAKERS}
        )
    if any(len(name) > MAX_NAME for name in speakers):
        raise UploadRefused(
            N_("A speaker's name must be at most %(max_name)s characters.") % {"max_name": MAX_NAME}
        )
    language = form.get("language", "fr")
    if language not in LANGUAGES:
        raise UploadRefused(
            N_("The language must be one of %(languages)s.") % {"languages": ", ".join(LANGUAGES)}
        )
    try:
        visibility = Visibility(form.get("visibility", Visibility.PUBLIC.value))
    except ValueError:
        choices = ", ".join(v.value for v in Visibility)
        raise UploadRefused(
            N_("The visibility must be one of %(choices)s.") % {"choices": choices}
        ) from None
    return ReplayDetails(title, event, speakers, language, visibility)


def _text(form: MultiDict[str, str], field: str, label: str, limit: int) -> str | None:
    value = " ".join(form.get(field, "").split())
    if len(value) > limit:
        raise UploadRefused(
            N_("The %(label)s must be at most %(limit)s characters.")
            % {"label": label, "limit": limit}
        )
    return value or None
