"""Load the search benchmark's generated corpus into an instance's catalogue and index.

    ARCHIVE_INSTANCE_DIR=bench/out/load-instance .venv/bin/python bench/load_catalogue.py --hours 1000

Replays, events, speakers, themes, transcripts and cues go straight into the database (the
media are not generated: pages and search do not need them), then the index is rebuilt
from the database as ``replay-archive reindex`` does. Uses bench/search_corpus.py as is.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import build_corpus  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from archive import create_app  # noqa: E402
from archive.catalogue.operations import (  # noqa: E402
    get_or_create_event,
    get_or_create_speaker,
    get_or_create_theme,
)
from archive.extensions import db  # noqa: E402
from archive.instance import init_instance  # noqa: E402
from archive.models import (  # noqa: E402
    Cue,
    Replay,
    ReplayStatus,
    SessionType,
    Transcript,
    Visibility,
)
from archive.search.engine.documents import ReplayDoc  # noqa: E402
from archive.search.indexing import rebuild_index  # noqa: E402


def add(doc: ReplayDoc) -> None:
    """One generated replay, published, with its transcript."""
    with db.session.no_autoflush:
        event = get_or_create_event(doc.event) if doc.event else None
        speakers = [get_or_create_speaker(name) for name in doc.speakers]
        themes = [get_or_create_theme(name) for name in doc.themes]
    replay = Replay(
        id=doc.replay_id,
        title=doc.title,
        description=doc.description,
        language=doc.language,
        visibility=Visibility(doc.visibility),
        status=ReplayStatus.PUBLISHED,
        session_type=SessionType(doc.session_type or "talk"),
        event=event,
        duration=doc.moments[-1].end if doc.moments else 0,
        media_prefix=f"replays/{doc.replay_id}/v1-1/",
        hls_key="master.m3u8",
    )
    replay.speakers.extend(speakers)
    replay.themes.extend(themes)
    transcript = Transcript(language=doc.language, source_format="vtt")
    replay.transcripts.append(transcript)
    db.session.add(replay)
    db.session.flush()
    db.session.execute(
        insert(Cue),
        [
            {
                "transcript_id": transcript.id,
                "position": i,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "speaker_name": m.speaker,
            }
            for i, m in enumerate(doc.moments)
        ],
    )


def main() -> int:
    """Load the corpus, then rebuild the index."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=1000.0)
    hours = parser.parse_args().hours
    app = create_app()
    with app.app_context():
        list(init_instance())
        start = time.perf_counter()
        corpus = build_corpus(hours)
        for number, doc in enumerate(corpus.replays, start=1):
            if db.session.get(Replay, doc.replay_id) is None:
                add(doc)
            if number % 100 == 0:
                db.session.commit()
        db.session.commit()
        print(
            f"catalogue: {len(corpus.replays)} replays, {corpus.moments} cues"
            f" ({time.perf_counter() - start:.0f} s)"
        )
        start = time.perf_counter()
        count = rebuild_index()
        print(f"index: {count} replays ({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
