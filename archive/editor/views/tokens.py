"""Admin pages: API tokens, created (shown once) and revoked."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from archive.accounts.operations import AccountError
from archive.editor import bp
from archive.editor.forms import ConfirmForm, TokenForm
from archive.editor.guards import admin_required
from archive.editor.tokens import issue_token, withdraw_token
from archive.extensions import db
from archive.models import User
from archive.models.tokens import ApiToken
from archive.sentences import translate


def _form() -> TokenForm:
    form = TokenForm()
    users = db.session.scalars(db.select(User).where(User.active).order_by(User.email)).all()
    form.user.choices = [(user.id, f"{user.email} ({user.role})") for user in users]
    return form


def _page(form: TokenForm, secret: str | None = None, status: int = 200) -> ResponseReturnValue:
    tokens = db.session.scalars(
        db.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    ).all()
    body = render_template(
        "editor/tokens.html", form=form, tokens=tokens, secret=secret, revoke_form=ConfirmForm()
    )
    return body, status


@bp.get("/tokens")
@admin_required
def tokens() -> ResponseReturnValue:
    """Every API token, whom it acts as, when it was last used; the form to make one."""
    return _page(_form())


@bp.post("/tokens")
@admin_required
def create_token() -> ResponseReturnValue:
    """Make a token and show it on this page, once (never in a redirect or a cookie)."""
    form = _form()
    if not form.validate_on_submit():
        return _page(form, status=400)
    user = db.session.get(User, form.user.data) or abort(400)
    try:
        _token, secret = issue_token(user, form.name.data, current_user.email)
    except AccountError as err:
        form.name.errors = [translate(err)]
        return _page(form, status=400)
    return _page(_form(), secret=secret, status=201)


@bp.post("/tokens/<int:token_id>/revoke")
@admin_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revoke a token: the next call made with it answers 401."""
    token = db.session.get(ApiToken, token_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if withdraw_token(token):
        flash(_("Token “%(name)s” revoked.", name=token.name), "success")
    return redirect(url_for("editor.tokens"))
