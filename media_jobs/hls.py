"""HLS playlists: measure the media playlists ffmpeg wrote, write and check the master.

ffmpeg writes one VOD media playlist per rendition; the master playlist is ours, written
last, so a reader never sees a master that points at a rendition still being written.
Attribute names follow RFC 8216, section 4.3.4.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

#: fMP4 segments (EXT-X-MAP) need version 6 or later; 7 is what ffmpeg writes for them.
HLS_VERSION = 7
#: The GROUP-ID shared by every video variant's AUDIO attribute.
AUDIO_GROUP = "audio"
#: Attributes every video variant of our master must carry.
REQUIRED_VIDEO_ATTRIBUTES = ("BANDWIDTH", "AVERAGE-BANDWIDTH", "RESOLUTION", "CODECS", "FRAME-RATE")

#: ISO 639-2 codes (as containers store them) of the conference languages most often heard,
#: to their ISO 639-1 form, which RFC 5646 requires where one exists.
_TWO_LETTER_CODES = {
    "fra": "fr", "fre": "fr", "eng": "en", "deu": "de", "ger": "de", "spa": "es",
    "ita": "it", "nld": "nl", "dut": "nl", "por": "pt", "ara": "ar", "zho": "zh",
    "chi": "zh", "jpn": "ja", "rus": "ru", "pol": "pl",
}  # fmt: skip
_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


@dataclass(frozen=True)
class Segment:
    """One media segment of a media playlist."""

    uri: str
    duration: float


@dataclass(frozen=True)
class MediaPlaylist:
    """What a VOD media playlist lists."""

    init_uri: str | None
    segments: list[Segment]


@dataclass(frozen=True)
class Bandwidth:
    """Peak and average bits per second of a rendition, measured from its segment files."""

    peak: int
    average: int


@dataclass(frozen=True)
class StreamInf:
    """One EXT-X-STREAM-INF entry of the master playlist."""

    uri: str
    bandwidth: int
    average_bandwidth: int
    codecs: str
    resolution: tuple[int, int] | None = None
    frame_rate: float | None = None
    audio_group: str | None = None


@dataclass(frozen=True)
class AudioRendition:
    """The EXT-X-MEDIA entry of the shared audio group."""

    uri: str
    channels: int
    language: str | None


def read_media_playlist(path: Path) -> MediaPlaylist:
    """Parse the init section and segments of a VOD media playlist."""
    init_uri = None
    segments: list[Segment] = []
    duration: float | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-MAP:"):
            init_uri = attributes(line)["URI"]
        elif line.startswith("#EXTINF:"):
            duration = float(line[len("#EXTINF:") :].split(",")[0])
        elif line and not line.startswith("#") and duration is not None:
            segments.append(Segment(uri=line, duration=duration))
            duration = None
    return MediaPlaylist(init_uri=init_uri, segments=segments)


def measure_bandwidth(path: Path) -> Bandwidth:
    """Peak and average bit rates of the segments of the media playlist at ``path``."""
    playlist = read_media_playlist(path)
    folder = path.parent
    sizes = [os.path.getsize(folder / segment.uri) for segment in playlist.segments]
    seconds = [segment.duration for segment in playlist.segments]
    total_seconds = sum(seconds)
    if not sizes or total_seconds <= 0:
        return Bandwidth(peak=0, average=0)
    # A very short last segment would inflate the peak: measure it over at least one second.
    peak = max(size * 8 / max(duration, 1.0) for size, duration in zip(sizes, seconds, strict=True))
    average = sum(sizes) * 8 / total_seconds
    return Bandwidth(peak=round(peak), average=round(average))


def avc_codec(init_segment: Path) -> str:
    """The RFC 6381 codec string of the H.264 stream, read from its avcC box."""
    data = init_segment.read_bytes()
    box = data.find(b"avcC")
    if box < 0 or len(data) < box + 8:
        raise ValueError(f"{init_segment} holds no H.264 configuration")
    # avcC starts: configurationVersion, profile, profile compatibility flags, level.
    profile, compatibility, level = data[box + 5], data[box + 6], data[box + 7]
    return f"avc1.{profile:02x}{compatibility:02x}{level:02x}"


def join_segments(playlist_path: Path) -> Path:
    """Concatenate a rendition's init section and segments into one fragmented MP4 file.

    ISO BMFF allows fragments to follow one another, so the bytes joined are a valid file,
    written beside the rendition's folder; the caller deletes it.
    """
    folder = playlist_path.parent
    playlist = read_media_playlist(playlist_path)
    joined = folder.parent / f".{folder.name}-joined.mp4"
    parts = ([playlist.init_uri] if playlist.init_uri else []) + [s.uri for s in playlist.segments]
    with joined.open("wb") as out:
        for part in parts:
            with (folder / part).open("rb") as segment:
                shutil.copyfileobj(segment, out)
    return joined


def write_master(path: Path, variants: list[StreamInf], audio: AudioRendition | None) -> None:
    """Write the master playlist at ``path`` (atomically: a reader sees all of it or none)."""
    lines = ["#EXTM3U", f"#EXT-X-VERSION:{HLS_VERSION}", "#EXT-X-INDEPENDENT-SEGMENTS"]
    if audio is not None:
        media = [
            "TYPE=AUDIO",
            f'GROUP-ID="{AUDIO_GROUP}"',
            'NAME="Main"',
            *([f'LANGUAGE="{language_tag(audio.language)}"'] if audio.language else []),
            "DEFAULT=YES",
            "AUTOSELECT=YES",
            f'CHANNELS="{audio.channels}"',
            f'URI="{audio.uri}"',
        ]
        lines.append("#EXT-X-MEDIA:" + ",".join(media))
    for variant in variants:
        lines += [_stream_inf(variant), variant.uri]
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _stream_inf(variant: StreamInf) -> str:
    fields = [f"BANDWIDTH={variant.bandwidth}", f"AVERAGE-BANDWIDTH={variant.average_bandwidth}"]
    if variant.resolution:
        fields.append(f"RESOLUTION={variant.resolution[0]}x{variant.resolution[1]}")
    fields.append(f'CODECS="{variant.codecs}"')
    if variant.frame_rate:
        fields.append(f"FRAME-RATE={variant.frame_rate:.3f}")
    if variant.audio_group:
        fields.append(f'AUDIO="{variant.audio_group}"')
    return "#EXT-X-STREAM-INF:" + ",".join(fields)


def language_tag(language: str) -> str:
    """The RFC 5646 tag players match against, e.g. Matroska's "fra" becomes "fr"."""
    return _TWO_LETTER_CODES.get(language.lower(), language)


def attributes(line: str) -> dict[str, str]:
    """The attributes of an HLS tag line, with quotes removed."""
    _tag, _colon, rest = line.partition(":")
    return {key: value.strip('"') for key, value in _ATTRIBUTE.findall(rest)}


def verify_master(path: Path) -> list[str]:
    """Problems a player would hit with the master at ``path``; an empty list when sound."""
    problems: list[str] = []
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    if not lines or lines[0] != "#EXTM3U":
        return [f"{path.name} does not start with #EXTM3U"]
    groups = {
        attributes(line).get("GROUP-ID") for line in lines if line.startswith("#EXT-X-MEDIA:")
    }
    entries = [(line, lines[i + 1] if i + 1 < len(lines) else "") for i, line in enumerate(lines)]
    variants = [
        (attributes(tag), uri) for tag, uri in entries if tag.startswith("#EXT-X-STREAM-INF:")
    ]
    if not variants:
        problems.append("the master lists no variant")
    for attrs, uri in variants:
        video = "avc1" in attrs.get("CODECS", "")
        required = REQUIRED_VIDEO_ATTRIBUTES if video else ("BANDWIDTH", "CODECS")
        problems += [f"{uri}: no {name}" for name in required if name not in attrs]
        if attrs.get("AUDIO") and attrs["AUDIO"] not in groups:
            problems.append(f"{uri}: audio group {attrs['AUDIO']} is not declared")
        if not uri or uri.startswith("#") or not (path.parent / uri).is_file():
            problems.append(f"{uri or 'a variant'}: media playlist is missing")
    return problems
