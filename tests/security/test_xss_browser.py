"""In Chromium: pages showing hostile text run none of it, and CSP has nothing to refuse."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask

from tests.editor.support import browser_sign_in, create_user, live_server
from tests.fixtures.browser import screenshot, wait_until
from tests.security.conftest import PAYLOAD

#: Counts what CSP refused (it would refuse injected inline script and handlers).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
"""


@pytest.mark.browser
def test_hostile_text_stays_text_in_the_browser(app: Flask, page, hostile: str) -> None:  # type: ignore[no-untyped-def]
    create_user(app, "browser-admin@example.org", "admin")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH_CSP)
    with live_server(app) as server:
        visitor_pages = [
            "/",
            f"/replays/{hostile}?t=6",
            f"/embed/{hostile}?transcript=1",
            "/search?q=gigafactory",
            "/search?q=territoires",
            f"/search?q={quote(PAYLOAD)}",
        ]
        editor_pages = [
            f"/editor/replays/{hostile}",
            f"/editor/replays/{hostile}/transcript",
            f"/editor/replays/{hostile}/chapters",
            "/editor/",
            "/editor/audit",
        ]
        for path in visitor_pages + ["SIGN IN"] + editor_pages:
            if path == "SIGN IN":
                browser_sign_in(page, server, "browser-admin@example.org")
                continue
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            injected = page.evaluate(
                "() => document.querySelectorAll('img[src=\"x\"], svg[onload], [onerror]').length"
            )
            assert injected == 0, path
            assert page.evaluate("() => window.__cspViolations") == [], path
        page.goto(f"{server.url}/replays/{hostile}?t=6")
        page.wait_for_load_state("networkidle")
        screenshot(page, "security-hostile-replay")
        assert dialogs == [] and page.console_errors == []
        # The watch works: markup injected behind the server's back is refused and reported.
        page.evaluate(
            "() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(9)>')"
        )
        wait_until(page, "() => window.__cspViolations.length > 0")
    assert dialogs == []
