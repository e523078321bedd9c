"""Editors read a replay's and an event's audience, and download it as CSV safe to open."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from flask import Flask

from archive.times import utcnow
from tests.audience.test_reports import _replay, _report
from tests.editor.support import signed_in


def _plays(app: Flask) -> tuple[str, str]:
    """Three page views of one replay (one watched to the end), one of another."""
    watched = _replay(app, '=HYPERLINK("http://evil")')
    other = _replay(app, "Table ronde")
    visitor = app.test_client()
    for seconds, parts in ((200, list(range(100))), (50, list(range(25))), (20, list(range(10)))):
        _report(visitor, watched, {"play": True})
        _report(visitor, watched, {"seconds": seconds, "reached": parts})
    _report(visitor, watched, {"replayed": [40, 40, 40, 41, 7]})
    _report(visitor, other, {"play": True, "seconds": 3600, "reached": [0]})
    return watched, other


def test_a_replays_statistics_page(app: Flask) -> None:
    watched, _other = _plays(app)
    editor = signed_in(app, "editor@example.org")
    page = editor.get(f"/editor/replays/{watched}/statistics").get_data(as_text=True)
    assert '<dd class="plays">3</dd>' in page
    assert '<dd class="hours">0.1 <small>4 min</small></dd>' in page  # 270 s
    assert '<dd class="share">45 %</dd>' in page  # (100 + 25 + 10) / 300 parts
    assert 'class="retention"' in page and "<polygon" in page
    # The most replayed moment is the 41st and 42nd hundredths: 1:20 to 1:24 of 200 s.
    assert f'href="/replays/{watched}?t=80">1:20–1:24</a>' in page
    assert "played again 3 times" in page
    head = editor.get(f"/editor/replays/{watched}").get_data(as_text=True)
    assert f'href="/editor/replays/{watched}/statistics"' in head, "a tab of the replay editor"
    assert app.test_client().get(f"/editor/replays/{watched}/statistics").status_code == 302
    viewer = signed_in(app, "viewer@example.org", "viewer")
    assert viewer.get(f"/editor/replays/{watched}/statistics").status_code == 403


def test_csv_exports_are_attachments_safe_from_formulas(app: Flask) -> None:
    watched, other = _plays(app)
    editor = signed_in(app, "editor@example.org")
    today = utcnow().date()
    week = f"from={today - timedelta(days=6)}&to={today}"
    response = editor.get(f"/editor/replays/{watched}/statistics.csv?{week}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    name = f"statistics-{watched}-{today - timedelta(days=6)}-{today}.csv"
    assert disposition == f'attachment; filename="{name}"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["date", "replay_id", "title", "plays", "watched_seconds", "hours_watched"]
    assert len(rows) == 8, "one line a day, days without plays included"
    counted = [row for row in rows[1:] if row[3] != "0"]
    assert len(counted) == 1 and counted[0][2:] == [
        '\'=HYPERLINK("http://evil")',
        "3",
        "270",
        "0.07",
    ]

    events = editor.get("/editor/events").get_data(as_text=True)
    event_id = re.search(r'href="/editor/events/(\d+)/statistics"', events).group(1)  # type: ignore[union-attr]
    page = editor.get(f"/editor/events/{event_id}/statistics").get_data(as_text=True)
    assert '<dd class="plays">4</dd>' in page and "Table ronde" in page
    assert page.index("Table ronde") > page.index("HYPERLINK"), "most played first"
    exported = editor.get(f"/editor/events/{event_id}/statistics.csv")
    assert exported.headers["Content-Disposition"].startswith(
        'attachment; filename="statistics-assises-'
    )
    lines = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert lines == [
        ["replay_id", "title", "plays", "watched_seconds", "hours_watched", "average_share_pct"],
        [watched, '\'=HYPERLINK("http://evil")', "3", "270", "0.07", "45.0"],
        [other, "Table ronde", "1", "3600", "1.00", "1.0"],
    ]


def test_the_privacy_page_editor_suggests_what_the_archive_keeps(app: Flask) -> None:
    admin = signed_in(app, "admin@example.org", "admin")
    page = admin.get("/editor/pages/privacy").get_data(as_text=True)
    assert "What this archive keeps about visitors" in page
    assert "No cookie, address or identifier is kept" in page
    assert "What this archive keeps" not in admin.get("/editor/pages/legal-notice").get_data(
        as_text=True
    )
