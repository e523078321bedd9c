"""Admin page of the programme import: upload a file, see what it would do, then apply it."""

from __future__ import annotations

from flask import flash, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from archive.editor import bp
from archive.editor.forms import ProgrammeForm
from archive.editor.programme import record_programme
from archive.programme.apply import apply_programme, preview_programme
from archive.programme.rows import parse_programme

#: A programme of a few thousand sessions is far below this.
MAX_PROGRAMME_BYTES = 5 * 2**20


@bp.route("/programme", methods=["GET", "POST"])
def programme() -> ResponseReturnValue:
    """Preview a programme file (created, updated, unchanged, errors); apply it when asked."""
    form = ProgrammeForm()
    outcome, name, content, applied = None, "", "", False
    if form.validate_on_submit():
        upload = form.programme.data
        if upload is not None and getattr(upload, "filename", ""):
            name, data = upload.filename, upload.read(MAX_PROGRAMME_BYTES + 1)
        else:  # the apply button sends back the previewed file
            name = request.form.get("name", "")[:200] or "programme.csv"
            data = request.form.get("content", "").encode("utf-8")
        if len(data) > MAX_PROGRAMME_BYTES:
            flash(_("The programme file is too large."), "error")
        elif not data:
            flash(_("Choose a programme file."), "error")
        else:
            parsed = parse_programme(name, data)
            applied = request.form.get("action") == "apply"
            outcome = apply_programme(parsed) if applied else preview_programme(parsed)
            if applied:
                record_programme(name, outcome)
            content = data.decode("utf-8-sig", errors="replace")
    return render_template(
        "editor/programme.html",
        form=form,
        outcome=outcome,
        name=name,
        content=content,
        applied=applied,
    )
