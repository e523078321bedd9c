"""The words of a search to mark on a replay page opened from one of its results."""

from __future__ import annotations

from collections.abc import Iterable

from archive.models import Transcript
from archive.search.access import search_index
from archive.search.engine.analysis import language_of
from archive.search.engine.highlighting import cue_marks
from archive.search.engine.index import IndexUnavailable
from archive.search.service import MAX_QUERY_CHARS

#: Per transcript id: each matching cue's position and its marked spans as "start-end ...".
TrackMarks = dict[int, dict[int, str]]


def transcript_marks(q: str, tracks: Iterable[Transcript]) -> TrackMarks:
    """Where the query's words are said in each track, analysed as search analyses them."""
    q = q[:MAX_QUERY_CHARS].strip()
    if not q:
        return {}
    try:
        terms = search_index().query_terms(q)
    except IndexUnavailable:
        # Marks are a help, not the page: without an index the replay still plays.
        return {}
    marks: TrackMarks = {}
    for track in tracks:
        language = language_of(track.language)
        found = cue_marks((cue.text for cue in track.cues), language, terms.get(language, ()))
        marks[track.id] = {
            cue.index: " ".join(f"{start}-{end}" for start, end in cue.spans) for cue in found
        }
    return marks
