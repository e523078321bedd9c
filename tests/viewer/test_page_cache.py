"""Anonymous pages are served from memory, but never after the replay they show has changed."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from flask import Flask, request
from flask.testing import FlaskClient
from flask_babel import get_locale

from archive.catalogue.page_cache import PageCache, catalogue_stamp, pages
from archive.extensions import db
from archive.models import Replay, Visibility
from archive.public_urls import url_base
from tests.viewer.catalogue import Catalogue


def _change(app: Flask, replay_id: str, **fields: object) -> None:
    with app.app_context():
        replay = db.session.get(Replay, replay_id)
        for name, value in fields.items():
            setattr(replay, name, value)
        db.session.commit()


def test_a_replay_made_private_disappears_at_once(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    page = f"/replays/{catalogue.public}"
    assert client.get(page).status_code == 200
    assert catalogue.public in client.get("/").get_data(as_text=True)
    _change(app, catalogue.public, visibility=Visibility.PRIVATE)
    assert client.get(page).status_code == 404
    assert catalogue.public not in client.get("/").get_data(as_text=True)


def test_a_new_title_shows_at_once(app: Flask, client: FlaskClient, catalogue: Catalogue) -> None:
    page = f"/replays/{catalogue.public}"
    first = client.get(page).get_data(as_text=True)
    assert first == client.get(page).get_data(as_text=True)
    _change(app, catalogue.public, title="Un tout autre titre")
    assert "Un tout autre titre" in client.get(page).get_data(as_text=True)


def test_each_language_has_its_own_page(client: FlaskClient, catalogue: Catalogue) -> None:
    page = f"/replays/{catalogue.public}"
    french = client.get(page, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in french and '<html lang="en">' in english


# Under load (issue 15): one rendering per page at a time, expiries spread out.


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Rendering:
    """A page render that counts its calls and, when asked, waits until released."""

    def __init__(self, html: str, *, hold: bool = False) -> None:
        self.html, self.calls = html, 0
        self.started, self.release = threading.Event(), threading.Event()
        if not hold:
            self.release.set()

    def __call__(self) -> str:
        self.calls += 1
        self.started.set()
        assert self.release.wait(10)
        return self.html


KEY = ("http://127.0.0.1", "/replays/abc?", "fr")


def _in_thread(call: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(call()))
    thread.start()
    return thread, result


def test_an_expired_page_is_served_while_one_request_renders_it_again() -> None:
    clock = Clock()
    cache = PageCache(ttl_s=30, clock=clock, jitter=0)
    cache.page(KEY, "stamp", Rendering("<p>old</p>"))
    clock.now += 31
    new = Rendering("<p>new</p>", hold=True)
    refresher, refreshed = _in_thread(lambda: cache.page(KEY, "stamp", new))
    assert new.started.wait(10)
    # Everyone else gets the expired page at once rather than rendering or waiting.
    others = Rendering("<p>other</p>")
    assert [cache.page(KEY, "stamp", others) for _ in range(5)] == ["<p>old</p>"] * 5
    assert others.calls == 0
    new.release.set()
    refresher.join(10)
    assert refreshed == ["<p>new</p>"]
    assert cache.page(KEY, "stamp", others) == "<p>new</p>" and others.calls == 0


def test_a_missing_page_is_rendered_once_for_requests_arriving_together() -> None:
    cache = PageCache()
    rendering = Rendering("<p>page</p>", hold=True)
    first, first_result = _in_thread(lambda: cache.page(KEY, "stamp", rendering))
    assert rendering.started.wait(10)
    waiting = [_in_thread(lambda: cache.page(KEY, "stamp", rendering)) for _ in range(4)]
    time.sleep(0.2)
    assert all(thread.is_alive() for thread, _ in waiting)  # they wait for the first one
    rendering.release.set()
    for thread, _ in [(first, first_result), *waiting]:
        thread.join(10)
    assert [result for _, result in [(first, first_result), *waiting]] == [["<p>page</p>"]] * 5
    assert rendering.calls == 1


def test_a_page_of_another_catalogue_stamp_is_never_served_even_while_rendering() -> None:
    clock = Clock()
    cache = PageCache(ttl_s=30, clock=clock)
    cache.page(KEY, "before", Rendering("<p>public</p>"))
    clock.now += 60  # expired too: served while refreshing, were the stamp the same
    after = Rendering("<p>made private</p>", hold=True)
    refresher, _ = _in_thread(lambda: cache.page(KEY, "after", after))
    assert after.started.wait(10)
    reader, read = _in_thread(lambda: cache.page(KEY, "after", Rendering("<p>again</p>")))
    time.sleep(0.2)
    assert reader.is_alive() and read == []  # waiting, not handed the old page
    after.release.set()
    refresher.join(10)
    reader.join(10)
    assert read == ["<p>made private</p>"]


def test_pages_made_together_expire_at_different_moments() -> None:
    clock = Clock()
    cache = PageCache(ttl_s=30, size=100, clock=clock)
    keys = [("http://127.0.0.1", f"/replays/{n}?", "fr") for n in range(50)]
    made_at = clock.now
    for key in keys:
        cache.page(key, "stamp", Rendering("<p>first</p>"))

    def served_at(elapsed: float, fresh: str) -> set[object]:
        clock.now = made_at + elapsed
        return {cache.page(key, "stamp", Rendering(fresh)) for key in keys}

    # Each lives between 22.5 and 30 s: at 21 s all are served; at 26.25 s some are while
    # others are rendered again; at 31 s none of the first ones is left.
    assert served_at(21, "<p>second</p>") == {"<p>first</p>"}
    assert served_at(26.25, "<p>second</p>") == {"<p>first</p>", "<p>second</p>"}
    assert "<p>first</p>" not in served_at(31, "<p>third</p>")


def test_a_worker_forked_after_the_warm_up_starts_with_an_empty_cache(
    app: Flask, client: FlaskClient, catalogue: Catalogue
) -> None:
    page = f"/replays/{catalogue.public}"
    client.get(page)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker
        os.close(read)
        with app.test_request_context(page):
            key = (url_base(), request.full_path, str(get_locale()))
            html = pages().page(key, catalogue_stamp(), lambda: "<p>rendered here</p>")
        os.write(write, str(html).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        assert answer.read() == "<p>rendered here</p>"
    os.waitpid(child, 0)
    with app.test_request_context(page):
        key = (url_base(), request.full_path, str(get_locale()))
        # The parent keeps its own page.
        assert pages().page(key, catalogue_stamp(), lambda: "<p>rendered here</p>") != (
            "<p>rendered here</p>"
        )
