"""EBU R128 loudness normalisation in two passes of ffmpeg's ``loudnorm`` filter.

The first pass only measures, reading the audio track alone (``-vn``: video packets are
dropped by the demuxer, never decoded), so it costs a fraction of the transcode. The second
pass is a filter string the transcode applies while it encodes the audio anyway.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from media_jobs import ffmpeg
from media_jobs.errors import N_
from media_jobs.probe import MediaInfo

#: Targets for speech replays: -16 LUFS integrated (the level podcasts and streaming
#: platforms use for spoken word), -1.5 dBTP true peak, 11 LU loudness range.
TARGET_I = -16.0
TARGET_TP = -1.5
TARGET_LRA = 11.0
#: Below this the track is silence: there is nothing to normalise.
SILENCE_LUFS = -70.0
#: The values loudnorm reports that the second pass needs back.
MEASURED_KEYS = ("input_i", "input_tp", "input_lra", "input_thresh", "target_offset")


def measure(source: Path, info: MediaInfo, *, timeout: float) -> dict[str, float]:
    """Measure the default audio track's loudness (EBU R128) with loudnorm's first pass."""
    track = info.audio[0]
    stream = (
        ffmpeg.media_input(source, info.demuxer)[f"{track.index}"]
        .filter("loudnorm", I=TARGET_I, TP=TARGET_TP, LRA=TARGET_LRA, print_format="json")
        .output("-", f="null", vn=None, sn=None, dn=None)
    )
    # loudnorm prints its report at "info" level, after the stream ends.
    command = ffmpeg.compile_args(stream, "-nostats", loglevel="info")
    completed = ffmpeg.run(
        command,
        timeout=timeout,
        failure=N_("The recording's audio could not be read to measure its loudness."),
    )
    return _report(completed.stderr_lines)


def normalise_filter(measured: dict[str, float]) -> dict[str, object] | None:
    """loudnorm's second-pass options for ``measured``, or None when there is nothing to do."""
    if not math.isfinite(measured.get("input_i", -math.inf)) or measured["input_i"] < SILENCE_LUFS:
        return None
    return {
        "I": TARGET_I,
        "TP": TARGET_TP,
        "LRA": TARGET_LRA,
        "measured_I": measured["input_i"],
        "measured_TP": measured["input_tp"],
        "measured_LRA": measured["input_lra"],
        "measured_thresh": measured["input_thresh"],
        "offset": measured["target_offset"],
        "linear": "true",
    }


def _report(lines: list[str]) -> dict[str, float]:
    """The JSON object loudnorm printed at the end of stderr, as floats."""
    text = "\n".join(lines)
    start, end = text.rfind("{"), text.rfind("}")
    try:
        raw = json.loads(text[start : end + 1]) if 0 <= start < end else {}
    except json.JSONDecodeError:
        raw = {}
    values: dict[str, float] = {}
    for key, value in raw.items():
        try:
            values[key] = float(value)  # "-inf" for silence parses too
        except (TypeError, ValueError):
            continue
    return values
