"""Benchmark: resident memory of the web server while a 2 GB recording uploads in local mode.

Usage: .venv/bin/python bench/upload_memory.py [--gigabytes 2] [--chunk-mib 512]
                                                [--server run|serve]

Starts the web server on a temporary instance (``replay-archive run --no-worker``, the
threaded development server, by default; ``--server serve`` for gunicorn with one worker),
signs an editor in, and uploads a sparse file of that size through the tus endpoint in
PATCH requests of ``--chunk-mib`` each, streamed from disk. A sampler reads VmRSS from
/proc every 20 ms for the server process and all its children. The upload is then
terminated (DELETE), nothing is registered as a replay, and every file is removed.

The last line printed is ``peak_rss_mb=X``: the largest resident memory of one web process
during the upload, in MiB (goal: under 150). With the development server that process is
the whole server; ``tree_rss_mb`` adds up the server and its children (with gunicorn the
arbiter and the worker share pages, which this sum counts twice).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
EMAIL, PASSWORD = "bench-editor@example.org", "a long enough bench secret"
USER_AGENT = "upload-memory-bench/1.0"


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    """Run ``replay-archive`` with the bench instance's environment."""
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "archive", *args],
        env={**os.environ, **env},
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(env: dict[str, str], command: list[str], port: int, log: Path) -> Iterator[int]:
    """The web server started by ``replay-archive <command>``; yields its pid."""
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "archive", *command, "--port", str(port)],
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("the server did not start:\n" + log.read_text()) from None
                time.sleep(0.2)
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def tree_rss_kib(root_pid: int) -> dict[int, int]:
    """VmRSS in KiB of ``root_pid`` and of every descendant, by pid."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    family, grew = {root_pid}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in family} - family
        family |= children
        grew = bool(children)
    sizes: dict[int, int] = {}
    for pid in family:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        sizes[pid] = int(found.group(1)) if found else 0
    return sizes


class Sampler(threading.Thread):
    """Samples the server tree's resident memory until stopped; keeps the peaks."""

    def __init__(self, root_pid: int, interval_s: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.root_pid, self.interval_s = root_pid, interval_s
        #: largest sum over the server and its children (shared pages count in each)
        self.peak_tree_kib = 0
        #: largest single process (with gunicorn: the worker serving the upload)
        self.peak_process_kib = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.stopped.is_set():
            sizes = tree_rss_kib(self.root_pid)
            self.peak_tree_kib = max(self.peak_tree_kib, sum(sizes.values()))
            self.peak_process_kib = max(self.peak_process_kib, max(sizes.values(), default=0))
            time.sleep(self.interval_s)


class Editor:
    """An HTTP client signed in as the bench editor."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", USER_AGENT)]
        base = f"http://127.0.0.1:{port}"
        page = self.opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token, "the sign-in form has a CSRF token"
        form = {"email": EMAIL, "password": PASSWORD, "csrf_token": token.group(1)}
        self.opener.open(base + "/login", data=urllib.parse.urlencode(form).encode()).read()
        home = self.opener.open(base + "/").read().decode()
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', home)
        assert csrf, "signed in"
        self.csrf = csrf.group(1)

    def request(
        self, method: str, path: str, headers: dict[str, str], body: Window | None = None
    ) -> http.client.HTTPResponse:
        """One tus request with the session cookie and the CSRF token."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120, blocksize=MIB)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        connection.request(
            method,
            path,
            body=body,
            headers={
                "Cookie": cookies,
                "X-CSRFToken": self.csrf,
                "User-Agent": USER_AGENT,
                "Tus-Resumable": "1.0.0",
                **headers,
            },
        )
        response = connection.getresponse()
        response.read()
        return response


class Window:
    """``length`` bytes of an open file from ``start``, read by http.client in blocks."""

    def __init__(self, path: Path, start: int, length: int) -> None:
        self.file = path.open("rb")
        self.file.seek(start)
        self.left = length

    def read(self, size: int = -1) -> bytes:
        """The next block of the window."""
        size = self.left if size < 0 else min(size, self.left)
        block = self.file.read(size)
        self.left -= len(block)
        return block


def make_recording(path: Path, size: int) -> None:
    """A sparse file of ``size`` bytes starting like a Matroska file (never processed)."""
    with path.open("wb") as out:
        out.write(bytes.fromhex("1a45dfa3") + os.urandom(4 * MIB))
        out.truncate(size)


def upload(editor: Editor, path: Path, chunk: int) -> float:
    """Upload ``path`` with tus in ``chunk``-byte PATCH requests, then terminate it; seconds."""
    size = path.stat().st_size
    name = base64.b64encode(path.name.encode()).decode()
    created = editor.request(
        "POST",
        "/upload/tus/",
        {
            "Upload-Length": str(size),
            "Upload-Metadata": f"filename {name}",
        },
    )
    assert created.status == 201, created.status
    location = created.headers["Location"]
    started = time.monotonic()
    for offset in range(0, size, chunk):
        length = min(chunk, size - offset)
        answer = editor.request(
            "PATCH",
            location,
            {
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(length),
            },
            Window(path, offset, length),
        )
        assert answer.status == 204, answer.status
    seconds = time.monotonic() - started
    head = editor.request("HEAD", location, {})
    assert int(head.headers["Upload-Offset"]) == size
    assert editor.request("DELETE", location, {}).status == 204
    return seconds


SERVERS = {
    # Flask's threaded development server: one process, the one the bar measures.
    "run": ["run", "--no-worker"],
    # gunicorn as in production: an arbiter plus one worker process with its threads.
    "serve": ["serve", "--workers", "1"],
}


def main() -> None:
    """Run the benchmark and print its figures, ``peak_rss_mb`` last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gigabytes", type=float, default=2.0)
    parser.add_argument("--chunk-mib", type=int, default=512)
    parser.add_argument("--server", choices=sorted(SERVERS), default="run")
    args = parser.parse_args()
    size = int(args.gigabytes * 1024**3)
    folder = Path(tempfile.mkdtemp(prefix="upload-memory-"))
    try:
        env = {
            "ARCHIVE_INSTANCE_DIR": str(folder / "instance"),
            "ARCHIVE_SECRET_KEY": "upload-memory-bench-" + "m" * 32,
            "ARCHIVE_ENV": "testing",  # plain HTTP on loopback: cookies without Secure
        }
        cli(env, "init")
        cli(env, "create-user", EMAIL, "--role", "editor", stdin=PASSWORD + "\n")
        recording = folder / "bench-recording.mkv"
        make_recording(recording, size)
        port = free_port()
        with server(env, SERVERS[args.server], port, folder / "server.log") as pid:
            editor = Editor(port)
            idle = tree_rss_kib(pid)
            sampler = Sampler(pid)
            sampler.start()
            seconds = upload(editor, recording, args.chunk_mib * MIB)
            sampler.stopped.set()
            sampler.join()
        print(
            f"server={args.server} ({len(idle)} process(es)); uploaded "
            f"{size / 1024**3:.2f} GiB in {seconds:.1f} s ({size / MIB / seconds:.0f} MiB/s) "
            f"in PATCH requests of {args.chunk_mib} MiB"
        )
        print(f"idle_rss_mb={sum(idle.values()) / 1024:.1f} (signed in, before the upload)")
        print(f"tree_rss_mb={sampler.peak_tree_kib / 1024:.1f} (sum over the server and children)")
        print(f"peak_rss_mb={sampler.peak_process_kib / 1024:.1f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
