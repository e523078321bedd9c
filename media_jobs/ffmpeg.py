"""Running ffmpeg and ffprobe: argument lists only, a time limit, progress, and a stderr tail.

Argument lists are built elsewhere with ffmpeg-python (``.get_args()``); this module only
runs them, so the time limit, the progress parsing and the error sentences live in one place.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import ffmpeg as ffmpeg_python

from media_jobs.errors import N_, MediaError, MediaRejected, MediaTimeout

FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"

#: Only local files: no network, no nested protocols such as concat:, subfile: or data:.
PROTOCOL_WHITELIST = "file"

#: Lines of stderr kept in memory; loudnorm's JSON report needs about fifteen of them.
_STDERR_LINES_KEPT = 80
#: Lines of stderr handed to the job log with an error.
LOG_TAIL_LINES = 20

# A URL scheme at the start of the path ("concat:", "http:", "subfile,") would make ffmpeg
# pick a protocol instead of the local file; such paths are refused outright.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*[:,]")

ProgressCallback = Callable[[float], None]


@dataclass(frozen=True)
class Completed:
    """What a finished ffmpeg/ffprobe process left behind."""

    stdout: str
    stderr_lines: list[str]


def local_url(path: Path) -> str:
    """Return the ``file:`` URL ffmpeg must use for a local path, refusing anything else."""
    if _SCHEME.match(str(path)):
        raise MediaRejected(N_("The recording must be a local file, not a URL or protocol name."))
    return "file:" + str(Path(path).absolute())


def media_input(
    path: Path, demuxer: str, **options: object
) -> ffmpeg_python.nodes.FilterableStream:
    """An ffmpeg-python input reading only ``path`` with the already-vetted ``demuxer``."""
    return ffmpeg_python.input(
        local_url(path), f=demuxer, protocol_whitelist=PROTOCOL_WHITELIST, **options
    )


def compile_args(
    stream: ffmpeg_python.nodes.Node, *global_args: str, loglevel: str = "warning"
) -> list[str]:
    """The full ffmpeg argument list for an ffmpeg-python graph, with our global options."""
    base = ["-hide_banner", "-nostdin", "-y", "-loglevel", loglevel, *global_args]
    return [FFMPEG, *base, *stream.get_args()]


def run(
    command: list[str],
    *,
    timeout: float,
    failure: str,
    duration: float | None = None,
    progress: ProgressCallback | None = None,
) -> Completed:
    """Run ``command``; kill its process group past ``timeout`` seconds; raise on failure.

    When ``duration`` is given, stdout is read as ``-progress pipe:1`` output and
    ``progress``, if any, receives the fraction done (0..1) on the calling thread.
    """
    # With a duration, stdout is -progress output: parsed, never piled up in memory.
    follow = duration is not None and duration > 0
    process = _spawn(command)
    events: queue.Queue[float | None] = queue.Queue()
    stdout_lines: list[str] = []
    stderr_lines: deque[str] = deque(maxlen=_STDERR_LINES_KEPT)
    readers = [
        threading.Thread(
            target=_read_stdout,
            args=(process, follow, duration or 0, stdout_lines, events),
            daemon=True,
        ),
        threading.Thread(target=_read_lines, args=(process.stderr, stderr_lines), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        timed_out = _wait(process, events, time.monotonic() + timeout, progress)
    except BaseException:
        _kill_group(process)  # the progress callback raised, or the worker is stopping
        raise
    finally:
        for reader in readers:
            reader.join(timeout=5)
    _raise_for(process, command, timed_out, timeout, failure, _tail(stderr_lines))
    return Completed(stdout="".join(stdout_lines), stderr_lines=list(stderr_lines))


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(  # noqa: S603 - an argument list, never a shell string
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout can kill ffmpeg's whole process group
        )
    except FileNotFoundError as error:
        raise MediaError(
            N_("%(program)s is not installed on this worker.") % {"program": command[0]},
            command=command,
        ) from error


def _raise_for(
    process: subprocess.Popen[bytes],
    command: list[str],
    timed_out: bool,
    timeout: float,
    failure: str,
    log_tail: str | None,
) -> None:
    """Turn a timeout or a non-zero exit into the matching error."""
    if timed_out:
        raise MediaTimeout(
            N_("%(task)s took longer than %(limit)s and was stopped.")
            % {"task": _program(command), "limit": describe_limit(timeout)},
            log_tail=log_tail,
            transient=True,  # a less loaded worker may finish in time
            command=command,
            returncode=process.returncode,
        )
    if process.returncode != 0:
        raise MediaError(
            failure,
            log_tail=log_tail,
            # Killed by a signal (out of memory, worker shutdown): trying again may work.
            transient=process.returncode < 0,
            command=command,
            returncode=process.returncode,
        )


def _wait(
    process: subprocess.Popen[bytes],
    events: queue.Queue[float | None],
    deadline: float,
    progress: ProgressCallback | None,
) -> bool:
    """Relay progress until stdout closes, then wait for exit; True if killed at the deadline."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _kill_group(process)
            return True
        try:
            fraction = events.get(timeout=remaining)
        except queue.Empty:
            continue
        if fraction is None:
            break
        if progress is not None:
            progress(fraction)
    try:
        process.wait(timeout=max(deadline - time.monotonic(), 0.01))
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return True
    return False


def _read_stdout(
    process: subprocess.Popen[bytes],
    follow: bool,
    duration: float,
    lines: list[str],
    events: queue.Queue[float | None],
) -> None:
    """Collect stdout, or turn ``-progress`` key=value lines into fractions."""
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.decode("utf-8", "replace")
        if not follow:
            lines.append(line)
        elif line.startswith("out_time_us=") and line[12:].strip().lstrip("-").isdigit():
            seconds = int(line[12:]) / 1_000_000
            events.put(min(max(seconds / duration, 0.0), 1.0))
        elif line.startswith("progress=end"):
            events.put(1.0)
    events.put(None)


def _read_lines(stream: Iterable[bytes] | None, lines: deque[str]) -> None:
    """Keep the last lines of a stream (ffmpeg's stderr)."""
    assert stream is not None
    for raw in stream:
        lines.append(raw.decode("utf-8", "replace").rstrip("\n"))


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ffmpeg and anything it started, then reap it."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def _tail(lines: Iterable[str]) -> str | None:
    kept = [line for line in lines if line.strip()][-LOG_TAIL_LINES:]
    return "\n".join(kept) or None


def _program(command: list[str]) -> str:
    if Path(command[0]).name == FFPROBE:
        return N_("Reading the recording")
    return N_("Processing the recording")


def describe_limit(seconds: float) -> str:
    """A time limit in words, e.g. "the 30-minute limit"."""
    if seconds >= 120:
        return N_("the %(count)d-minute limit") % {"count": round(seconds / 60)}
    return N_("the %(count)s-second limit") % {"count": f"{seconds:g}"}
