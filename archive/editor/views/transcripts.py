"""Editor pages for what was said: transcript upload, the cue editor, and chapters."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from archive import sentences
from archive.editor import bp
from archive.editor.audit import record
from archive.editor.chapters import ChapterError, chapters_from_form, save_chapters
from archive.editor.cues import CueEditError, LineInput, lines_from_form, save_lines
from archive.editor.forms import ConfirmForm, TranscriptForm
from archive.editor.transcripts import TranscriptUploadError, remove_track, replace_transcript
from archive.editor.views.common import replay_or_404
from archive.models import JobKind, JobState, Replay
from archive.models.audit import AuditAction
from archive.playback.urls import replay_urls
from archive.processing.transcription import (
    NothingToTranscribe,
    enqueue_transcription,
    request_transcription,
)
from archive.times import format_precise
from archive.transcripts import TranscriptError

#: Empty chapter rows offered below the existing ones.
BLANK_CHAPTER_ROWS = 3
#: Lines of the cue editor on one page: a three-hour transcript stays a light page and form.
CUES_PER_PAGE = 200


@bp.get("/replays/<replay_id>/transcript")
def transcript(replay_id: str) -> ResponseReturnValue:
    """The transcript tracks, their upload form and the cue editor beside the video."""
    replay = replay_or_404(replay_id)
    return _transcript_page(replay, TranscriptForm(language=_language(replay)), page=_page())


@bp.post("/replays/<replay_id>/transcripts/<language>/delete")
def delete_track(replay_id: str, language: str) -> ResponseReturnValue:
    """Remove one language's track; captions, transcript and search follow."""
    replay = replay_or_404(replay_id)
    track = replay.track(language)
    if track is None or not ConfirmForm().validate_on_submit():
        return redirect(url_for("editor.transcript", replay_id=replay.id)), 303
    remove_track(replay, language)
    record(AuditAction.TRANSCRIPT, f"Deleted the {language} transcript track.", replay=replay)
    flash(_("The transcript track was deleted."), "success")
    return redirect(url_for("editor.transcript", replay_id=replay.id))


@bp.post("/replays/<replay_id>/transcribe")
def transcribe(replay_id: str) -> ResponseReturnValue:
    """Ask the workers for an automatic transcript (or an English machine translation)."""
    replay = replay_or_404(replay_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("editor.transcript", replay_id=replay.id)), 303
    language = request.form.get("language") or None
    if language not in (None, "fr", "en"):
        language = None
    translate = request.form.get("task") == "translate"
    try:
        job = request_transcription(replay, language=language, translate=translate)
    except NothingToTranscribe as err:
        flash(sentences.translate(err), "error")
        return redirect(url_for("editor.transcript", replay_id=replay.id))
    enqueue_transcription(job)
    record(
        AuditAction.TRANSCRIPT,
        "Asked for an English machine translation."
        if translate
        else "Asked for an automatic transcript.",
        replay=replay,
    )
    flash(_("Speech recognition is queued; follow it on the jobs page."), "success")
    return redirect(url_for("editor.transcript", replay_id=replay.id))


@bp.post("/replays/<replay_id>/transcript")
def upload_transcript(replay_id: str) -> ResponseReturnValue:
    """Add or replace the transcript; a bad file is named with its line and the reason."""
    replay = replay_or_404(replay_id)
    form = TranscriptForm()
    if not form.validate_on_submit():
        return _transcript_page(replay, form), 400
    try:
        new = replace_transcript(replay, request.files.get("transcript"), form.language.data)
    except (TranscriptError, TranscriptUploadError) as err:
        form.transcript.errors.append(sentences.translate(err))
        return _transcript_page(replay, form), 400
    count = len(new.cues)
    record(
        AuditAction.TRANSCRIPT,
        f"Uploaded a transcript of {count} lines ({new.source_format}).",
        replay=replay,
    )
    flash(
        ngettext("Transcript saved: %(num)d line.", "Transcript saved: %(num)d lines.", count),
        "success",
    )
    return redirect(url_for("editor.transcript", replay_id=replay.id))


@bp.post("/replays/<replay_id>/cues")
def save_cues(replay_id: str) -> ResponseReturnValue:
    """Save the cue editor: every line is checked first, then all are saved together."""
    replay = replay_or_404(replay_id)
    if not ConfirmForm().validate_on_submit():
        return _transcript_page(replay, TranscriptForm(language=replay.language)), 400
    lines = lines_from_form(request.form)
    page = _page()
    language = _language(replay)
    try:
        changes = save_lines(
            replay, lines, first_line=(page - 1) * CUES_PER_PAGE + 1, language=language
        )
    except CueEditError as err:
        form = TranscriptForm(language=language)
        return _transcript_page(replay, form, err.problems, lines, page=page), 400
    if changes.any:
        record(
            AuditAction.CUES,
            f"Edited the transcript: {changes.changed} changed, {changes.added} added, "
            f"{changes.deleted} deleted.",
            replay=replay,
            changes=changes.details,
        )
        flash(_("Transcript lines saved; search follows in a moment."), "success")
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("editor.transcript", replay_id=replay.id, page=page, language=language))


@bp.route("/replays/<replay_id>/chapters", methods=["GET", "POST"])
def chapters(replay_id: str) -> ResponseReturnValue:
    """The chapters editor beside the video."""
    replay = replay_or_404(replay_id)
    problems: list[str] = []
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        rows = chapters_from_form(request.form)
        try:
            saved = save_chapters(replay, rows)
        except ChapterError as err:
            problems = err.problems
        else:
            record(
                AuditAction.CHAPTERS,
                f"Saved {len(saved)} chapters.",
                replay=replay,
                changes={"chapters": (None, [f"{format_precise(s)} {t}" for s, t in saved])},
            )
            flash(_("Chapters saved."), "success")
            return redirect(url_for("editor.chapters", replay_id=replay.id))
    status = 400 if request.method == "POST" else 200
    shown: list[tuple[str, str]] = (
        [(format_precise(c.start), c.title) for c in replay.chapters]
        if not problems
        else [(r.start, r.title) for r in chapters_from_form(request.form)]
    )
    return render_template(
        "editor/chapters.html",
        replay=replay,
        urls=replay_urls(replay),
        rows=shown + [("", "")] * BLANK_CHAPTER_ROWS,
        problems=problems,
        form=ConfirmForm(),
    ), status


def _page() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def _language(replay: Replay) -> str:
    """The track being edited: ``?language=`` when the replay has it, else the main one."""
    asked = request.args.get("language", "")
    if replay.track(asked) is not None:
        return asked
    return replay.transcript.language if replay.transcript else replay.language


def _transcript_page(
    replay: Replay,
    form: TranscriptForm,
    problems: list[str] | None = None,
    posted: list[LineInput] | None = None,
    page: int = 1,
) -> str:
    language = _language(replay)
    track = replay.track(language)
    every = track.cues if track else []
    pages = max(1, -(-len(every) // CUES_PER_PAGE))
    page = min(page, pages)
    cues = every[(page - 1) * CUES_PER_PAGE : page * CUES_PER_PAGE]
    rows = (
        [
            (line.row, line.start, line.end, line.speaker, line.text, line.delete, [])
            for line in posted
        ]
        if posted is not None
        else [
            (
                str(c.id),
                format_precise(c.start),
                format_precise(c.end),
                c.speaker_name or "",
                c.text,
                False,
                _unsure_words(c.text, c.uncertain),
            )
            for c in cues
        ]
    )
    return render_template(
        "editor/transcript.html",
        replay=replay,
        urls=replay_urls(replay),
        form=form,
        rows=rows,
        first_line=(page - 1) * CUES_PER_PAGE + 1,
        line_count=len(every),
        page=page,
        pages=pages,
        per_page=CUES_PER_PAGE,
        problems=problems or [],
        confirm=ConfirmForm(),
        track=track,
        language=language,
        unsure_lines=sum(1 for c in every if c.uncertain),
        transcribing=any(
            j.kind == JobKind.TRANSCRIBE and j.state in (JobState.QUEUED, JobState.RUNNING)
            for j in replay.jobs
        ),
    )


def _unsure_words(text: str, spans: list[list[int]] | None) -> list[str]:
    """The words of a cue the speech recogniser was unsure of, as written."""
    return [text[start:end] for start, end in spans or [] if 0 <= start < end <= len(text)]
