"""What people remember of the demo talks finds the moment (issue 13), through the JSON API."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.demo_catalogue import DemoReplay
from tests.fixtures.demo_server import DemoServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _hits(server: DemoServer, q: str) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = json.loads(server.get("/api/v1/search?" + urlencode({"q": q})))[
        "hits"
    ]
    return hits


def test_words_said_near_each_other_or_naming_the_talk_find_the_moment(
    demo_server: DemoServer, demo_replays: list[DemoReplay]
) -> None:
    masterclass = next(r for r in demo_replays if r.title.startswith("Masterclass"))
    round_table = next(r for r in demo_replays if "sovereignty" in r.title)
    # Said a few seconds apart in the masterclass: one moment, both words marked.
    (hit,) = _hits(demo_server, "soudure numériques")
    assert hit["replay_id"] == masterclass.id
    assert "<mark>soudure</mark>" in hit["snippet_html"]
    assert "<mark>numériques</mark>" in hit["snippet_html"]
    # Said in the round table, and the names of two of its chapters.
    assert {h["replay_id"] for h in _hits(demo_server, "sovereignty shortages")} == {round_table.id}
    # The speaker's name, or the session type, with what was said.
    for q in ("Benkhaled apprentissage", "masterclass soudure", "Nadia soudure"):
        assert masterclass.id in {h["replay_id"] for h in _hits(demo_server, q)}, q
    suggestions = json.loads(demo_server.get("/api/v1/suggest?q=souv"))["suggestions"]
    assert {"text": "Souveraineté", "kind": "theme"} in suggestions
