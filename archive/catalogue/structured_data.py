"""What search engines and link previews read on a replay page: JSON-LD and OpenGraph.

JSON-LD follows schema.org's ``VideoObject`` (Google's required properties: name,
description, thumbnailUrl, uploadDate), with chapters as ``Clip`` parts and the transcript.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import url_for

from archive.branding import site_name
from archive.catalogue.filters import track_label
from archive.models import Replay, TranscriptOrigin, Visibility
from archive.playback.urls import replay_urls
from archive.times import iso_duration, time_param

_OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
#: Link previews cut descriptions about here; schema.org has no limit but Google shows ~160.
SHORT_DESCRIPTION = 300


def aware(moment: datetime) -> datetime:
    """A datetime with its time zone (SQLite hands back naive UTC values)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def replay_description(replay: Replay) -> str:
    """The replay's description, or one made from its title, event and speakers."""
    if replay.description.strip():
        return replay.description.strip()
    parts = [replay.title]
    if replay.event:
        parts.append(replay.event.name)
    parts += [speaker.name for speaker in replay.speakers]
    return " — ".join(parts)


def transcript_text(replay: Replay) -> str:
    """The transcript as plain text, one cue a line, speakers named when they change."""
    lines, previous = [], None
    for cue in replay.transcript.cues if replay.transcript else []:
        name = cue.speaker.name if cue.speaker else cue.speaker_name
        lines.append(f"{name}: {cue.text}" if name and name != previous else cue.text)
        previous = name
    return "\n".join(lines)


def _clips(replay: Replay, page: str) -> list[dict[str, Any]]:
    chapters = replay.chapters
    clips = []
    for position, chapter in enumerate(chapters):
        end = chapters[position + 1].start if position + 1 < len(chapters) else replay.duration
        clips.append(
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": round(chapter.start),
                "endOffset": round(end or chapter.start + 1),
                "url": f"{page}?t={time_param(chapter.start)}",
            }
        )
    return clips


def _people(replay: Replay) -> list[dict[str, Any]]:
    people = []
    for speaker in replay.speakers:
        person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
        if speaker.role_title:
            person["jobTitle"] = speaker.role_title
        if speaker.organisation:
            person["affiliation"] = {"@type": "Organization", "name": speaker.organisation}
        people.append(person)
    return people


def video_object(replay: Replay) -> dict[str, Any]:
    """The replay as a schema.org ``VideoObject`` (absolute URLs)."""
    urls = replay_urls(replay, external=True)
    uploaded = replay.published_at or replay.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "@id": urls["page"],
        "url": urls["page"],
        "name": replay.title,
        "description": replay_description(replay),
        "thumbnailUrl": [urls["poster"]] if "poster" in urls else [],
        "uploadDate": aware(uploaded).isoformat(),
        "duration": iso_duration(replay.duration),
        "inLanguage": replay.language,
        "embedUrl": url_for("playback.embed", replay_id=replay.id, _external=True),
        "isFamilyFriendly": True,
    }
    if "mp4" in urls:
        data["contentUrl"] = urls["mp4"]
    if replay.transcript and replay.transcript.cues:
        data["transcript"] = transcript_text(replay)
        data["caption"] = [
            {
                "@type": "MediaObject",
                "name": track_label(track),
                "inLanguage": track.language,
                "encodingFormat": "text/vtt",
                # schema.org has no property for "made by a machine": say it in the text.
                "description": (
                    "Machine translation"
                    if track.machine_translation
                    else "Automatic transcript (speech recognition)"
                    if track.origin == TranscriptOrigin.AUTOMATIC
                    else "Transcript"
                ),
                "contentUrl": url_for(
                    "playback.transcript_file",
                    replay_id=replay.id,
                    language=track.language,
                    extension="vtt",
                    _external=True,
                ),
            }
            for track in replay.tracks
            if track.cues
        ]
    if replay.chapters:
        data["hasPart"] = _clips(replay, urls["page"])
    if replay.speakers:
        data["creator"] = _people(replay)
    if replay.themes:
        data["keywords"] = ", ".join(theme.name for theme in replay.themes)
    if replay.event:
        event: dict[str, Any] = {"@type": "Event", "name": replay.event.name}
        if replay.event.starts_on:
            event["startDate"] = replay.event.starts_on.isoformat()
        if replay.event.location:
            event["location"] = {"@type": "Place", "name": replay.event.location}
        data["recordedAt"] = event
    return data


def open_graph(replay: Replay, lang: str) -> list[tuple[str, str]]:
    """OpenGraph and Twitter card properties as (property, content) pairs."""
    urls = replay_urls(replay, external=True)
    description = replay_description(replay)
    if len(description) > SHORT_DESCRIPTION:
        description = description[: SHORT_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"
    tags = [
        ("og:site_name", site_name()),
        ("og:type", "video.other"),
        ("og:title", replay.title),
        ("og:description", description),
        ("og:url", urls["page"]),
        ("og:locale", _OG_LOCALES.get(lang, "fr_FR")),
        ("twitter:card", "summary_large_image" if "poster" in urls else "summary"),
    ]
    if "poster" in urls:
        tags += [("og:image", urls["poster"]), ("og:image:alt", replay.title)]
    if "mp4" in urls and replay.visibility == Visibility.PUBLIC:
        tags += [("og:video", urls["mp4"]), ("og:video:type", "video/mp4")]
        best = replay.renditions[0] if replay.renditions else None
        if best and best.width and best.height:
            tags += [("og:video:width", str(best.width)), ("og:video:height", str(best.height))]
    if replay.duration:
        tags.append(("video:duration", str(round(replay.duration))))
    if replay.recorded_on:
        tags.append(("video:release_date", replay.recorded_on.isoformat()))
    return tags
