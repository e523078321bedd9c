"""Published replays written straight to the catalogue: search and backups without ffmpeg."""

from __future__ import annotations

from datetime import UTC, date, datetime

from archive.catalogue.operations import (
    get_or_create_event,
    get_or_create_speaker,
    get_or_create_theme,
)
from archive.extensions import db
from archive.models import (
    Chapter,
    Cue,
    Job,
    JobState,
    Recording,
    Rendition,
    Replay,
    ReplayStatus,
    Transcript,
    Visibility,
)


def add_replay(
    title: str,
    lines: list[tuple[float, float, str]],
    *,
    visibility: Visibility = Visibility.PUBLIC,
    speaker: str = "Claire Vasseur",
    event: str = "Assises de l'Industrie 2024",
) -> str:
    """A published replay with a transcript, a chapter, a rendition, a recording and its job."""
    with db.session.no_autoflush:
        people = [get_or_create_speaker(speaker)]
        themes = [get_or_create_theme("Énergie")]
        edition = get_or_create_event(event)
    replay = Replay(
        title=title,
        visibility=visibility,
        status=ReplayStatus.PUBLISHED,
        duration=lines[-1][1],
        recorded_on=date(2024, 3, 14),
        event=edition,
        published_at=datetime.now(UTC),
        hls_key="master.m3u8",
        poster_key="poster.jpg",
    )
    replay.speakers.extend(people)
    replay.themes.extend(themes)
    db.session.add(replay)
    db.session.flush()
    replay.media_prefix = f"replays/{replay.id}/v1-1/"
    transcript = Transcript(language="fr", source_format="vtt")
    replay.transcripts.append(transcript)
    transcript.cues = [
        Cue(position=i, start=start, end=end, text=text, speaker_name=speaker)
        for i, (start, end, text) in enumerate(lines)
    ]
    replay.chapters.append(Chapter(start=0.0, title="Ouverture"))
    replay.renditions.append(
        Rendition(name="360p", width=640, height=360, bandwidth=800_000, playlist_key="360p.m3u8")
    )
    recording = Recording(
        replay_id=replay.id,
        original_key=f"originals/{replay.id}.mp4",
        size_bytes=1234,
        duration=lines[-1][1],
    )
    db.session.add(recording)
    db.session.flush()
    started = datetime(2024, 3, 14, 10, 0, 0, tzinfo=UTC)
    db.session.add(
        Job(
            replay_id=replay.id,
            recording_id=recording.id,
            state=JobState.SUCCEEDED,
            progress=100,
            attempts=1,
            started_at=started,
            finished_at=started.replace(second=int(lines[-1][1] / 4)),
        )
    )
    db.session.commit()
    return replay.id
