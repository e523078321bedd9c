"""Starting the web server: development (with a worker beside it) and production (gunicorn)."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from typing import Any

from flask import current_app


def run_development(host: str, port: int, *, with_worker: bool) -> None:
    """Flask's server for one machine, plus a worker process that stops with it."""
    if with_worker and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        worker = subprocess.Popen([sys.executable, "-m", "archive", "worker"])  # noqa: S603
        atexit.register(worker.terminate)
    from werkzeug.serving import run_simple

    print(f"Replay archive running on http://{host}:{port}", flush=True)
    # Flask's app.run() refuses to block inside a CLI command; run_simple is what it wraps.
    run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]


def run_production(host: str, port: int, workers: int | None, threads: int = 4) -> None:
    """gunicorn with sensible worker counts, timeouts and access logs."""
    from gunicorn.app.base import BaseApplication

    from archive.ops.gunicorn_setup import server_options

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers or (2 * (os.cpu_count() or 1) + 1),
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "preload_app": True,
        **server_options(app),
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()
