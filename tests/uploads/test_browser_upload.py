"""An editor uploads a 200 MB recording over a connection that drops, in Debian's Chromium
(local mode: tus to the archive).

The archive runs as ``replay-archive run`` (server plus worker) behind a relay that slows
uploads to Wi-Fi speed and can cut the connection. The upload must pause and resume on
request, survive the cut by resuming from the server's offset (never from zero, never
sending bytes twice), and the replay's processing job must run to published.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures.browser import screenshot, wait_until
from tests.uploads.archive_server import make_recording, running_archive, sign_in
from tests.uploads.proxy import CuttableRelay

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Slow enough to watch the bar move and to cut mid-upload: 200 MB take about 8 s.
RATE = 25 * 10**6


@dataclass
class UploadServer:
    """The archive behind a cuttable relay."""

    url: str
    instance: Path
    relay: CuttableRelay


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real 200 MB recording (4 s of heavy 1080p)."""
    path = make_recording(tmp_path_factory.mktemp("big") / "assises-keynote.mkv", 4)
    assert path.stat().st_size > 190 * 10**6
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture
def upload_server(tmp_path: Path) -> Iterator[UploadServer]:
    """The archive on a fresh instance with one editor, behind the relay."""
    env = {
        "ARCHIVE_INSTANCE_DIR": str(tmp_path / "instance"),
        "ARCHIVE_SECRET_KEY": "upload-browser-test-" + "b" * 32,
        "ARCHIVE_ENV": "development",
    }
    with running_archive(env, tmp_path) as url:
        relay = CuttableRelay(int(url.rsplit(":", 1)[1]), RATE)
        yield UploadServer(relay.url, tmp_path / "instance", relay)
        relay.close()


def _server_offset(instance: Path) -> int:
    """Bytes the server holds of the upload in progress (the size of its data file)."""
    files = list((instance / "uploads").glob("*.mkv"))
    return files[0].stat().st_size if files else 0


def _bar(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("() => document.getElementById('upload-progress').value"))


def _progress_at_least(page, percent: int, timeout: float) -> None:  # type: ignore[no-untyped-def]
    wait_until(
        page,
        f"() => document.getElementById('upload-progress').value >= {percent}",
        timeout=timeout,
    )


def _choose_and_start(page, base: str, recording: Path) -> None:  # type: ignore[no-untyped-def]
    """Fill the upload form and start; the bar moves."""
    page.goto(base + "/upload")
    page.set_input_files("#recording", str(recording))
    page.fill("#title", "Keynote d'ouverture")
    page.fill("#event", "Assises de l'Industrie 2026")
    page.fill("#speakers", "Claire Vasseur, Marc Olivier")
    page.select_option("#visibility", "public")
    screenshot(page, "upload-1-form")
    page.click("#upload-start")
    _progress_at_least(page, 10, timeout=30)
    screenshot(page, "upload-2-progress")


def _pause_and_resume(page, instance: Path) -> None:  # type: ignore[no-untyped-def]
    """Pause: the server stops receiving; resume: the bar goes on from there."""
    page.click("#upload-pause")
    assert page.text_content("#upload-pause").strip() == "Resume"
    time.sleep(1.0)
    paused_at = _server_offset(instance)
    time.sleep(1.5)
    assert _server_offset(instance) == paused_at
    screenshot(page, "upload-3-paused")
    page.click("#upload-pause")
    _progress_at_least(page, _bar(page) + 3, timeout=30)


def _cut_and_restore(page, server: UploadServer, size: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Drop the connection mid-request for a few seconds; the server offset and the bar
    at the cut."""
    _progress_at_least(page, 50, timeout=60)
    server.relay.cut()
    page.context.set_offline(True)
    time.sleep(1.0)
    cut_at, bar_at_cut = _server_offset(server.instance), _bar(page)
    assert 0 < cut_at < size
    wait_until(
        page,
        "() => document.getElementById('upload-status').textContent.includes('Connection lost')",
        timeout=15,
    )
    screenshot(page, "upload-4-offline")
    time.sleep(2.0)
    server.relay.restore()
    page.context.set_offline(False)
    return cut_at, bar_at_cut


def _watch_until_registered(page, instance: Path, size: int) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """The lowest bar value and the server offsets seen until the replay exists."""
    lowest_bar, offsets = 100, []
    deadline = time.monotonic() + 90
    while not page.evaluate(
        "() => Boolean(document.getElementById('upload-form').dataset.replayId)"
    ):
        assert time.monotonic() < deadline, page.text_content("#upload-status")
        lowest_bar = min(lowest_bar, _bar(page))
        offsets.append(_server_offset(instance) or size)
        time.sleep(0.1)
    return lowest_bar, offsets


def _follow_to_published(page) -> None:  # type: ignore[no-untyped-def]
    """The job's progress bar runs to published; the link opens the replay."""
    wait_until(page, "() => !document.getElementById('processing').hidden", timeout=15)
    screenshot(page, "upload-5-processing")
    wait_until(
        page,
        "() => document.getElementById('processing').dataset.state === 'succeeded'",
        timeout=180,
    )
    assert page.evaluate("() => document.getElementById('job-progress').value") == 100
    screenshot(page, "upload-6-published")
    page.click("#replay-link")
    page.wait_for_load_state()
    assert "Keynote d'ouverture" in page.title()
    screenshot(page, "upload-7-replay")


def test_upload_pauses_survives_a_cut_and_runs_to_published(
    page, upload_server: UploadServer, recording: Path
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    instance, size = upload_server.instance, recording.stat().st_size
    sign_in(page, upload_server.url)
    _choose_and_start(page, upload_server.url, recording)
    _pause_and_resume(page, instance)
    cut_at, bar_at_cut = _cut_and_restore(page, upload_server, size)
    lowest_bar, offsets = _watch_until_registered(page, instance, size)

    # Resumed, not restarted: neither the server's offset nor the bar went back to zero,
    # and the bytes crossed the network about once.
    assert [cut_at, *offsets] == sorted([cut_at, *offsets]), "the server's offset never goes back"
    assert lowest_bar >= bar_at_cut - 10
    (record,) = (instance / "uploads").glob("*.json")
    received = json.loads(record.read_text())["received"]
    assert received == size, f"{received} bytes received for a {size}-byte file"
    assert upload_server.relay.upstream_bytes < 1.1 * size, (
        f"{upload_server.relay.upstream_bytes} bytes sent for {size}"
    )

    _follow_to_published(page)
    assert errors == []
    assert not [
        e for e in page.console_errors if "Content Security Policy" in e or "Refused to" in e
    ]
