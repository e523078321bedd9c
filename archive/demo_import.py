"""``replay-archive demo``: the demo catalogue through the normal import path.

Creates the event, fictional speakers and themes, generates each recording (synthetic picture
and speech), imports it like any upload and queues it (or processes it with ``--wait``).
Running it again adds only what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from archive import services
from archive.catalogue.operations import (
    get_or_create_event,
    get_or_create_speaker,
    get_or_create_theme,
)
from archive.demo import (
    DEMO_EVENT,
    DEMO_REPLAYS,
    DEMO_THEMES,
    DemoReplay,
    build_demo_media,
    speaker_by_slug,
)
from archive.extensions import db
from archive.models import Chapter, Replay, SessionType
from archive.uploads.operations import ImportRequest, enqueue, import_recording


def _exists(demo: DemoReplay, event_id: int) -> bool:
    return (
        db.session.scalar(
            db.select(Replay.id).where(Replay.title == demo.title, Replay.event_id == event_id)
        )
        is not None
    )


def _mark_demo(demo: DemoReplay, event_id: int) -> None:
    """Mark a demo replay imported before replays carried the mark (pages show the notice)."""
    db.session.execute(
        db.update(Replay)
        .where(Replay.title == demo.title, Replay.event_id == event_id, ~Replay.is_demo)
        .values(is_demo=True)
    )
    db.session.commit()


def _prepare_catalogue(demo: DemoReplay) -> None:
    for slug in demo.speakers:
        speaker = speaker_by_slug(slug)
        get_or_create_speaker(
            speaker.name, role_title=speaker.role_title, organisation=speaker.organisation
        )
    db.session.flush()


def import_demo(*, wait: bool = False) -> Iterator[str]:
    """Import every demo replay that is not in the catalogue yet; yields progress lines."""
    event = get_or_create_event(
        DEMO_EVENT.name,
        year=DEMO_EVENT.year,
        starts_on=DEMO_EVENT.starts_on,
        location=DEMO_EVENT.location,
        description=DEMO_EVENT.description,
    )
    db.session.commit()
    media_dir = services.settings().instance_dir / "demo-media"
    for demo in DEMO_REPLAYS:
        if _exists(demo, event.id):
            _mark_demo(demo, event.id)
            yield f"demo: {demo.title!r} already in the catalogue"
            continue
        _prepare_catalogue(demo)
        media = build_demo_media(demo, media_dir)
        replay, job = import_recording(
            ImportRequest(
                media=media.media_path,
                # One English replay shows captions made by speech to text (bundled tiny.en).
                transcripts=[] if demo.automatic_captions else [media.transcript_path],
                asr_model="tiny.en" if demo.automatic_captions else None,
                title=demo.title,
                event=DEMO_EVENT.name,
                speakers=[speaker_by_slug(s).name for s in demo.speakers],
                language=demo.language,
                session_type=SessionType(demo.session_type),
                description=demo.description,
                recorded_on=DEMO_EVENT.starts_on,
            )
        )
        replay.featured = demo.featured
        replay.is_demo = True
        theme_names = {theme.slug: theme.name for theme in DEMO_THEMES}
        replay.themes = [get_or_create_theme(theme_names[slug]) for slug in demo.themes]
        replay.chapters = [Chapter(start=start, title=title) for start, title in media.chapters]
        db.session.commit()
        if job is None:
            yield f"demo: {demo.title!r} failed: {replay.error}"
            continue
        if wait:
            from archive.processing.pipeline import run_job
            from archive.processing.transcription import run_queued_transcriptions

            run_job(job.id)
            run_queued_transcriptions(replay.id)
            db.session.refresh(replay)
            yield f"demo: {demo.title!r} {replay.status}"
        else:
            enqueue(job)
            yield f"demo: {demo.title!r} queued (job {job.public_id})"
