"""Recipes for the tiny generated test corpus: real files made by the real ffmpeg.

Each recording lasts a few seconds at a low frame rate so the whole folder runs quickly on
two cores; what matters is the container, codec and geometry each one exercises.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

_QUIET = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]


def _video(size: str, rate: int, seconds: float) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={rate}:d={seconds}"]


def _tone(seconds: float, frequency: int = 440) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=f={frequency}:d={seconds}:sample_rate=48000"]


_X264 = ["-c:v", "libx264", "-preset", "ultrafast"]
_AAC = ["-c:a", "aac", "-b:a", "96k"]

#: name -> ffmpeg arguments between the global options and the output path.
RECIPES: dict[str, list[str]] = {
    "h264_aac.mp4": [*_video("1280x720", 15, 3), *_tone(3), *_X264, *_AAC],
    "hevc.mkv": [
        *_video("640x360", 15, 2),
        *_tone(2),
        "-c:v",
        "libx265",
        "-preset",
        "ultrafast",
        "-x265-params",
        "log-level=error",
        *_AAC,
    ],
    "vp9_opus.webm": [
        *_video("640x360", 15, 2),
        *_tone(2),
        "-c:v",
        "libvpx-vp9",
        "-deadline",
        "realtime",
        "-cpu-used",
        "8",
        "-b:v",
        "400k",
        "-c:a",
        "libopus",
    ],
    "mpeg2.ts": [*_video("720x576", 25, 2), *_tone(2), "-c:v", "mpeg2video", "-c:a", "mp2"],
    "prores.mov": [
        *_video("640x360", 15, 2),
        *_tone(2),
        "-c:v",
        "prores_ks",
        "-profile:v",
        "0",
        "-c:a",
        "pcm_s16le",
    ],
    "ten_bit.mkv": [*_video("640x360", 15, 2), *_tone(2), *_X264, "-pix_fmt", "yuv420p10le", *_AAC],
    # 640x481 stored with 853:640 pixels: shown as 853x481, odd both ways.
    "odd_sar.mkv": [
        *_video("640x480", 15, 2),
        *_tone(2),
        "-vf",
        "scale=640:481,setsar=sar=853/640:max=1000",
        "-c:v",
        "mpeg4",
        "-q:v",
        "5",
        *_AAC,
    ],
    # Frames 0,1,2 of every 5 kept at their own times: uneven frame spacing.
    "vfr.mkv": [
        *_video("640x360", 30, 3),
        *_tone(3),
        "-vf",
        "select='lt(mod(n\\,5)\\,3)'",
        "-fps_mode",
        "vfr",
        *_X264,
        *_AAC,
    ],
    # 50 progressive frames a second woven into 25 interlaced ones, coded as fields.
    "interlaced.mp4": [
        *_video("720x576", 50, 2),
        *_tone(2),
        "-vf",
        "tinterlace=interleave_top,setfield=tff",
        *_X264,
        "-flags",
        "+ilme+ildct",
        "-top",
        "1",
        *_AAC,
    ],
    "uhd.mp4": [*_video("3840x2160", 10, 2), *_tone(2), *_X264, *_AAC],
    "one_second.mp4": [*_video("320x240", 15, 1), *_tone(1), *_X264, *_AAC],
    "tiny.mp4": [*_video("160x120", 15, 2), *_tone(2), *_X264, *_AAC],
    "no_audio.mp4": [*_video("640x360", 15, 2), *_X264],
    # Two tracks, the second marked default: that is the one to publish.
    "two_tracks.mkv": [
        *_video("320x240", 15, 2),
        *_tone(2, 440),
        *_tone(2, 880),
        "-map",
        "0",
        "-map",
        "1",
        "-map",
        "2",
        *_X264,
        *_AAC,
        "-metadata:s:a:0",
        "language=eng",
        "-metadata:s:a:1",
        "language=fra",
        "-disposition:a:0",
        "0",
        "-disposition:a:1",
        "default",
    ],
    # Two black seconds, then a picture: the poster must not be black.
    "fade_in.mp4": [
        "-f",
        "lavfi",
        "-i",
        "color=black:s=320x240:r=10:d=3,format=yuv420p",
        *_video("320x240", 10, 1),
        "-filter_complex",
        "[0:v][1:v]concat=n=2:v=1",
        *_X264,
    ],
    "audio.mp3": [*_tone(3), "-c:a", "libmp3lame", "-b:a", "96k"],
    "audio.m4a": [*_tone(3), *_AAC],
    "audio.wav": [*_tone(3), "-c:a", "pcm_s16le"],
    "audio.opus.ogg": [*_tone(3), "-c:a", "libopus"],
    "still.png": ["-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", "-f", "image2"],
    "still.jpg": ["-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", "-f", "image2"],
    # One JPEG frame inside a real container: a picture, not a recording.
    "still_in.mov": ["-f", "lavfi", "-i", "testsrc2=s=320x240", "-frames:v", "1", "-c:v", "mjpeg"],
    "canary.ts": [*_video("160x120", 10, 1), *_X264, "-f", "mpegts"],
}

#: Files a portrait clip is made from: a landscape encode, then a 90-degree display matrix.
ROTATED_FROM = "portrait_source.mp4"
RECIPES[ROTATED_FROM] = [*_video("640x360", 15, 2), *_tone(2), *_X264, *_AAC]


class Corpus:
    """Makes each test recording on first use, in one folder shared by the session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, name: str) -> Path:
        """The path of the recording ``name``, generated if it does not exist yet."""
        path = self.folder / name
        if not path.exists():
            self._make(name, path)
        return path

    def _make(self, name: str, path: Path) -> None:
        if name == "rotated.mp4":
            # ffmpeg 5.1 writes the display matrix from the "rotate" tag on stream copy only.
            source = self(ROTATED_FROM)
            _ffmpeg(["-i", str(source), "-c", "copy", "-metadata:s:v:0", "rotate=90"], path)
        elif name == "truncated.mp4":
            whole = self("h264_aac.mp4").read_bytes()
            path.write_bytes(whole[: len(whole) * 2 // 5])
        elif name in {"still_png.mp4", "still_jpeg.mp4"}:
            shutil.copy(self("still.png" if "png" in name else "still.jpg"), path)
        elif name in RECIPES:
            _ffmpeg(RECIPES[name], path)
        else:
            path.write_bytes(HOSTILE_BYTES[name](self))


def _ffmpeg(arguments: list[str], path: Path) -> None:
    subprocess.run([*_QUIET, *arguments, str(path)], check=True, timeout=120)  # noqa: S603


def _random_bytes(_corpus: Corpus) -> bytes:
    return random.Random(20240101).randbytes(64 * 1024)


#: Hostile uploads written directly; playlists name the canary by absolute path.
HOSTILE_BYTES = {
    "empty.mp4": lambda _corpus: b"",
    "text.mp4": lambda _corpus: "Programme de la journée : accueil à 9 h.\n".encode() * 20,
    "random.mp4": _random_bytes,
}
