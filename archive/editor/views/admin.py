"""Admin pages: the audit log, and accounts (role, active)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from archive.accounts.operations import change_role, set_active
from archive.editor import bp
from archive.editor.audit import record
from archive.editor.forms import AccountForm
from archive.editor.guards import admin_required
from archive.extensions import db
from archive.models import AuditEntry, Role, User
from archive.models.audit import AuditAction

PER_PAGE = 100


@bp.get("/audit")
@admin_required
def audit() -> ResponseReturnValue:
    """Who changed what, when: newest first, filtered by replay, person or action."""
    query = db.select(AuditEntry).order_by(AuditEntry.id.desc())
    replay_id = request.args.get("replay", "")[:32]
    if replay_id:
        query = query.where(AuditEntry.replay_id == replay_id)
    actor = request.args.get("actor", "").strip().lower()[:254]
    if actor:
        query = query.where(AuditEntry.actor == actor)
    action = request.args.get("action", "")
    if action in {a.value for a in AuditAction}:
        query = query.where(AuditEntry.action == AuditAction(action))
    page = request.args.get("page", "1")
    pagination = db.paginate(
        query, page=int(page) if page.isdigit() else 1, per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "editor/audit.html",
        pagination=pagination,
        entries=pagination.items,
        actions=list(AuditAction),
        replay_id=replay_id,
        actor=actor,
        action=action,
    )


@bp.get("/users")
@admin_required
def users() -> ResponseReturnValue:
    """Every account with its role, and whether it may sign in."""
    accounts = db.session.scalars(db.select(User).order_by(User.email)).all()
    forms = {user.id: AccountForm(role=user.role.value, active=user.active) for user in accounts}
    return render_template("editor/users.html", accounts=accounts, forms=forms)


@bp.post("/users/<int:user_id>")
@admin_required
def update_user(user_id: int) -> ResponseReturnValue:
    """Change an account's role or switch it off; its sessions end so the change applies now."""
    user = db.session.get(User, user_id) or abort(404)
    form = AccountForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot change your own account here; ask another admin."), "error")
        return redirect(url_for("editor.users"))
    old_role = user.role
    if change_role(user, Role(form.role.data)):
        record(
            AuditAction.ROLE,
            f"Changed the role of {user.email} from {old_role} to {user.role}.",
            subject=user.email,
            changes={"role": (str(old_role), str(user.role))},
        )
    if set_active(user, bool(form.active.data)):
        state = "activated" if user.active else "deactivated"
        record(
            AuditAction.ACCOUNT,
            f"{state.capitalize()} {user.email}.",
            subject=user.email,
            changes={"active": (not user.active, user.active)},
        )
    flash(_("Account %(email)s saved.", email=user.email), "success")
    return redirect(url_for("editor.users"))
