"""deploy/nginx.conf with a real nginx: valid, and local media sent by nginx after the app's check.

nginx runs on loopback ports only, from a copy of the shipped configuration whose upstream,
listen port and media folder point at this test's instance.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask

from tests.fixtures.demo_server import free_port

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
#: The name the shipped server answers to; requests naming another host get no answer at all.
SITE_NAME = "replays.example.org"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def nginx() -> str:
    """The nginx binary; make setup installs it, CI fails without it."""
    if not Path(NGINX).exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("nginx is not installed (required in CI)", pytrace=False)
        pytest.skip("nginx is not installed")
    return NGINX


def _main_conf(folder: Path, site: str) -> Path:
    (folder / "site.conf").write_text(site)
    conf = folder / "nginx.conf"
    conf.write_text(
        # Workers as root: the test's media folder is in root's private temporary folder.
        f"user root;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f" include {folder}/site.conf;\n}}\n"
    )
    return conf


def _site(upstream_port: int, proxy_port: int) -> str:
    """The shipped site with one web host on loopback, every server on one loopback port."""
    lines = (
        SHIPPED.read_text()
        .replace("server 10.0.0.11:8000", f"server 127.0.0.1:{upstream_port}")
        .replace("    server 10.0.0.12:8000 max_fails=3 fail_timeout=10s;\n", "")
        .replace("listen 80", f"listen 127.0.0.1:{proxy_port}")
        .splitlines(keepends=True)
    )
    return "".join(line for line in lines if "listen [::]:80" not in line)


def test_the_shipped_configuration_is_valid(nginx: str, tmp_path: Path) -> None:
    conf = _main_conf(tmp_path, SHIPPED.read_text())
    result = subprocess.run(  # noqa: S603
        [nginx, "-t", "-c", str(conf)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@contextmanager
def _running(
    command: list[str], env: dict[str, str], url: str
) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(  # noqa: S603
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(_named(url), timeout=2).close()  # noqa: S310
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                assert time.monotonic() < deadline, f"{command[0]} did not start"
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def _named(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"Host": SITE_NAME})  # noqa: S310


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(_named(url), timeout=10) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


@pytest.mark.slow
def test_local_media_are_sent_by_nginx_after_the_app_checks_access(
    nginx: str,
    make_app: Callable[..., Flask],
    archive_env: dict[str, str],
    talk_mp4: Path,
    tmp_path: Path,
) -> None:
    app = make_app(x_accel_prefix="/_media")
    result = app.test_cli_runner().invoke(args=["import", str(talk_mp4), "--wait", "--json"])
    replay_id = json.loads(result.output.strip().splitlines()[-1])["id"]
    private = json.loads(
        app.test_cli_runner()
        .invoke(args=["import", str(talk_mp4), "--wait", "--json", "--visibility", "private"])
        .output.strip()
        .splitlines()[-1]
    )["id"]
    media_root = app.config["ARCHIVE_SETTINGS"].storage_url[len("file://") :]
    app_port, proxy_port = free_port(), free_port()
    site = _site(app_port, proxy_port).replace(
        "alias /srv/replay-archive/media/;", f"alias {media_root.rstrip('/')}/;"
    )
    conf = _main_conf(tmp_path, site)
    serve = [sys.executable, "-m", "archive", "serve", "--port", str(app_port), "--workers", "1"]
    base = f"http://127.0.0.1:{proxy_port}"
    with (
        _running(serve, archive_env, f"http://127.0.0.1:{app_port}/healthz"),
        _running([nginx, "-c", str(conf), "-g", "daemon off;"], {}, base + "/healthz"),
    ):
        detail = json.loads(_get(f"{base}/api/v1/replays/{replay_id}")[1])
        status, body, headers = _get(base + detail["urls"]["hls"])
        assert status == 200 and body.startswith(b"#EXTM3U")
        status, body, headers = _get(base + detail["urls"]["poster"])
        assert status == 200 and body[:3] == b"\xff\xd8\xff"
        assert "Cache-Control" in headers
        # The internal location is never reachable directly.
        key = detail["urls"]["poster"].split(f"/{replay_id}/", 1)[1].split("/", 1)[1]
        assert _get(f"{base}/_media/{key}")[0] == 404
        # A private replay's media stay 404 for a visitor, through nginx too.
        with app.app_context():
            from archive.extensions import db
            from archive.models import Replay
            from archive.playback.urls import replay_urls

            with app.test_request_context():
                hls = replay_urls(db.session.get(Replay, private))["hls"]
        assert _get(base + hls)[0] == 404


def _answer(
    base: str, method: str, path: str, host: str = SITE_NAME, size: int = 0, send: bool = False
) -> int | None:
    """The status nginx answers a request's headers with; None when it closes the connection
    without answering (444). The body (of ``size`` bytes) is sent only when asked: nginx
    answers on the headers alone when it refuses a body or streams it to the app."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host)
        connection.putheader("Content-Length", str(size))
        connection.endheaders(b"\0" * size if send else None)
        return connection.getresponse().status
    except (http.client.RemoteDisconnected, ConnectionResetError):
        return None
    finally:
        connection.close()


def test_unknown_hosts_and_large_bodies_stop_at_nginx(nginx: str, tmp_path: Path) -> None:
    """Only the archive's name is proxied; only upload locations take large bodies."""
    proxy_port = free_port()  # no web host behind: what nginx lets through answers 502
    conf = _main_conf(tmp_path, _site(free_port(), proxy_port))
    base = f"http://127.0.0.1:{proxy_port}"
    with _running([nginx, "-c", str(conf), "-g", "daemon off;"], {}, base + "/healthz"):
        assert _answer(base, "GET", "/") == 502
        for host in ("evil.example", "127.0.0.1", f"127.0.0.1:{proxy_port}"):
            assert _answer(base, "GET", "/", host=host) is None, host
        mib = 1024 * 1024
        assert _answer(base, "POST", "/login", size=mib, send=True) == 502
        assert _answer(base, "POST", "/login", size=3 * mib) == 413
        assert _answer(base, "PATCH", "/api/v1/replays/x", size=3 * mib) == 413
        assert _answer(base, "PATCH", f"/upload/tus/{'0' * 32}", size=64 * mib) == 502
        assert _answer(base, "POST", "/upload/complete", size=10 * mib) == 502
        assert _answer(base, "POST", "/upload/complete", size=12 * mib) == 413
        assert _answer(base, "POST", "/editor/replays/x/transcript", size=21 * mib) == 502


class _Answers200(BaseHTTPRequestHandler):
    """A stand-in for the web hosts: every request gets a small 200."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        """Answer 200."""
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


def test_searches_are_rate_limited_on_the_page_as_on_the_api(nginx: str, tmp_path: Path) -> None:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Answers200)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    proxy_port = free_port()
    conf = _main_conf(tmp_path, _site(upstream.server_port, proxy_port))
    base = f"http://127.0.0.1:{proxy_port}"
    try:
        with _running([nginx, "-c", str(conf), "-g", "daemon off;"], {}, base + "/healthz"):
            # 20 searches a second per address, bursts of 40: 100 at once cannot all pass.
            for path in ("/search?q=usine", "/api/v1/search?q=usine"):
                time.sleep(2.5)  # the allowance both share refills between the two
                statuses = [_get(base + path)[0] for _ in range(100)]
                assert statuses[:40] == [200] * 40, path
                assert statuses.count(429) > 30, path
            assert {_get(base + "/")[0] for _ in range(100)} == {200}
    finally:
        upstream.shutdown()
