"""Benchmark: one decode for the whole ladder against one process per rendition.

Usage: .venv/bin/python bench/transcode.py [--seconds 60]

Generates a deterministic 1080p source (testsrc2 + a sine tone) and encodes it to the
default ladder three ways, measuring the CPU seconds the child processes report:

1. ``media_jobs.transcode.transcode`` (loudness measurement, one encode, MP4 remux);
2. one ffmpeg process per rendition with the same encoder settings, each decoding the
   source again (what PeerTube and MediaCMS do), plus the same loudness measurement;
3. the best single ffmpeg command written by hand for the same outputs (split + scale
   chain, one-pass loudnorm, the download MP4 written through the tee muxer).

Ours and the hand command run ``--repeat`` times (alternating) and keep their best figure.

The last line printed is ``cpu_ratio_vs_per_rendition=X overhead_vs_hand_command=Y
realtime_factor=Z``: X = per-rendition CPU / ours, Y = ours / hand command, Z = media
seconds / wall seconds of ours.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_jobs import ffmpeg, loudness  # noqa: E402
from media_jobs.ladder import X264_PRESET, Ladder, plan_ladder  # noqa: E402
from media_jobs.probe import MediaInfo, probe  # noqa: E402
from media_jobs.transcode import encode_command, frame_rate, transcode  # noqa: E402


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by every child process that was waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(label: str, work: Callable[[], object]) -> tuple[float, float]:
    """Run ``work``; print and return its children's CPU seconds and its wall seconds."""
    cpu, wall, own = children_cpu(), time.monotonic(), time.process_time()
    work()
    cpu, wall, own = children_cpu() - cpu, time.monotonic() - wall, time.process_time() - own
    # "python" is this process's own share (parsing, joining segments), not counted in cpu.
    print(f"{label:<16} cpu={cpu:7.1f}s wall={wall:6.1f}s python={own:5.2f}s", flush=True)
    return cpu, wall


def make_source(path: Path, seconds: int) -> None:
    """A deterministic 1080p30 H.264/AAC recording, encoded like a camera's mezzanine file."""
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
               "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={seconds}",
               "-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate=48000",
               "-c:v", "libx264", "-preset", "superfast", "-crf", "18", "-pix_fmt", "yuv420p",
               "-c:a", "aac", "-b:a", "192k", str(path)]  # fmt: skip
    subprocess.run(command, check=True)  # noqa: S603


def per_rendition(source: Path, info: MediaInfo, ladder: Ladder, out: Path) -> None:
    """One process per rendition, each decoding the source, with our exact encoder settings."""
    measurement = loudness.measure(source, info, timeout=3600)
    normalise = loudness.normalise_filter(measurement)
    silent = dataclasses.replace(info, audio=[])
    for rung in ladder.rungs:
        single = dataclasses.replace(ladder, rungs=[rung])
        (out / "hls" / rung.name).mkdir(parents=True)
        command = encode_command(source, silent, single, out, normalise)
        ffmpeg.run(command, timeout=3600, failure="per-rendition encode failed")
    (out / "hls" / "audio").mkdir(parents=True)
    audio_only = dataclasses.replace(info, video=None)
    command = encode_command(
        source, audio_only, dataclasses.replace(ladder, rungs=[]), out, normalise
    )
    ffmpeg.run(command, timeout=3600, failure="per-rendition audio encode failed")


def hand_command(source: Path, ladder: Ladder, out: Path) -> list[str]:
    """The single command an expert would write for the same files, by hand."""
    seg, rate = ladder.segment_seconds, frame_rate(ladder.fps)
    rungs = ladder.rungs
    graph = [f"[0:v]fps={rate},scale={rungs[0].width}:{rungs[0].height},format=yuv420p,setsar=1"]
    for i, rung in enumerate(rungs[1:], start=1):
        graph[-1] += f",split=2[v{i - 1}][t{i}]"
        graph.append(f"[t{i}]scale={rung.width}:{rung.height},setsar=1")
    graph[-1] += f"[v{len(rungs) - 1}]"
    graph.append("[0:a]loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000[a]")
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
               "-f", "mov", "-protocol_whitelist", "file", "-i", f"file:{source}",
               "-filter_complex", ";".join(graph)]  # fmt: skip
    hls = (f"-f hls -hls_time {seg} -hls_playlist_type vod -hls_segment_type fmp4 "
           "-hls_flags independent_segments").split()  # fmt: skip
    middle = len(rungs) // 2
    for i, rung in enumerate(rungs):
        folder = out / "hls" / rung.name
        folder.mkdir(parents=True)
        command += ["-map", f"[v{i}]", "-c:v", "libx264", "-preset", X264_PRESET,
                    "-profile:v", "high", "-level:v", rung.level, "-b:v", str(rung.video_bitrate),
                    "-maxrate", str(rung.maxrate), "-bufsize", str(rung.bufsize),
                    "-force_key_frames", f"expr:gte(t,n_forced*{seg})", "-sc_threshold", "0",
                    "-g", str(round(seg * ladder.fps))]  # fmt: skip
        if i != middle:
            command += [
                *hls,
                "-hls_segment_filename",
                f"{folder}/seg_%05d.m4s",
                f"{folder}/index.m3u8",
            ]
            continue
        # The middle rung and the audio are encoded once and muxed three times by the tee.
        audio = out / "hls" / "audio"
        audio.mkdir(parents=True)
        command += ["-map", "[a]", "-c:a", "aac", "-b:a", str(ladder.audio_bitrate), "-f", "tee",
                    f"[select=v:f=hls:hls_time={seg}:hls_playlist_type=vod:hls_segment_type=fmp4:"
                    f"hls_segment_filename={folder}/seg_%05d.m4s]{folder}/index.m3u8|"
                    f"[select=a:f=hls:hls_time={seg}:hls_playlist_type=vod:hls_segment_type=fmp4:"
                    f"hls_segment_filename={audio}/seg_%05d.m4s]{audio}/index.m3u8|"
                    f"[f=mp4:movflags=+faststart]{out}/download.mp4"]  # fmt: skip
    return command


def alternate(
    source: Path, info: MediaInfo, ladder: Ladder, work: Path, repeat: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Run ours and the hand command in turn, ``repeat`` times; (cpu, wall) of each run.

    Alternating, and keeping each side's best run, means a neighbour's burst of load on a
    shared machine inflates neither figure alone.
    """
    ours, hand = [], []
    for run in range(repeat):
        out = work / f"ours-{run}"
        ours.append(measured("ours", partial(transcode, source, info, ladder, out, timeout=3600)))
        command = hand_command(source, ladder, work / f"hand-{run}")
        hand.append(measured("hand command", partial(subprocess.run, command, check=True)))
    return ours, hand


def main() -> None:
    """Run the three ways and print the figures, the ratios last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the source")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of ours and of the hand command (best kept)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-transcode-") as tmp:
        work = Path(tmp)
        source = work / "source.mp4"
        print(f"generating a {args.seconds}-second 1080p source...", flush=True)
        make_source(source, args.seconds)
        info = probe(source)
        ladder = plan_ladder(info)
        print("rungs:", ", ".join(f"{r.name} {r.width}x{r.height}" for r in ladder.rungs))
        each_cpu, _ = measured(
            "per-rendition", lambda: per_rendition(source, info, ladder, work / "each")
        )
        ours, hand = alternate(source, info, ladder, work, args.repeat)
        (ours_cpu, _), (hand_cpu, _) = min(ours), min(hand)
        ours_wall = min(wall for _cpu, wall in ours)
    print(
        f"cpu_ratio_vs_per_rendition={each_cpu / ours_cpu:.3f} "
        f"overhead_vs_hand_command={ours_cpu / hand_cpu:.3f} "
        f"realtime_factor={info.duration / ours_wall:.3f}"
    )


if __name__ == "__main__":
    main()
