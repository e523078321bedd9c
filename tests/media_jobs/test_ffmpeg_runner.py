"""Running ffmpeg: time limits that really stop it, failures that explain themselves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from media_jobs import ffmpeg
from media_jobs.errors import MediaError, MediaRejected, MediaTimeout
from media_jobs.ladder import plan_ladder
from media_jobs.probe import probe
from media_jobs.transcode import encode_command
from tests.fixtures.corpus import Corpus


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_hung_ffmpeg_is_killed_with_everything_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    command = ["sh", "-c", f"sleep 60 & echo $! > {pid_file}; wait"]
    started = time.monotonic()
    with pytest.raises(MediaTimeout) as caught:
        ffmpeg.run(command, timeout=1, failure="unused")
    assert time.monotonic() - started < 10
    assert (
        caught.value.sentence
        == "Processing the recording took longer than the 1-second limit and was stopped."
    )
    assert caught.value.command == command
    # SIGKILL is delivered asynchronously: the child is gone within moments, not at once.
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 3
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_endless_ffmpeg_times_out() -> None:
    endless = ["ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc2", "-f", "null", "-"]
    with pytest.raises(MediaTimeout):
        ffmpeg.run(endless, timeout=1, failure="unused")


def test_failure_carries_sentence_command_and_log_tail() -> None:
    command = ["ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc2=d=1", "-c:v", "no-such-codec",
               "-f", "null", "-"]  # fmt: skip
    with pytest.raises(MediaError) as caught:
        ffmpeg.run(command, timeout=30, failure="The recording could not be transcoded.")
    error = caught.value
    assert error.sentence == str(error) == "The recording could not be transcoded."
    assert not error.transient and error.returncode not in (None, 0)
    assert error.command == command
    assert error.log_tail is not None and "no-such-codec" in error.log_tail
    assert len(error.log_tail.splitlines()) <= ffmpeg.LOG_TAIL_LINES


def test_every_input_is_a_local_file_with_its_demuxer_named(corpus: Corpus, tmp_path: Path) -> None:
    source = corpus("h264_aac.mp4")
    info = probe(source)
    command = encode_command(source, info, plan_ladder(info), tmp_path, None)
    inputs = [i for i, arg in enumerate(command) if arg == "-i"]
    assert inputs
    for previous, current in zip([0, *inputs], inputs, strict=False):
        options = command[previous:current]  # the options that belong to this input
        assert command[current + 1] == "file:" + str(source.absolute())
        assert options[options.index("-f") + 1] == "mov"
        assert options[options.index("-protocol_whitelist") + 1] == "file"
    assert command.count("-protocol_whitelist") == len(inputs)


@pytest.mark.parametrize(
    "path", ["concat:a.mp4|b.mp4", "subfile,,start,0,end,1,,:a.mp4", "https://x/y"]
)
def test_protocol_paths_never_reach_ffmpeg(path: str) -> None:
    with pytest.raises(MediaRejected):
        ffmpeg.local_url(Path(path))


def test_local_paths_become_absolute_file_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert ffmpeg.local_url(Path("talk.mp4")) == f"file:{tmp_path}/talk.mp4"
