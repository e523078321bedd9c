"""The archive started as an editor runs it (``replay-archive run``: server and worker), for
the browser tests, and signing in through its form."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import run_cli
from tests.fixtures.demo_server import free_port
from tests.uploads.conftest import PASSWORD

EDITOR = "editor@assises.example"


@contextmanager
def running_archive(env: dict[str, str], folder: Path, *, worker: bool = True) -> Iterator[str]:
    """Initialise an instance with one editor, run it (with its worker unless told not
    to), yield its base URL, stop it."""
    assert run_cli(env, "init", timeout=120).returncode == 0
    created = run_cli(env, "create-user", EDITOR, "--role", "editor", stdin=PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    port = free_port()
    command = ["run", "--port", str(port)] + ([] if worker else ["--no-worker"])
    with _process(env, command, folder / "server.log") as log:
        _wait_for(f"http://127.0.0.1:{port}/login", log)
        yield f"http://127.0.0.1:{port}"


@contextmanager
def running_worker(env: dict[str, str], folder: Path) -> Iterator[None]:
    """A ``replay-archive worker`` process for the instance."""
    with _process(env, ["worker"], folder / "worker.log"):
        yield


@contextmanager
def _process(env: dict[str, str], command: list[str], log: Path) -> Iterator[Path]:
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "archive", *command],
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield log
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


def _wait_for(url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(log.read_text())


def sign_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """Sign the editor in through the form."""
    page.goto(base + "/login")
    page.fill("#email", EDITOR)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator('meta[name="csrf-token"]').count() == 1, "signed in"


def make_recording(path: Path, seconds: float) -> Path:
    """A real, deliberately heavy recording: noisy 1080p intra-coded MPEG-2 (about 50 MB a
    second) with a tone, generated in a few seconds."""
    subprocess.run(  # noqa: S603
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size=1920x1080:rate=25:duration={seconds},noise=alls=40:allf=t+u",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v",
            "mpeg2video",
            "-q:v",
            "1",
            "-qmin",
            "1",
            "-g",
            "1",
            "-c:a",
            "mp2",
            "-shortest",
            "-f",
            "matroska",
            str(path),
        ],
        check=True,
        timeout=60,
        capture_output=True,
    )
    return path


def wait_for_replay(page, timeout: float) -> None:  # type: ignore[no-untyped-def]
    """Wait until the upload is registered as a replay (the page then follows its job)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(
        "() => Boolean(document.getElementById('upload-form').dataset.replayId)"
    ):
        error = page.text_content("#upload-error")
        assert time.monotonic() < deadline, f"{page.text_content('#upload-status')} {error}"
        time.sleep(0.1)
