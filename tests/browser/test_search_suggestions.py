"""In Chromium: typing in the header's search box shows suggestions, and choosing one searches."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.demo_catalogue import DemoReplay
from tests.fixtures.browser import screenshot, wait_until
from tests.fixtures.demo_server import DemoServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIST_OPEN = "() => !document.getElementById('q-suggestions').hidden"
# The list shows the answer to what was typed, not to an earlier prefix (on a slow machine the
# keys come further apart than the wait before asking, and "s" is answered before "soud").
ANSWERS = "typed => document.getElementById('q-suggestions').dataset.for === typed"
OPTIONS = """() => Array.from(document.querySelectorAll('#q-suggestions [role=option]'))
  .map(o => ({id: o.id, text: o.dataset.text, kind: o.dataset.kind, label: o.textContent,
              selected: o.getAttribute('aria-selected')}))"""


def _type(page: Any, text: str) -> list[dict[str, str]]:
    box = page.locator("header.site #q")
    box.fill("")
    box.focus()
    page.keyboard.type(text, delay=40)
    wait_until(page, LIST_OPEN)
    wait_until(page, ANSWERS, arg=text)
    options: list[dict[str, str]] = page.evaluate(OPTIONS)
    return options


def test_typing_shows_suggestions_and_choosing_one_searches(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    page.goto(demo_server.url + "/?lang=en")
    options = _type(page, "soud")
    box = page.locator("header.site #q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert {"soudure", "soudeurs"} <= {o["text"] for o in options}
    # Each suggestion says what it is, to the eye and to screen readers.
    assert all(o["kind"] == "word" and o["label"].endswith("word said") for o in options)
    assert "suggestion" in page.locator("#q-status").inner_text()
    screenshot(page, "search-suggestions")

    # Down arrow moves through the list (the focus stays in the field), Escape closes it.
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options[0]["id"]
    assert page.evaluate(OPTIONS)[0]["selected"] == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.evaluate(LIST_OPEN) is False

    # Enter on a suggestion searches for it.
    options = _type(page, "soud")
    wanted = next(o for o in options if o["text"] == "soudure")
    for _ in range(options.index(wanted) + 1):
        page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == wanted["id"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/search"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["soudure"]
    assert page.locator(".result-group mark").first.inner_text().lower() == "soudure"
    assert page.console_errors == []


def test_names_are_suggested_for_what_they_are(
    demo_server: DemoServer, demo_replays: list[DemoReplay], page: Any
) -> None:
    page.goto(demo_server.url + "/search?lang=fr")
    options = _type(page, "benkh")
    assert {"text": "Nadia Benkhaled", "kind": "speaker"} in [
        {"text": o["text"], "kind": o["kind"]} for o in options
    ]
    assert "intervenant" in next(o["label"] for o in options if o["kind"] == "speaker")
    # A click chooses too.
    with page.expect_navigation():
        page.locator("#q-suggestions [role=option]", has_text="Nadia Benkhaled").click()
    assert parse_qs(urlsplit(page.url).query)["q"] == ["Nadia Benkhaled"]
    assert page.console_errors == []
