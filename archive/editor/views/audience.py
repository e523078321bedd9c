"""Editors read a replay's and an event's audience over a range of days, and export it as CSV."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from archive.audience.export import event_csv, replay_csv
from archive.audience.statistics import event_audience, replay_audience
from archive.editor import bp
from archive.editor.views.common import replay_or_404
from archive.extensions import db
from archive.models import Event
from archive.times import utcnow

#: The range shown when none is asked for: the last 90 days, today included.
DEFAULT_DAYS = 90
#: The longest range read at once (ten years).
MAX_DAYS = 3660


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None


def requested_range() -> tuple[date, date]:
    """The ``from`` and ``to`` days asked for (both included), in order and bounded."""
    today = utcnow().date()
    last = _day("to") or today
    first = _day("from") or last - timedelta(days=DEFAULT_DAYS - 1)
    first, last = min(first, last), max(first, last)
    return max(first, last - timedelta(days=MAX_DAYS - 1)), last


def _attachment(body: str, name: str) -> Response:
    response = Response(body, mimetype="text/csv")
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}.csv"'
    return response


@bp.get("/replays/<replay_id>/statistics")
def replay_statistics(replay_id: str) -> ResponseReturnValue:
    """Plays, hours watched, share watched, retention curve and replayed moments of a replay."""
    audience = replay_audience(replay_or_404(replay_id), *requested_range())
    return render_template("editor/statistics.html", replay=audience.replay, audience=audience)


@bp.get("/replays/<replay_id>/statistics.csv")
def replay_statistics_csv(replay_id: str) -> ResponseReturnValue:
    """A replay's plays and watched time, one line a day."""
    first, last = requested_range()
    audience = replay_audience(replay_or_404(replay_id), first, last)
    return _attachment(replay_csv(audience), f"statistics-{replay_id}-{first}-{last}")


def _event_or_404(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


@bp.get("/events/<int:event_id>/statistics")
def event_statistics(event_id: int) -> ResponseReturnValue:
    """An event's plays and hours watched, and its most played replays."""
    audience = event_audience(_event_or_404(event_id), *requested_range())
    return render_template("editor/event_statistics.html", audience=audience)


@bp.get("/events/<int:event_id>/statistics.csv")
def event_statistics_csv(event_id: int) -> ResponseReturnValue:
    """Every replay of the event played in the range, with its totals."""
    event = _event_or_404(event_id)
    first, last = requested_range()
    return _attachment(
        event_csv(event_audience(event, first, last)), f"statistics-{event.slug}-{first}-{last}"
    )
