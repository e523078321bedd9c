"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from archive.accounts import bp
from archive.accounts.forms import LoginForm
from archive.accounts.limits import (
    PER_ACCOUNT,
    PER_ADDRESS,
    address_and_email,
    failed_sign_in,
    limiter,
)
from archive.accounts.operations import authenticate, renew_session
from archive.extensions import db


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        # Browsers read /\host as //host: no backslash, no control character passes.
        and not any(c == "\\" or ord(c) < 32 for c in target)
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("catalogue.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    PER_ACCOUNT, key_func=address_and_email, methods=["POST"], deduct_when=failed_sign_in
)
@limiter.limit(PER_ADDRESS, methods=["POST"], deduct_when=failed_sign_in)
def login() -> ResponseReturnValue:
    """Show the sign-in form, or sign in."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            # A new session: nothing set before sign-in (a planted cookie) carries over.
            session.clear()
            renew_session(user)
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong email or password."), "error")
        return render_template("accounts/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Sign out (a POST with the CSRF token: no GET changes state)."""
    logout_user()
    session.clear()
    return redirect(url_for("catalogue.home"))
