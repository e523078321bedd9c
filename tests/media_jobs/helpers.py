"""Test-side readers of ffmpeg outputs (trusted files we wrote ourselves)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def ffprobe(path: Path, *entries: str) -> dict[str, Any]:
    """ffprobe's JSON for a file this test suite produced (HLS playlists included)."""
    command = ["ffprobe", "-v", "error", "-of", "json", *entries, str(path)]
    result = subprocess.run(command, capture_output=True, check=True, timeout=60)  # noqa: S603
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def streams(path: Path) -> list[dict[str, Any]]:
    """The streams ffprobe reads from ``path``."""
    return list(ffprobe(path, "-show_streams")["streams"])


def keyframe_times(path: Path) -> list[float]:
    """Presentation times of the video keyframes of ``path``."""
    packets = ffprobe(path, "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags")[
        "packets"
    ]
    return sorted(round(float(p["pts_time"]), 2) for p in packets if "K" in p["flags"])


def integrated_loudness(path: Path) -> float:
    """EBU R128 integrated loudness (LUFS) of the audio of ``path``, measured by ffmpeg."""
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-map", "0:a:0",
               "-af", "ebur128", "-f", "null", "-"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, check=True, timeout=60)  # noqa: S603
    summary = result.stderr.decode().rsplit("Integrated loudness:", 1)[1]
    return float(summary.split("I:", 1)[1].split("LUFS", 1)[0])


def moov_before_mdat(path: Path) -> bool:
    """Whether an MP4 can start playing before it has fully downloaded (faststart)."""
    data = path.read_bytes()
    return 0 <= data.find(b"moov") < data.find(b"mdat")
