"""Speech to text with faster-whisper (CTranslate2; int8 on the CPU, float16 on a GPU).

The recording's audio is decoded once by ffmpeg into 16 kHz mono samples, the rate Whisper
works at, and handed to the engine as an array: the engine never opens the original. Voice
activity filtering skips silence and music, words carry their own times and confidence, and
an initial prompt (title, speakers, themes) steers the spelling of names and jargon.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media_jobs import ffmpeg
from media_jobs.cue_breaking import TimedCue, Word, break_into_cues
from media_jobs.errors import N_, MediaError
from media_jobs.probe import MediaInfo

if TYPE_CHECKING:
    import numpy as np

#: Whisper's sample rate.
SAMPLE_RATE = 16_000
#: Words the engine is less sure of than this are shown to editors to check first.
LOW_CONFIDENCE = 0.5
#: Whisper reads at most 224 prompt tokens; a prompt longer than this is cut.
PROMPT_CHARS = 600


class TranscriptionFailed(MediaError):
    """The speech-to-text engine could not run on this recording."""


@dataclass(frozen=True)
class Transcription:
    """What the engine heard: the language, and the cues made from its timed words."""

    language: str
    language_probability: float
    #: seconds of audio the engine was given
    duration: float
    cues: list[TimedCue]
    #: "transcribe" (the spoken language) or "translate" (English translation)
    task: str


def decode_audio(source: Path, info: MediaInfo, *, timeout: float) -> np.ndarray:
    """The default audio track as 16 kHz mono float samples (ffmpeg, one pass)."""
    import numpy as np

    if not info.audio:
        raise TranscriptionFailed(N_("The recording has no sound to transcribe."))
    with tempfile.TemporaryDirectory(prefix="replay-asr-") as tmp:
        raw = Path(tmp) / "audio.f32"
        stream = ffmpeg.media_input(source, info.demuxer)[f"{info.audio[0].index}"].output(
            str(raw), f="f32le", ac=1, ar=SAMPLE_RATE, vn=None, sn=None, dn=None
        )
        ffmpeg.run(
            ffmpeg.compile_args(stream, "-nostats", loglevel="error"),
            timeout=timeout,
            failure=N_("The recording's sound could not be decoded for transcription."),
        )
        return np.fromfile(raw, dtype=np.float32)


def load_model(model_dir: Path, *, device: str = "auto") -> Any:
    """A faster-whisper model from a local CTranslate2 folder (int8 on CPU, float16 on GPU)."""
    from faster_whisper import WhisperModel

    return WhisperModel(
        str(model_dir),
        device=device,
        compute_type="default" if device == "cuda" else "int8",
        cpu_threads=os.cpu_count() or 1,
        local_files_only=True,
    )


def build_prompt(title: str, speakers: list[str], themes: list[str]) -> str:
    """An initial prompt naming what the talk is about, so names come out spelled right."""
    parts = [title.strip(), ", ".join(s for s in speakers if s), ", ".join(t for t in themes if t)]
    return ". ".join(p for p in parts if p)[:PROMPT_CHARS]


def transcribe(
    model: Any,
    audio: np.ndarray,
    *,
    language: str | None = None,
    prompt: str | None = None,
    task: str = "transcribe",
    progress: Callable[[float], None] | None = None,
) -> Transcription:
    """Transcribe (or translate to English) 16 kHz mono samples into caption cues.

    ``language`` None lets the engine detect it from the first 30 seconds.
    """
    duration = len(audio) / SAMPLE_RATE
    if model_is_english_only(model) and language not in (None, "en"):
        raise TranscriptionFailed(
            N_("The speech-to-text model only knows English; this replay is in %(language)r.")
            % {"language": language}
        )
    try:
        segments, info = model.transcribe(
            audio,
            language=language,
            task=task,
            initial_prompt=prompt or None,
            word_timestamps=True,
            vad_filter=True,
            beam_size=5,
            condition_on_previous_text=False,
        )
        words: list[Word] = []
        for segment in segments:  # a generator: decoding happens while we iterate
            words.extend(
                Word(w.start, w.end, w.word.strip(), float(w.probability))
                for w in segment.words or []
            )
            if progress is not None and duration > 0:
                progress(min(1.0, segment.end / duration))
    except (RuntimeError, ValueError) as err:
        raise TranscriptionFailed(
            N_("The speech-to-text engine failed on this recording.")
        ) from err
    if progress is not None:
        progress(1.0)
    return Transcription(
        language=info.language,
        language_probability=float(info.language_probability),
        duration=duration,
        cues=break_into_cues(words),
        task=task,
    )


def model_is_english_only(model: Any) -> bool:
    """Whether the model is one of Whisper's English-only models (``*.en``)."""
    return not bool(getattr(model.model, "is_multilingual", True))
