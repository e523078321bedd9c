"""Legal notice, privacy and accessibility pages: written by an admin in Markdown, rendered
without any HTML of the author's, linked from the footer once written, 404 while empty, and
every change in the audit log."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import AuditEntry
from archive.models.audit import AuditAction
from tests.editor.support import csrf_token, signed_in

SLUGS = ("legal-notice", "privacy", "accessibility")
HOSTILE = """# Mentions légales

Éditeur : **Rencontres du Rhône**, 1 place Bellecour, Lyon.

<script>alert(1)</script> <img src=x onerror=alert(2)>

[Contact](mailto:hello@example.org) · [piège](javascript:alert(3))

| Hébergeur | Adresse |
|---|---|
| OVH | Roubaix |
"""


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app, "admin@example.org", "admin")


def _save(admin: FlaskClient, slug: str, body: str, action: str = "save") -> str:
    response = admin.post(
        f"/editor/pages/{slug}",
        data={"csrf_token": csrf_token(admin, "/editor/pages"), "body": body, "action": action},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_pages_answer_404_while_empty_and_are_not_linked(client: FlaskClient) -> None:
    for slug in (*SLUGS, "anything-else"):
        assert client.get(f"/pages/{slug}").status_code == 404
    assert "/pages/" not in client.get("/").get_data(as_text=True)


def test_an_admin_writes_a_page_in_markdown_rendered_safely(
    app: Flask, admin: FlaskClient, client: FlaskClient
) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert "/pages/legal-notice" not in client.get("/").get_data(as_text=True)  # cached now
    preview = _save(admin, "legal-notice", HOSTILE, action="preview")
    assert "<strong>Rencontres du Rhône</strong>" in preview
    assert client.get("/pages/legal-notice").status_code == 404, "a preview publishes nothing"
    _save(admin, "legal-notice", HOSTILE)
    response = client.get("/pages/legal-notice")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Mentions légales · Archive des replays</title>" in page
    assert "<strong>Rencontres du Rhône</strong>" in page
    assert '<a href="mailto:hello@example.org">Contact</a>' in page
    assert "<td>OVH</td>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "javascript:" not in re.sub(r"\[piège\]\(javascript:alert\(3\)\)", "", page)
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/pages/legal-notice">Mentions légales</a>' in home
    assert "/pages/privacy" not in home


def test_emptying_a_page_withdraws_it_and_the_audit_log_says_who(
    app: Flask, admin: FlaskClient, client: FlaskClient
) -> None:
    _save(admin, "privacy", "Aucune donnée personnelle n'est conservée.")
    assert client.get("/pages/privacy").status_code == 200
    _save(admin, "privacy", "Aucune donnée personnelle n'est conservée.")  # unchanged
    _save(admin, "privacy", "   ")
    assert client.get("/pages/privacy").status_code == 404
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == AuditAction.PAGE)
        ).all()
        assert [(e.actor, e.summary) for e in entries] == [
            ("admin@example.org", "Published the page 'Privacy'."),
            ("admin@example.org", "Withdrew the page 'Privacy': it answers 404."),
        ]
        assert entries[0].changes == {"body": ["", "Aucune donnée personnelle n'est conservée."]}


def test_only_admins_write_pages(app: Flask) -> None:
    editor = signed_in(app, "editor@example.org", "editor")
    assert editor.get("/editor/pages").status_code == 403
    assert editor.get("/editor/pages/legal-notice").status_code == 403
    admin = signed_in(app, "boss@example.org", "admin")
    assert admin.get("/editor/pages/unknown").status_code == 404
    listing = admin.get("/editor/pages").get_data(as_text=True)
    for slug in SLUGS:
        assert f'href="/editor/pages/{slug}"' in listing
