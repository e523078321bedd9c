"""A generated demo recording: real speech and pictures, captions timed to what is heard."""

from __future__ import annotations

import array
import json
import math
import re
import shutil
import subprocess
import wave
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from archive.demo import (
    DemoMedia,
    DemoMediaError,
    DemoReplay,
    build_demo_media,
    slides,
    speaker_by_slug,
)
from archive.demo.slides import SlideText, draw_slide
from archive.demo.synth import content_hash

CUE_TIMES = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})$")
#: peak sample (of 32767) under which a stretch of audio counts as silence
SILENT_PEAK = 300
#: RMS over which a stretch counts as speech
SPEECH_RMS = 1000
#: kept clear of each cue edge: AAC smears a transient over a few milliseconds
EDGE = 0.08


def _seconds(hours: str, minutes: str, seconds: str) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _cues(transcript: Path) -> list[tuple[float, float, str]]:
    """(start, end, payload) of each cue in a WebVTT file."""
    lines = transcript.read_text(encoding="utf-8").splitlines()
    cues = []
    for index, line in enumerate(lines):
        match = CUE_TIMES.match(line)
        if match:
            start = _seconds(*match.groups()[:3])
            end = _seconds(*match.groups()[3:])
            cues.append((start, end, lines[index + 1]))
    return cues


def _probe(path: Path) -> Any:
    result = subprocess.run(  # noqa: S603 - argument list
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            str(path),
        ],
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout)


def _decoded_audio(path: Path, work: Path) -> tuple[int, array.array[int]]:
    """The recording's sound as heard by a player: decoded from the MP4 to 16-bit mono PCM."""
    wav = work / "heard.wav"
    subprocess.run(  # noqa: S603 - argument list
        ["ffmpeg", "-v", "error", "-y", "-i", str(path), "-vn", "-ac", "1", "-ar", "16000",
         "-c:a", "pcm_s16le", str(wav)],
        check=True,
    )  # fmt: skip
    with wave.open(str(wav), "rb") as reader:
        return reader.getframerate(), array.array("h", reader.readframes(reader.getnframes()))


def _levels(samples: array.array[int], rate: int, start: float, end: float) -> tuple[int, float]:
    """Peak and RMS of the samples between two times."""
    stretch = samples[int(start * rate) : int(end * rate)]
    assert len(stretch) > 0
    rms = math.sqrt(sum(value * value for value in stretch) / len(stretch))
    return max(abs(value) for value in stretch), rms


def test_recording_is_h264_and_aac_as_long_as_its_transcript(demo_media: DemoMedia) -> None:
    probe = _probe(demo_media.media_path)
    streams = {stream["codec_type"]: stream for stream in probe["streams"]}
    assert streams["video"]["codec_name"] == "h264"
    assert (streams["video"]["width"], streams["video"]["height"]) == (1280, 720)
    assert streams["video"]["pix_fmt"] == "yuv420p"
    assert streams["audio"]["codec_name"] == "aac"
    duration = float(probe["format"]["duration"])
    last_end = _cues(demo_media.transcript_path)[-1][1]
    assert abs(duration - last_end) < 0.5
    assert abs(duration - demo_media.duration) < 0.1


def test_transcript_is_webvtt_with_one_voiced_cue_per_sentence(
    demo_media: DemoMedia, shortest_replay: DemoReplay
) -> None:
    text = demo_media.transcript_path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    cues = _cues(demo_media.transcript_path)
    assert len(cues) == len(shortest_replay.lines)
    previous_end = 0.0
    for (start, end, payload), line in zip(cues, shortest_replay.lines, strict=True):
        assert previous_end < start < end
        previous_end = end
        assert payload == f"<v {speaker_by_slug(line.speaker_slug).name}>{line.text}"


def test_each_cue_is_heard_at_its_time_with_silence_between(
    demo_media: DemoMedia, tmp_path: Path
) -> None:
    rate, samples = _decoded_audio(demo_media.media_path, tmp_path)
    cues = _cues(demo_media.transcript_path)
    for (start, end, payload), (next_start, _, _) in zip(cues, cues[1:], strict=False):
        peak, _ = _levels(samples, rate, end + EDGE, next_start - EDGE)
        assert peak < SILENT_PEAK, f"sound in the pause after {payload!r}"
        _, rms = _levels(samples, rate, start + EDGE, end - EDGE)
        assert rms > SPEECH_RMS, f"no speech during {payload!r}"
    peak, _ = _levels(samples, rate, 0.0, cues[0][0] - EDGE)
    assert peak < SILENT_PEAK


def test_chapters_start_on_sentences(demo_media: DemoMedia, shortest_replay: DemoReplay) -> None:
    sentence_starts = {0.0} | {round(start, 3) for start, _, _ in _cues(demo_media.transcript_path)}
    assert [title for _, title in demo_media.chapters] == [t for _, t in shortest_replay.chapters]
    assert all(round(start, 3) in sentence_starts for start, _ in demo_media.chapters)


def test_building_again_reuses_the_files(
    demo_media: DemoMedia, shortest_replay: DemoReplay, demo_out_dir: Path
) -> None:
    modified = demo_media.media_path.stat().st_mtime_ns
    again = build_demo_media(shortest_replay, demo_out_dir)
    assert again == demo_media
    assert demo_media.media_path.stat().st_mtime_ns == modified
    assert shortest_replay.key in demo_media.media_path.name


def test_a_changed_script_gets_new_file_names(shortest_replay: DemoReplay) -> None:
    retitled = replace(shortest_replay, title=shortest_replay.title + " (2)")
    assert content_hash(retitled, 1280, 720) != content_hash(shortest_replay, 1280, 720)
    assert content_hash(shortest_replay, 640, 360) != content_hash(shortest_replay, 1280, 720)


def test_slides_show_who_is_speaking() -> None:
    first = SlideText("Évènement", "Table ronde", "Titre", "Chapitre", "Ada Nom", "Rôle", "Démo")
    second = replace(first, speaker_name="Berthe Autre")
    top = (0, 0, 1280, 500)
    assert draw_slide(first).size == (1280, 720)
    assert draw_slide(first).crop(top).tobytes() == draw_slide(second).crop(top).tobytes()
    assert draw_slide(first).tobytes() != draw_slide(second).tobytes()


def test_slides_render_without_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slides, "FONT_CANDIDATES", {False: [], True: []})
    slides.load_font.cache_clear()
    try:
        text = SlideText("Évènement", "Keynote", "Titre", "Chapitre", "Ada Nom", "Rôle", "Démo")
        assert draw_slide(text, 640, 360).size == (640, 360)
    finally:
        slides.load_font.cache_clear()


def test_odd_picture_sizes_are_refused(shortest_replay: DemoReplay, tmp_path: Path) -> None:
    with pytest.raises(DemoMediaError, match="even numbers"):
        build_demo_media(shortest_replay, tmp_path, width=1281)


def test_missing_programs_are_named_with_their_debian_package(
    shortest_replay: DemoReplay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(DemoMediaError, match="install the Debian package espeak-ng"):
        build_demo_media(shortest_replay, tmp_path / "out")
    espeak = shutil.which("espeak-ng", path="/usr/bin:/usr/local/bin")
    assert espeak is not None
    (empty / "espeak-ng").symlink_to(espeak)
    with pytest.raises(DemoMediaError, match="install the Debian package ffmpeg"):
        build_demo_media(shortest_replay, tmp_path / "out")
