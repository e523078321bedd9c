"""Editor pages for pictures and clips: choosing the poster, cutting highlights."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from archive.editor import bp
from archive.editor.audit import record
from archive.editor.forms import HighlightForm, PosterForm
from archive.editor.highlights import HighlightError, HighlightRequest, create_highlight
from archive.editor.posters import PosterError, choose_poster
from archive.editor.views.common import replay_or_404
from archive.models import Replay, Visibility
from archive.models.audit import AuditAction
from archive.playback.urls import replay_urls
from archive.sentences import translate
from archive.times import TimeError, format_precise, parse_typed_time


@bp.get("/replays/<replay_id>/media")
def media(replay_id: str) -> ResponseReturnValue:
    """The video, with the poster picker and the highlight cutter."""
    replay = replay_or_404(replay_id)
    return _media_page(replay, PosterForm(at="0:00.000"), _highlight_form(replay))


@bp.post("/replays/<replay_id>/poster")
def poster(replay_id: str) -> ResponseReturnValue:
    """Make the frame at the chosen time the replay's poster."""
    replay = replay_or_404(replay_id)
    form = PosterForm()
    if form.validate_on_submit():
        try:
            at = parse_typed_time(form.at.data)
            key = choose_poster(replay, at)
        except (TimeError, PosterError) as err:
            form.at.errors.append(translate(err))
        else:
            record(
                AuditAction.POSTER,
                f"Chose the frame at {format_precise(at)} as the poster.",
                replay=replay,
                changes={"poster": (None, key)},
            )
            flash(_("Poster saved."), "success")
            return redirect(url_for("editor.media", replay_id=replay.id))
    return _media_page(replay, form, _highlight_form(replay)), 400


@bp.post("/replays/<replay_id>/highlights")
def highlight(replay_id: str) -> ResponseReturnValue:
    """Queue the cut of a time range into a new replay, processed like an upload."""
    replay = replay_or_404(replay_id)
    form = HighlightForm()
    if form.validate_on_submit():
        try:
            start, end = parse_typed_time(form.start.data), parse_typed_time(form.end.data)
            request = HighlightRequest(
                start, end, form.title.data, Visibility(form.visibility.data)
            )
            made = create_highlight(replay, request)
        except (TimeError, HighlightError) as err:
            form.start.errors.append(translate(err))
        else:
            how = "stream copy" if made.stream_copy else "re-encoded"
            summary = (
                f"Cut {format_precise(start)}–{format_precise(end)} of “{replay.title}” "
                f"into a new replay ({how})."
            )
            record(
                AuditAction.HIGHLIGHT,
                summary,
                replay=made.replay,
                job_id=made.job.id,
                changes={"source": (None, replay.id)},
            )
            flash(_("Highlight created; it is being processed."), "success")
            # The dashboard follows the cut, then the processing, of the new replay.
            return redirect(url_for("editor.jobs", replay=made.replay.id))
    return _media_page(replay, PosterForm(at="0:00.000"), form), 400


def _highlight_form(replay: Replay) -> HighlightForm:
    return HighlightForm(
        start="0:00.000",
        end=format_precise(min(replay.duration or 0, 60.0)),
        title=_("Highlight: %(title)s", title=replay.title)[:300],
        visibility=replay.visibility.value,
    )


def _media_page(replay: Replay, poster_form: PosterForm, highlight_form: HighlightForm) -> str:
    return render_template(
        "editor/media.html",
        replay=replay,
        urls=replay_urls(replay),
        poster_form=poster_form,
        highlight_form=highlight_form,
    )
