"""Small replays for the search tests, written inline where each test can show what it needs."""

from __future__ import annotations

from archive.search.engine.documents import MomentDoc, ReplayDoc
from archive.search.engine.query import SearchRequest

ANONYMOUS = frozenset({"public"})
EDITOR = frozenset({"public", "unlisted", "private"})


def replay(
    replay_id: str,
    *cues: str | tuple[str, str],
    title: str = "Une session",
    language: str = "fr",
    visibility: str = "public",
    event_slug: str | None = "rencontres-2025",
    year: int | None = 2025,
    description: str = "",
    cue_seconds: float = 8.0,
    themes: tuple[str, ...] = (),
    chapters: tuple[str, ...] = (),
    session_type: str = "talk",
    event: str | None = None,
) -> ReplayDoc:
    """A replay whose cues (text, or (speaker, text)) start every ``cue_seconds``."""
    moments = []
    for number, cue in enumerate(cues):
        speaker, text = cue if isinstance(cue, tuple) else (None, cue)
        start = number * cue_seconds
        moments.append(MomentDoc(number + 1, start, start + cue_seconds - 0.5, text, speaker))
    return ReplayDoc(
        replay_id=replay_id,
        title=title,
        description=description,
        language=language,
        visibility=visibility,
        event=event or (f"Rencontres {year}" if event_slug else None),
        event_slug=event_slug,
        year=year,
        speakers=sorted({m.speaker for m in moments if m.speaker}),
        themes=list(themes),
        session_type=session_type,
        moments=moments,
        chapters=list(chapters),
    )


def ask(q: str, visibilities: frozenset[str] = ANONYMOUS, **filters: object) -> SearchRequest:
    """An anonymous search unless told otherwise."""
    return SearchRequest(q=q, visibilities=visibilities, **filters)  # type: ignore[arg-type]
