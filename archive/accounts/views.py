"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from archive.accounts import bp
from archive.accounts.devices import remember_device
from archive.accounts.forms import LoginForm
from archive.accounts.limits import count_failure, limits_for, seconds_to_wait, too_many_attempts
from archive.accounts.operations import authenticate, canonical_email, renew_session
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
def login() -> ResponseReturnValue:
    """Show the sign-in form, or sign in."""
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("accounts/login.html", form=form), status
    email = canonical_email(form.email.data)
    limits = limits_for(email)
    wait_s = seconds_to_wait(limits)
    if wait_s:
        return too_many_attempts(form, wait_s)
    user = authenticate(email, form.password.data)
    if user is None:
        count_failure(limits)
        flash(_("Wrong email or password."), "error")
        return render_template("accounts/login.html", form=form), 401
    # A new session: nothing set before sign-in (a planted cookie) carries over.
    session.clear()
    renew_session(user)
    db.session.commit()
    login_user(user)
    response = redirect(_safe_next(request.args.get("next")))
    remember_device(response, email)
    return response


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Sign out (a POST with the CSRF token: no GET changes state)."""
    if current_user.is_authenticated:
        # The session token changes, so a copy of the session cookie opens nothing any more.
        renew_session(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("catalogue.home"))
