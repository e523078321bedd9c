"""Hostile uploads are refused by probe with one sentence, before anything else is read.

For files that name other files or addresses, the probe runs under strace in a child
process and beside a TCP listener on 127.0.0.1: the proof is that the canary file is never
opened and no connection is ever attempted, not merely that an error came back.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from media_jobs.errors import MediaRejected
from media_jobs.probe import probe
from tests.fixtures.corpus import REFUSED, Corpus

STRACE = shutil.which("strace")
REPOSITORY = Path(__file__).resolve().parents[2]
# make setup installs strace; a developer without it skips these tests, CI fails instead.
needs_strace = pytest.mark.skipif(
    STRACE is None and os.environ.get("CI", "").lower() not in ("1", "true", "yes"),
    reason="strace is not installed",
)

# The probe, run in a child process so strace sees every file it and ffprobe open.
_PROBE_CHILD = """
import json, sys
from pathlib import Path
from media_jobs.errors import MediaRejected
from media_jobs.probe import probe
try:
    probe(Path(sys.argv[1]), timeout=20)
    print(json.dumps({"rejected": None}))
except MediaRejected as error:
    print(json.dumps({"rejected": error.sentence}))
"""


@pytest.mark.parametrize(("name", "sentence"), REFUSED.items(), ids=list(REFUSED))
def test_unreadable_upload_is_refused_with_one_sentence(
    corpus: Corpus, name: str, sentence: str
) -> None:
    with pytest.raises(MediaRejected) as caught:
        probe(corpus(name))
    assert caught.value.sentence == sentence
    assert caught.value.transient is False


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP server on loopback that nothing should ever connect to."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    yield server
    server.close()


def _no_connection_came(server: socket.socket) -> bool:
    try:
        connection, _address = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def _playlists(canary: Path, port: int) -> dict[str, tuple[str, str]]:
    """Files posing as media, each naming the canary or the listener, and the sentence due."""
    hls = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1,\n{}\n#EXT-X-ENDLIST\n"
    sdp = (f"v=0\no=- 0 0 IN IP4 127.0.0.1\ns=talk\nc=IN IP4 127.0.0.1\nt=0 0\n"
           f"m=video {port} RTP/AVP 96\na=rtpmap:96 H264/90000\n")  # fmt: skip
    playlist = "The file is a streaming playlist, not a recording."
    return {
        "hls_local.mp4": (hls.format(canary), playlist),
        "hls_loopback.mp4": (hls.format(f"http://127.0.0.1:{port}/segment.ts"), playlist),
        "hls_concat.mp4": (hls.format(f"concat:{canary}|{canary}"), playlist),
        "hls_subfile.mp4": (hls.format(f"subfile,,start,0,end,9000,,:{canary}"), playlist),
        "ffconcat.mp4": (
            f"ffconcat version 1.0\nfile '{canary}'\n",
            "The file is a list of other files, not a recording.",
        ),
        "concat_list.mp4": (
            f"concat:{canary}|{canary}\n",
            "The file names other files or addresses, not a recording.",
        ),
        "session.sdp.mp4": (sdp, "The file is a network session description, not a recording."),
    }


def _traced(command: list[str], log: Path) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None
    traced = [
        STRACE,
        "-f",
        "-qq",
        "-e",
        "trace=execve,open,openat,connect",
        "-o",
        str(log),
        *command,
    ]
    return subprocess.run(  # noqa: S603
        traced, capture_output=True, text=True, timeout=60, check=False, cwd=REPOSITORY
    )


@needs_strace
@pytest.mark.parametrize(
    "name",
    [
        "hls_local.mp4",
        "hls_loopback.mp4",
        "hls_concat.mp4",
        "hls_subfile.mp4",
        "ffconcat.mp4",
        "concat_list.mp4",
        "session.sdp.mp4",
    ],  # fmt: skip
)
def test_playlist_posing_as_media_reads_nothing_and_connects_nowhere(
    corpus: Corpus, tmp_path: Path, listener: socket.socket, name: str
) -> None:
    canary = corpus("canary.ts")
    port = listener.getsockname()[1]
    content, sentence = _playlists(canary, port)[name]
    upload = tmp_path / name
    upload.write_text(content)
    log = tmp_path / "strace.log"
    child = _traced([sys.executable, "-c", _PROBE_CHILD, str(upload)], log)
    assert json.loads(child.stdout) == {"rejected": sentence}, child.stderr
    trace = log.read_text()
    assert "ffprobe" in trace  # the trace did follow the child process
    assert str(canary) not in trace
    assert "connect(" not in trace
    assert _no_connection_came(listener)


@needs_strace
def test_the_trace_would_catch_a_read(corpus: Corpus, tmp_path: Path) -> None:
    """Control: plain ffprobe, without our allow-list, does open the canary a playlist names."""
    canary = corpus("canary.ts")
    upload = tmp_path / "hls_local.mp4"
    upload.write_text(_playlists(canary, 9)["hls_local.mp4"][0])
    log = tmp_path / "strace.log"
    _traced(["ffprobe", "-v", "quiet", "-protocol_whitelist", "file", str(upload)], log)
    assert str(canary) in log.read_text()


@pytest.mark.parametrize(
    "name",
    ["concat:{canary}|{canary}", "subfile,,start,0,end,9000,,:{canary}", "http://127.0.0.1:9/a"],
)
def test_protocol_names_are_refused_as_paths(corpus: Corpus, name: str) -> None:
    canary = corpus("canary.ts")
    with pytest.raises(MediaRejected) as caught:
        probe(Path(name.format(canary=canary)))
    assert (
        caught.value.sentence == "The recording must be a local file, not a URL or protocol name."
    )


def test_a_colon_inside_a_real_file_name_is_fine(corpus: Corpus, tmp_path: Path) -> None:
    upload = tmp_path / "keynote:part 1.mp4"
    shutil.copy(corpus("one_second.mp4"), upload)
    assert probe(upload).kind == "video"


def test_devices_and_pipes_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "upload.mp4"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(MediaRejected, match="regular file"):
            probe(path)


def test_size_and_duration_limits(corpus: Corpus) -> None:
    source = corpus("one_second.mp4")
    with pytest.raises(MediaRejected) as too_big:
        probe(source, max_bytes=1000)
    assert too_big.value.sentence == "The file is larger than the 1 kB limit."
    with pytest.raises(MediaRejected) as too_long:
        probe(corpus("h264_aac.mp4"), max_duration=2)
    assert too_long.value.sentence == "The recording is longer than the 2-second limit."
    assert probe(source, max_bytes=10**9, max_duration=4 * 3600).duration == pytest.approx(
        1, abs=0.1
    )
