"""Admin pages: webhook endpoints (the secret shown once), their delivery log, a test ping and
sending a delivery again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from archive.editor import bp
from archive.editor.forms import ConfirmForm, WebhookForm
from archive.editor.guards import admin_required
from archive.editor.webhooks import add_endpoint, remove_endpoint, retry_delivery, switch_endpoint
from archive.extensions import db
from archive.models.webhooks import DeliveryState, WebhookDelivery, WebhookEndpoint
from archive.sentences import translate
from archive.webhooks.endpoints import EndpointError, send_ping

#: Deliveries on one page of an endpoint's log.
PER_PAGE = 50


def _page(form: WebhookForm, secret: str | None = None, status: int = 200) -> ResponseReturnValue:
    listed = db.session.scalars(db.select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    counts = dict(
        db.session.execute(
            db.select(WebhookDelivery.endpoint_id, db.func.count())
            .where(WebhookDelivery.state == DeliveryState.FAILED)
            .group_by(WebhookDelivery.endpoint_id)
        ).all()
    )
    body = render_template(
        "editor/webhooks.html",
        form=form,
        endpoints=listed,
        failed=counts,
        secret=secret,
        confirm=ConfirmForm(),
    )
    return body, status


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)


@bp.get("/webhooks")
@admin_required
def webhooks() -> ResponseReturnValue:
    """Every endpoint with its events and failures; the form to add one."""
    return _page(WebhookForm())


@bp.post("/webhooks")
@admin_required
def create_webhook() -> ResponseReturnValue:
    """Add an endpoint and show its secret on this page, once (never in a redirect)."""
    form = WebhookForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        _endpoint_row, secret = add_endpoint(
            form.url.data or "",
            list(form.events.data or []),
            form.description.data or "",
            current_user.email,
        )
    except EndpointError as err:
        form.url.errors = [translate(err)]
        return _page(form, status=400)
    return _page(WebhookForm(formdata=None), secret=secret, status=201)


@bp.get("/webhooks/<int:endpoint_id>")
@admin_required
def webhook(endpoint_id: int) -> ResponseReturnValue:
    """An endpoint's delivery log, newest first."""
    endpoint = _endpoint(endpoint_id)
    page = request.args.get("page", "1")
    pagination = db.paginate(
        db.select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc()),
        page=int(page) if page.isdigit() else 1,
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "editor/webhook.html",
        endpoint=endpoint,
        pagination=pagination,
        deliveries=pagination.items,
        confirm=ConfirmForm(),
    )


@bp.post("/webhooks/<int:endpoint_id>/test")
@admin_required
def test_webhook(endpoint_id: int) -> ResponseReturnValue:
    """Queue a ``ping`` to this endpoint; the worker sends it within seconds."""
    endpoint = _endpoint(endpoint_id)
    _confirmed()
    send_ping(endpoint)
    flash(_("A test delivery is queued; it appears below once the worker has sent it."), "success")
    return redirect(url_for("editor.webhook", endpoint_id=endpoint.id))


@bp.post("/webhooks/<int:endpoint_id>/active")
@admin_required
def switch_webhook(endpoint_id: int) -> ResponseReturnValue:
    """Pause an endpoint (new events are not recorded for it, pending deliveries wait) or
    resume it."""
    endpoint = _endpoint(endpoint_id)
    _confirmed()
    switch_endpoint(endpoint, request.form.get("active") == "1")
    return redirect(url_for("editor.webhooks"))


@bp.post("/webhooks/<int:endpoint_id>/delete")
@admin_required
def delete_webhook(endpoint_id: int) -> ResponseReturnValue:
    """Remove an endpoint and its delivery log."""
    endpoint = _endpoint(endpoint_id)
    _confirmed()
    remove_endpoint(endpoint)
    flash(_("Webhook removed."), "success")
    return redirect(url_for("editor.webhooks"))


@bp.post("/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/retry")
@admin_required
def retry_webhook_delivery(endpoint_id: int, delivery_id: int) -> ResponseReturnValue:
    """Send a pending or failed delivery at the worker's next look."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint_id:
        abort(404)
    _confirmed()
    if retry_delivery(delivery):
        flash(_("The delivery will be sent again within seconds."), "success")
    return redirect(url_for("editor.webhook", endpoint_id=endpoint_id))
