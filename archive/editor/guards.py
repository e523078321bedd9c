"""Who may use the editor: editors and admins; accounts and the audit log are for admins."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Response, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from archive.accounts.access import is_admin, is_editor
from archive.editor import bp

P = ParamSpec("P")
R = TypeVar("R")


@bp.before_request
def editors_only() -> ResponseReturnValue | None:
    """Visitors are sent to sign in; signed-in viewers are refused."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if not is_editor():
        abort(403)
    return None


def admin_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse the view to editors who are not admins."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        if not is_admin():
            abort(403)
        return view(*args, **kwargs)

    return guarded


@bp.after_request
def never_cached(response: Response) -> Response:
    """Editor pages show private data: no shared cache may keep them."""
    response.headers["Cache-Control"] = "private, no-store"
    return response
