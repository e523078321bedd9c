"""A small published catalogue written straight to the database and the media store.

Real files (a JPEG poster, a storyboard sprite and its WebVTT track, MP4 bytes) so pages,
frames, feeds and the sitemap are exercised end to end without running ffmpeg.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from PIL import Image

from archive import services
from archive.catalogue.operations import (
    get_or_create_event,
    get_or_create_speaker,
    get_or_create_theme,
)
from archive.extensions import db
from archive.models import (
    Chapter,
    Cue,
    Rendition,
    Replay,
    ReplayStatus,
    SessionType,
    Transcript,
    Visibility,
)

#: Storyboard tiles: one colour every 10 seconds, two per row.
TILE = (160, 90)
TILE_COLOURS = [(200, 30, 30), (30, 160, 60), (40, 60, 200), (230, 200, 40)]
LINES = [
    (0.0, 4.0, "Claire Vasseur", "Bienvenue aux Assises de l'Industrie."),
    (
        4.0,
        9.0,
        "Claire Vasseur",
        "L'énergie décarbonée est la condition de la réindustrialisation.",
    ),
    (
        9.0,
        15.0,
        "Mathis Oberlé",
        "Dans nos usines, l'intelligence artificielle anticipe les pannes.",
    ),
    (15.0, 24.0, "Mathis Oberlé", "Former les jeunes, c'est préparer l'usine de demain."),
    (24.0, 36.0, "Claire Vasseur", "Merci, et très belles Assises à toutes et à tous."),
]


@dataclass(frozen=True)
class Catalogue:
    """The ids of the replays made, by what they test."""

    public: str
    unlisted: str
    private: str
    processing: str
    masterclass: str


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def sprite() -> tuple[bytes, str]:
    """A storyboard sprite of four coloured tiles, and its WebVTT track."""
    sheet = Image.new("RGB", (TILE[0] * 2, TILE[1] * 2))
    cues = ["WEBVTT", ""]
    for position, colour in enumerate(TILE_COLOURS):
        x, y = (position % 2) * TILE[0], (position // 2) * TILE[1]
        sheet.paste(colour, (x, y, x + TILE[0], y + TILE[1]))
        cues += [
            f"00:00:{position * 10:02d}.000 --> 00:00:{position * 10 + 10:02d}.000",
            f"storyboard.jpg#xywh={x},{y},{TILE[0]},{TILE[1]}",
            "",
        ]
    return _jpeg(sheet), "\n".join(cues)


def _publish_files(replay: Replay) -> None:
    storage = services.storage()
    replay.media_prefix = f"replays/{replay.id}/v1/"
    sheet, track = sprite()
    files = {
        "hls/master.m3u8": b"#EXTM3U\n",
        "download.mp4": b"\x00\x00\x00\x18ftypmp42" + bytes(4096),
        "poster.jpg": _jpeg(Image.new("RGB", (1280, 720), (16, 36, 62))),
        "storyboard.jpg": sheet,
        "storyboard.vtt": track.encode(),
    }
    for relative, data in files.items():
        storage.put_bytes(replay.media_key(relative), data)
    replay.hls_key, replay.mp4_key = "hls/master.m3u8", "download.mp4"
    replay.poster_key, replay.storyboard_key = "poster.jpg", "storyboard.vtt"
    replay.renditions = [
        Rendition(
            name="720p", width=1280, height=720, bandwidth=900_000, playlist_key="hls/720p.m3u8"
        )
    ]


def add_replay(title: str, visibility: Visibility, **fields: object) -> Replay:
    """A published replay with media files, a transcript and chapters."""
    event = get_or_create_event(
        "Les Assises de l'Industrie 2022", starts_on=date(2022, 11, 29), location="Paris"
    )
    replay = Replay(
        title=title,
        description=f"{title}: synthetic demo content.",
        is_demo=True,
        visibility=visibility,
        status=ReplayStatus.PUBLISHED,
        event=event,
        recorded_on=date(2022, 11, 29),
        duration=36.0,
        published_at=datetime(2022, 12, 1, 10, 0, tzinfo=UTC),
        **fields,
    )
    db.session.add(replay)
    db.session.flush()
    claire = get_or_create_speaker(
        "Claire Vasseur", role_title="Directrice industrielle", organisation="Forges de l'Aubrac"
    )
    mathis = get_or_create_speaker(
        "Mathis Oberlé", role_title="Directeur numérique", organisation="Ateliers Morvandiaux"
    )
    replay.speakers = [claire, mathis]
    replay.themes = [get_or_create_theme("Énergie")]
    people = {"Claire Vasseur": claire, "Mathis Oberlé": mathis}
    replay.transcripts = [
        Transcript(
            language="fr",
            source_format="vtt",
            cues=[
                Cue(
                    position=i,
                    start=start,
                    end=end,
                    text=text,
                    speaker_name=name,
                    speaker=people[name],
                )
                for i, (start, end, name, text) in enumerate(LINES)
            ],
        )
    ]
    replay.chapters = [
        Chapter(start=0.0, title="Ouverture"),
        Chapter(start=15.0, title="Compétences"),
    ]
    _publish_files(replay)
    return replay


def build_catalogue() -> Catalogue:
    """Public, unlisted, private and processing replays of one event (needs an app context)."""
    public = add_replay(
        "Keynote : la réindustrialisation",
        Visibility.PUBLIC,
        session_type=SessionType.KEYNOTE,
        featured=True,
    )
    masterclass = add_replay(
        "Masterclass : l'apprentissage",
        Visibility.PUBLIC,
        session_type=SessionType.MASTERCLASS,
        language="fr",
    )
    unlisted = add_replay("Réunion non listée", Visibility.UNLISTED)
    private = add_replay("Comité privé", Visibility.PRIVATE)
    processing = Replay(
        title="Table ronde en cours",
        status=ReplayStatus.PROCESSING,
        session_type=SessionType.ROUND_TABLE,
        event=public.event,
    )
    db.session.add(processing)
    db.session.commit()
    from archive.search.indexing import rebuild_index

    rebuild_index()
    return Catalogue(public.id, unlisted.id, private.id, processing.id, masterclass.id)
