"""``GET /api/v1/suggest``: suggestions as you type, from what the visitor may see."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from archive.catalogue.operations import get_or_create_speaker, get_or_create_theme
from archive.extensions import db
from archive.models import Event, Replay, ReplayStatus, SessionType, Visibility
from archive.search.indexing import index_replay
from archive.transcripts import ParsedCue, ParsedTranscript
from archive.uploads.transcripts import attach_transcript
from tests.conftest import login

EDITOR = ("suggest@example.org", "a long enough secret")


def _replay(title: str, visibility: Visibility, speaker: str, *said: str) -> str:
    replay = Replay(
        title=title,
        language="fr",
        visibility=visibility,
        status=ReplayStatus.PUBLISHED,
        session_type=SessionType.KEYNOTE,
        event=db.session.scalar(db.select(Event))
        or Event(slug="assises", name="Assises", year=2022),
        recorded_on=date(2022, 11, 29),
    )
    db.session.add(replay)
    replay.speakers = [get_or_create_speaker(speaker)]
    replay.themes = [get_or_create_theme("Souveraineté")]
    cues = [ParsedCue(8.0 * i, 8.0 * i + 7.5, text, speaker) for i, text in enumerate(said)]
    attach_transcript(replay, ParsedTranscript(format="vtt", cues=cues), "fr")
    db.session.commit()
    index_replay(replay.id)
    return replay.id


@pytest.fixture
def catalogue(app: Flask) -> Flask:
    with app.app_context():
        _replay(
            "Keynote : produire en France",
            Visibility.PUBLIC,
            "Claire Vasseur",
            "La souveraineté industrielle se construit.",
            "Le jumeau numérique, puis encore le jumeau numérique.",
        )
        _replay("Comité Orion", Visibility.PRIVATE, "Léa Zephyr", "Le site de Montvalon.")
        _replay("Visite", Visibility.UNLISTED, "Max Lien", "La gigafactory de Lien.")
    result = app.test_cli_runner().invoke(
        args=["create-user", EDITOR[0], "--role", "editor"], input=EDITOR[1] + "\n"
    )
    assert result.exit_code == 0, result.output
    return app


def _suggest(client: FlaskClient, q: str) -> list[dict[str, str]]:
    response = client.get("/api/v1/suggest", query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    suggestions: list[dict[str, str]] = response.get_json()["suggestions"]
    return suggestions


def test_a_word_said_publicly_is_suggested(catalogue: Flask, client: FlaskClient) -> None:
    found = _suggest(client, "souv")
    assert {"text": "souveraineté", "kind": "word"} in found
    assert {"text": "Souveraineté", "kind": "theme"} in found
    assert {"text": "Claire Vasseur", "kind": "speaker"} in _suggest(client, "vass")
    assert {"text": "Keynote : produire en France", "kind": "title"} in _suggest(client, "keyn")
    assert {"text": "jumeau numérique", "kind": "word"} in _suggest(client, "jumeau nu")


def test_the_answer_is_what_the_openapi_document_describes(
    catalogue: Flask, client: FlaskClient
) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert "/suggest" in spec["paths"]
    body = client.get("/api/v1/suggest?q=souv").get_json()
    schema = {**spec["components"]["schemas"]["Suggestions"], "components": spec["components"]}
    jsonschema.validate(body, schema)


def test_private_and_unlisted_words_are_never_suggested_anonymously(
    catalogue: Flask, client: FlaskClient
) -> None:
    for typed in ("montv", "zeph", "orion", "gigaf", "lien"):
        assert _suggest(client, typed) == [], typed


def test_editors_are_offered_what_they_may_search(catalogue: Flask, client: FlaskClient) -> None:
    assert login(client, *EDITOR).status_code == 302
    assert {"text": "Montvalon", "kind": "word"} in _suggest(client, "montv")
    assert {"text": "Léa Zephyr", "kind": "speaker"} in _suggest(client, "zeph")
    assert {"text": "gigafactory", "kind": "word"} in _suggest(client, "gigaf")


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({}, "'q' must be the beginning of a word or a name."),
        ({"q": ""}, "'q' must be the beginning of a word or a name."),
        ({"q": "  -- "}, "'q' must be the beginning of a word or a name."),
        ({"q": "a" * 101}, "'q' must be at most 100 characters."),
        ({"q": "souv\x00"}, "'q' must be UTF-8 text, without control characters."),
        ({"q": "souv\ufffd"}, "'q' must be UTF-8 text, without control characters."),
    ],
)
def test_bad_input_is_refused_with_one_sentence(
    app: Flask, client: FlaskClient, query: dict[str, str], error: str
) -> None:
    response = client.get("/api/v1/suggest", query_string=query)
    assert response.status_code == 400
    assert response.get_json() == {"error": error}


def test_bytes_that_are_not_utf8_are_refused(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/suggest?q=souv%FF%FE")
    assert response.status_code == 400
    assert response.get_json() == {"error": "'q' must be UTF-8 text, without control characters."}
