"""The frame timeline of an HLS rendition, read from its packets (nothing is decoded).

Used to check that renditions made in pieces play as one: every frame one frame after the
previous (no gap, no overlap, no repeat), keyframes on the segment starts, and the same
frames as another encode of the same recording.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from media_jobs import ffmpeg, hls


@dataclass(frozen=True)
class Timeline:
    """The video frames of one rendition, in presentation order."""

    pts: list[Fraction]  #: seconds, sorted
    keyframes: list[Fraction]  #: seconds, sorted
    segment_starts: list[Fraction]  #: seconds: the first frame of each segment

    def problems(self, frame_duration: Fraction) -> list[str]:
        """Gaps, overlaps and repeated frames, and segments not starting on a keyframe."""
        found = []
        for before, after in zip(self.pts, self.pts[1:], strict=False):
            if after - before != frame_duration:
                found.append(f"frame at {float(before):.4f}s is followed at {float(after):.4f}s")
        keyframes = set(self.keyframes)
        found += [
            f"segment at {float(start):.4f}s starts without a keyframe"
            for start in self.segment_starts
            if start not in keyframes
        ]
        return found


def read_timeline(playlist: Path, *, timeout: float = 120) -> Timeline:
    """The frames of the video rendition whose media playlist is ``playlist``."""
    media = hls.read_media_playlist(playlist)
    folder = playlist.parent
    pts: list[Fraction] = []
    keyframes: list[Fraction] = []
    starts: list[Fraction] = []
    with tempfile.TemporaryDirectory(prefix="timeline-") as tmp:
        for segment in media.segments:
            # A segment alone has no codec setup: read it behind the init section.
            piece = Path(tmp) / "segment.mp4"
            with piece.open("wb") as out:
                for part in ([media.init_uri] if media.init_uri else []) + [segment.uri]:
                    out.write((folder / part).read_bytes())
            frames = _packets(piece, timeout)
            if frames:
                starts.append(min(time for time, _key in frames))
            pts += [time for time, _key in frames]
            keyframes += [time for time, key in frames if key]
    return Timeline(sorted(pts), sorted(keyframes), starts)


def _packets(path: Path, timeout: float) -> list[tuple[Fraction, bool]]:
    command = [
        ffmpeg.FFPROBE,
        "-v",
        "error",
        "-protocol_whitelist",
        ffmpeg.PROTOCOL_WHITELIST,
        "-select_streams",
        "v:0",
        "-show_entries",
        "stream=time_base:packet=pts,flags",
        "-of",
        "json",
        ffmpeg.local_url(path),
    ]
    completed = subprocess.run(  # noqa: S603 - an argument list
        command, capture_output=True, check=True, timeout=timeout
    )
    report = json.loads(completed.stdout)
    time_base = Fraction(report["streams"][0]["time_base"])
    return [
        (int(packet["pts"]) * time_base, "K" in packet.get("flags", ""))
        for packet in report.get("packets", [])
        if "pts" in packet
    ]
