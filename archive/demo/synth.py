"""A demo replay's recording: synthesised speech over generated slides, plus its transcript.

The transcript's cue times are measured from the synthesised audio itself, so a search hit
lands on the moment its words are heard.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from archive.demo.captions import Caption, snap_chapters, write_webvtt
from archive.demo.content import DEMO_EVENT, SYNTHETIC_NOTICE, DemoReplay, speaker_by_slug
from archive.demo.slides import SlideText, draw_slide
from archive.demo.speech import SpeechTrack, assemble, espeak_version, synthesise
from archive.demo.tools import DemoMediaError, require_tool, run_tool

#: bump when the output changes for the same script, so cached files are rebuilt
GENERATOR_VERSION = 1
FPS = 25

SESSION_LABELS = {
    "keynote": {"fr": "Keynote", "en": "Keynote"},
    "masterclass": {"fr": "Masterclass", "en": "Masterclass"},
    "round_table": {"fr": "Table ronde", "en": "Round table"},
    "interview": {"fr": "Entretien", "en": "Interview"},
}


@dataclass(frozen=True)
class DemoMedia:
    """The generated files of one demo replay, ready for the normal import."""

    #: H.264 + AAC MP4
    media_path: Path
    #: WebVTT, one cue per sentence with the speaker's voice span
    transcript_path: Path
    #: seconds
    duration: float
    #: the replay's chapters, each moved to the start of a sentence
    chapters: list[tuple[float, str]]


def build_demo_media(
    replay: DemoReplay, out_dir: Path, *, width: int = 1280, height: int = 720
) -> DemoMedia:
    """Generate (or reuse) the MP4 recording and WebVTT transcript of one demo replay."""
    if width < 2 or height < 2 or width % 2 or height % 2:
        raise DemoMediaError(f"The demo picture size must be even numbers, not {width}x{height}.")
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{replay.key}-{content_hash(replay, width, height)}"
    cached = _load_cached(out_dir, stem)
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=f".{replay.key}-") as tmp:
        work = Path(tmp)
        track = _speak(replay, work)
        chapters = snap_chapters(replay.chapters, track.lines)
        slides = _draw_slides(replay, track, chapters, work, width, height)
        _encode(replay, slides, track, work / "replay.mp4")
        write_webvtt(_captions(replay, track), work / "replay.vtt")
        media = DemoMedia(
            out_dir / f"{stem}.mp4", out_dir / f"{stem}.vtt", track.duration, chapters
        )
        os.replace(work / "replay.mp4", media.media_path)
        os.replace(work / "replay.vtt", media.transcript_path)
    # The sidecar is written last: its presence says the pair above is complete.
    sidecar = {"duration": media.duration, "chapters": [list(c) for c in media.chapters]}
    (out_dir / f"{stem}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    _remove_stale(out_dir, replay.key, stem)
    return media


def content_hash(replay: DemoReplay, width: int, height: int) -> str:
    """Twelve hex digits that change whenever anything seen or heard in the output would."""
    slugs = sorted(set(replay.speakers) | {line.speaker_slug for line in replay.lines})
    recipe = {
        "generator": GENERATOR_VERSION,
        "replay": asdict(replay),
        "speakers": [asdict(speaker_by_slug(slug)) for slug in slugs],
        "event": DEMO_EVENT.name,
        "size": [width, height],
        "espeak": espeak_version(),
    }
    encoded = json.dumps(recipe, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:12]


def _load_cached(out_dir: Path, stem: str) -> DemoMedia | None:
    """The media built earlier from the same recipe, if all its files are there."""
    media_path, transcript_path = out_dir / f"{stem}.mp4", out_dir / f"{stem}.vtt"
    sidecar_path = out_dir / f"{stem}.json"
    if not (sidecar_path.is_file() and media_path.is_file() and transcript_path.is_file()):
        return None
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        chapters = [(float(start), str(title)) for start, title in sidecar["chapters"]]
        return DemoMedia(media_path, transcript_path, float(sidecar["duration"]), chapters)
    except (ValueError, KeyError, TypeError):
        return None  # a damaged sidecar: build again


def _remove_stale(out_dir: Path, key: str, current_stem: str) -> None:
    """Delete this replay's outputs from older recipes so the folder does not grow."""
    pattern = re.compile(rf"{re.escape(key)}-[0-9a-f]{{12}}\.(mp4|vtt|json)")
    for path in out_dir.iterdir():
        if pattern.fullmatch(path.name) and path.stem != current_stem:
            path.unlink(missing_ok=True)


def _speak(replay: DemoReplay, work: Path) -> SpeechTrack:
    """Synthesise every sentence with its speaker's voice and join them with pauses."""
    wavs: list[Path] = []
    for index, line in enumerate(replay.lines):
        wav = work / f"line_{index:03d}.wav"
        voice = speaker_by_slug(line.speaker_slug).voice
        synthesise(line.text, replay.language, voice, wav)
        wavs.append(wav)
    speakers = [line.speaker_slug for line in replay.lines]
    return assemble(wavs, speakers, work / "speech.wav")


def _captions(replay: DemoReplay, track: SpeechTrack) -> list[Caption]:
    """One caption per sentence, at the time it is heard."""
    return [
        Caption(timing, speaker_by_slug(line.speaker_slug).name, line.text)
        for line, timing in zip(replay.lines, track.lines, strict=True)
    ]


def _draw_slides(
    replay: DemoReplay,
    track: SpeechTrack,
    chapters: list[tuple[float, str]],
    work: Path,
    width: int,
    height: int,
) -> list[tuple[Path, float]]:
    """One slide per sentence and how long it shows, from the end of the sentence before."""
    changes = [0.0] + [timing.end for timing in track.lines[:-1]] + [track.duration]
    # Whole frames, so the slides add up to exactly the length of the speech.
    frames = [round(moment * FPS) for moment in changes]
    slides: list[tuple[Path, float]] = []
    for index, (line, timing) in enumerate(zip(replay.lines, track.lines, strict=True)):
        speaker = speaker_by_slug(line.speaker_slug)
        chapter = [title for start, title in chapters if start <= timing.start + 1e-6]
        text = SlideText(
            event_name=DEMO_EVENT.name,
            session_label=SESSION_LABELS[replay.session_type][replay.language],
            title=replay.title,
            chapter=chapter[-1] if chapter else "",
            speaker_name=speaker.name,
            speaker_role=f"{speaker.role_title} — {speaker.organisation}",
            notice=SYNTHETIC_NOTICE[replay.language],
        )
        path = work / f"slide_{index:03d}.png"
        draw_slide(text, width, height).save(path, compress_level=1)
        slides.append((path, (frames[index + 1] - frames[index]) / FPS))
    return slides


def _encode(
    replay: DemoReplay, slides: list[tuple[Path, float]], track: SpeechTrack, out: Path
) -> None:
    """Put the slides and the speech into one H.264 + AAC MP4 of the speech's length."""
    listing = ["ffconcat version 1.0"]
    for path, seconds in slides:
        listing += [f"file {path.name}", f"duration {seconds:.3f}"]
    # The concat demuxer ignores the last entry's duration unless the file is listed again.
    listing.append(f"file {slides[-1][0].name}")
    concat_list = out.parent / "slides.ffconcat"
    concat_list.write_text("\n".join(listing) + "\n", encoding="utf-8")
    run_tool(
        [
            require_tool("ffmpeg"),
            "-hide_banner", "-nostdin", "-y",
            "-f", "concat", "-i", str(concat_list),
            "-i", str(track.path),
            "-map", "0:v", "-map", "1:a",
            "-vf", f"fps={FPS},format=yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "23",
            "-g", str(2 * FPS),
            "-c:a", "aac", "-b:a", "96k", "-ar", "48000",
            "-t", f"{track.duration:.3f}",
            "-metadata", f"title={replay.title}",
            "-metadata", f"comment={SYNTHETIC_NOTICE[replay.language]}",
            "-movflags", "+faststart",
            str(out),
        ]
    )  # fmt: skip
    if not out.is_file():
        raise DemoMediaError(f"ffmpeg did not write the demo recording {replay.key}.mp4.")
