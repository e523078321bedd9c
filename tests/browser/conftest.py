"""Fixtures of the viewer's browser tests: the demo catalogue once it is published."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.browser.demo_catalogue import DemoReplay
from tests.fixtures.demo_server import DemoServer


@pytest.fixture(scope="session")
def demo_replays(demo_server: DemoServer) -> list[DemoReplay]:
    """Every demo replay, once all are published (the worker beside the server processes them)."""
    deadline = time.monotonic() + 300
    items: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        items = json.loads(demo_server.get("/api/v1/replays?limit=100"))["items"]
        if len(items) >= 5 and all(item["status"] == "published" for item in items):
            break
        time.sleep(1)
    else:
        raise AssertionError(f"the demo was not published in time: {[i['status'] for i in items]}")
    return [
        DemoReplay(i["id"], i["title"], i["urls"]["page"], [r["height"] for r in i["renditions"]])
        for i in items
    ]
