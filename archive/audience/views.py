"""``POST /replays/<id>/views``: the player's report on one page view, counted or ignored."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue

from archive.accounts.access import is_scheduled, viewable_replay_or_404
from archive.audience import bp
from archive.audience.automation import from_elsewhere, is_automated
from archive.audience.counting import count_report
from archive.audience.reports import MAX_REPORT_BYTES, ReportError, read_report
from archive.models import ReplayStatus
from archive.times import utcnow


@bp.post("/replays/<replay_id>/views")
def count_views(replay_id: str) -> ResponseReturnValue:
    """Count a report into the day's totals; robots and prefetches get the same empty answer."""
    replay = viewable_replay_or_404(replay_id)
    if from_elsewhere(request.headers, request.host_url):
        return _refused(403, "Reports are accepted from this site's own pages only.")
    if (request.content_length or 0) > MAX_REPORT_BYTES:
        return _refused(413, "The report is too large.")
    try:
        report = read_report(request.get_data(cache=False))
    except ReportError as error:
        return _refused(400, str(error))
    published = replay.status == ReplayStatus.PUBLISHED and not is_scheduled(replay)
    # An editor previewing a draft, or a robot, learns nothing from the answer either way.
    if published and not is_automated(request.headers):
        count_report(replay.id, utcnow().date(), report)
    return _nothing()


def _nothing() -> Response:
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(status: int, sentence: str) -> Response:
    response = jsonify(error=sentence)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
