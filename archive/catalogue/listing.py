"""Sorting and filtering lists of replays, from a page's query string."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext
from sqlalchemy import Select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from archive.catalogue.queries import listed_replays
from archive.models import Event, Replay, SessionType, Theme


class Sort(enum.StrEnum):
    """The orders a list of replays can be shown in."""

    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    LONGEST = "longest"
    SHORTEST = "shortest"


SORT_LABELS = {
    Sort.NEWEST: lazy_gettext("Newest first"),
    Sort.OLDEST: lazy_gettext("Oldest first"),
    Sort.TITLE: lazy_gettext("Title (A–Z)"),
    Sort.LONGEST: lazy_gettext("Longest first"),
    Sort.SHORTEST: lazy_gettext("Shortest first"),
}

_ORDER = {
    Sort.NEWEST: (Replay.recorded_on.desc().nulls_last(), Replay.created_at.desc()),
    Sort.OLDEST: (Replay.recorded_on.asc().nulls_last(), Replay.created_at.asc()),
    Sort.TITLE: (Replay.title.asc(),),
    Sort.LONGEST: (Replay.duration.desc().nulls_last(), Replay.title.asc()),
    Sort.SHORTEST: (Replay.duration.asc().nulls_last(), Replay.title.asc()),
}


@dataclass(frozen=True)
class Listing:
    """What a visitor asked a list to show; unknown values are ignored, never an error."""

    sort: Sort = Sort.NEWEST
    event: str | None = None
    session_type: SessionType | None = None
    language: str | None = None
    theme: str | None = None

    @property
    def filtered(self) -> bool:
        """Whether any filter is on (the page then offers to clear them)."""
        return any((self.event, self.session_type, self.language, self.theme))

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> Listing:
        """Read ``sort``, ``event``, ``type``, ``language`` and ``theme`` from a query string."""
        sort = args.get("sort", "")
        session_type = args.get("type", "")
        language = args.get("language", "")
        return cls(
            sort=Sort(sort) if sort in Sort.__members__.values() else Sort.NEWEST,
            event=args.get("event", "").strip()[:120] or None,
            session_type=SessionType(session_type)
            if session_type in SessionType.__members__.values()
            else None,
            language=language if language in ("fr", "en") else None,
            theme=args.get("theme", "").strip()[:120] or None,
        )

    def apply(self, query: Select[Replay]) -> Select[Replay]:
        """The query narrowed by the filters and put in the chosen order."""
        if self.event:
            query = query.where(Replay.event.has(Event.slug == self.event))
        if self.session_type:
            query = query.where(Replay.session_type == self.session_type)
        if self.language:
            query = query.where(Replay.language == self.language)
        if self.theme:
            query = query.where(Replay.themes.any(Theme.slug == self.theme))
        return query.order_by(None).order_by(*_ORDER[self.sort])


def replays_for_cards(query: Select[Replay] | None = None) -> Select[Replay]:
    """Listed replays with what their cards show loaded up front (no query per card)."""
    base: Select[Replay] = listed_replays() if query is None else query
    return base.options(selectinload(Replay.speakers), selectinload(Replay.event))
