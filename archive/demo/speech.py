"""French and English speech from the demo scripts, with espeak-ng, timed to the sample."""

from __future__ import annotations

import array
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from archive.demo.tools import DemoMediaError, require_tool, run_tool

#: words per minute: slow enough for captions to be read along
SPEECH_RATE = 150
#: silence before the first sentence and after the last one
EDGE_PAUSE = 0.4
#: silence between two sentences of one speaker, and when the speaker changes
PAUSE = 0.4
TURN_PAUSE = 0.6
#: samples quieter than this (of 32767) are silence; espeak-ng pads each file with ~0.25 s
SILENCE_LEVEL = 300
#: kept around the trimmed speech so the start and end of a word are not clipped
TRIM_MARGIN = 0.02


@dataclass(frozen=True)
class SpokenLine:
    """When one sentence is heard in the assembled track, in seconds."""

    start: float
    end: float


@dataclass(frozen=True)
class SpeechTrack:
    """The assembled speech of a whole replay."""

    path: Path
    lines: list[SpokenLine]
    duration: float


def espeak_version() -> str:
    """espeak-ng's version banner: another version speaks at other timings."""
    banner = run_tool([require_tool("espeak-ng"), "--version"]).strip()
    return banner.splitlines()[0] if banner else "espeak-ng"


def synthesise(text: str, language: str, voice: str, out_wav: Path) -> None:
    """Speak one sentence into a WAV file, in the language with a speaker's voice variant."""
    # The text goes through a file so no sentence can ever be read as an option.
    text_file = out_wav.with_suffix(".txt")
    text_file.write_text(text, encoding="utf-8")
    run_tool(
        [
            require_tool("espeak-ng"),
            "-v",
            f"{language}+{voice}",
            "-s",
            str(SPEECH_RATE),
            "-b",
            "1",  # the text file is UTF-8
            "-f",
            str(text_file),
            "-w",
            str(out_wav),
        ]
    )


def _read_samples(path: Path) -> tuple[int, array.array[int]]:
    """The sample rate and 16-bit mono samples of a WAV file espeak-ng wrote."""
    with wave.open(str(path), "rb") as reader:
        params = reader.getparams()
        if params.nchannels != 1 or params.sampwidth != 2:
            raise DemoMediaError(f"{path.name} is not 16-bit mono speech as espeak-ng writes.")
        samples = array.array("h", reader.readframes(params.nframes))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV data is little-endian
    return params.framerate, samples


def _trim_silence(samples: array.array[int], rate: int) -> array.array[int]:
    """The samples from the first to the last audible one, with a small margin."""
    loud = [i for i, value in enumerate(samples) if abs(value) > SILENCE_LEVEL]
    if not loud:
        return samples
    margin = int(TRIM_MARGIN * rate)
    return samples[max(0, loud[0] - margin) : loud[-1] + margin + 1]


def assemble(wavs: list[Path], speakers: list[str], out_wav: Path) -> SpeechTrack:
    """Join sentences with pauses into one WAV, returning each sentence's exact timing."""
    rate = 0
    track: array.array[int] = array.array("h")
    lines: list[SpokenLine] = []
    for index, path in enumerate(wavs):
        path_rate, samples = _read_samples(path)
        if rate and path_rate != rate:
            raise DemoMediaError(f"{path.name} has another sample rate than the sentence before.")
        rate = path_rate
        if index == 0:
            pause = EDGE_PAUSE
        else:
            pause = TURN_PAUSE if speakers[index] != speakers[index - 1] else PAUSE
        track.extend(array.array("h", bytes(2 * int(pause * rate))))
        speech = _trim_silence(samples, rate)
        lines.append(SpokenLine(len(track) / rate, (len(track) + len(speech)) / rate))
        track.extend(speech)
    track.extend(array.array("h", bytes(2 * int(EDGE_PAUSE * rate))))
    if sys.byteorder == "big":
        track.byteswap()
    with wave.open(str(out_wav), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(track.tobytes())
    return SpeechTrack(out_wav, lines, len(track) / rate)
