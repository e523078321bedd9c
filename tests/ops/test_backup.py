"""Backups: an instance rebuilt from an export has the same replays, transcripts and search."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from archive.accounts.operations import create_or_update_user
from archive.models import Visibility
from tests.conftest import login
from tests.ops.catalogue import add_replay

LINES = [
    (0.0, 4.0, "Bienvenue aux Assises de l'Industrie."),
    (4.0, 9.0, "L'énergie décarbonée est la condition de la réindustrialisation."),
    (9.0, 15.0, "Dans nos usines, les robots anticipent les pannes."),
]


def _fill(app: Flask) -> dict[str, str]:
    with app.app_context():
        ids = {
            "public": add_replay("Énergie et industrie", LINES),
            "other": add_replay("Les usines de demain", LINES[1:], speaker="Mathis Oberlé"),
            "private": add_replay("Comité restreint", LINES, visibility=Visibility.PRIVATE),
        }
        create_or_update_user("editor@example.org", "correct horse battery", "editor")
        from archive.search.indexing import rebuild_index

        rebuild_index()
    return ids


def _view(app: Flask) -> dict[str, object]:
    """What visitors see: every replay's detail and a few searches."""
    client = app.test_client()
    items = client.get("/api/v1/replays").get_json()["items"]
    details = {
        item["id"]: {
            k: v
            for k, v in client.get(f"/api/v1/replays/{item['id']}").get_json().items()
            if k != "urls"
        }
        for item in items
    }
    searches = {
        q: sorted(
            (h["replay_id"], h["start"], h["snippet_html"])
            for h in client.get(f"/api/v1/search?q={q}").get_json()["hits"]
        )
        for q in ("énergie", "usines", "Assises", "robots")
    }
    return {"replays": details, "searches": searches}


def _export(app: Flask, path: Path, *extra: str) -> None:
    result = app.test_cli_runner().invoke(args=["export", str(path), *extra])
    assert result.exit_code == 0, result.output
    assert "exported" in result.output


def _import(app: Flask, path: Path) -> str:
    result = app.test_cli_runner().invoke(args=["import-archive", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_instance_rebuilt_from_an_export_looks_the_same(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    source = make_app()
    ids = _fill(source)
    backup = tmp_path / "catalogue.jsonl.gz"
    _export(source, backup)
    expected = _view(source)
    assert set(expected["replays"]) == {ids["public"], ids["other"]}  # type: ignore[arg-type]

    restored = make_app(instance_dir=str(tmp_path / "restored"))
    output = _import(restored, backup)
    assert "indexed 3 replays" in output
    assert _view(restored) == expected
    # The transcript came back cue by cue, with its speaker.
    with restored.app_context():
        from archive.extensions import db
        from archive.models import Replay

        replay = db.session.get(Replay, ids["private"])
        assert replay is not None and replay.visibility == Visibility.PRIVATE
        assert [(c.start, c.end, c.text) for c in replay.transcript.cues] == LINES
        assert replay.media_prefix == f"replays/{replay.id}/v1-1/"
        assert [c.title for c in replay.chapters] == ["Ouverture"]

    again = _import(restored, backup)
    assert "restored 0 rows" in again and "already there" in again
    assert _view(restored) == expected


def test_the_index_is_rebuilt_from_the_database_alone(app: Flask) -> None:
    _fill(app)
    expected = _view(app)
    shutil.rmtree(app.config["ARCHIVE_SETTINGS"].index_dir)
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0 and "indexed 3 replays" in result.output
    assert _view(app) == expected


def test_passwords_travel_only_when_asked(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    source = make_app()
    _fill(source)
    plain, full = tmp_path / "plain.gz", tmp_path / "full.gz"
    _export(source, plain)
    _export(source, full, "--with-users")
    with gzip.open(plain, "rt") as stream:
        users = [json.loads(line)["row"] for line in stream if '"table": "users"' in line]
    assert users and all("password_hash" not in user for user in users)

    without = make_app(instance_dir=str(tmp_path / "without"))
    _import(without, plain)
    assert (
        login(without.test_client(), "editor@example.org", "correct horse battery").status_code
        != 302
    )
    with_users = make_app(instance_dir=str(tmp_path / "with"))
    _import(with_users, full)
    assert (
        login(with_users.test_client(), "editor@example.org", "correct horse battery").status_code
        == 302
    )


def test_a_file_that_is_not_an_export_is_refused_in_one_sentence(
    app: Flask, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.gz"
    with gzip.open(bogus, "wt") as stream:
        stream.write('{"hello": 1}\n')
    result = app.test_cli_runner().invoke(args=["import-archive", str(bogus)])
    assert result.exit_code != 0
    assert "is not a replay archive export" in result.output
    assert "Traceback" not in result.output
    missing = app.test_cli_runner().invoke(args=["import-archive", str(tmp_path / "nope.gz")])
    assert missing.exit_code != 0 and "does not exist" in missing.output


@pytest.mark.postgres
def test_restored_into_postgresql_new_rows_get_fresh_ids(
    make_app: Callable[..., Flask], postgres_url: str, tmp_path: Path
) -> None:
    source = make_app()
    _fill(source)
    backup = tmp_path / "catalogue.jsonl.gz"
    _export(source, backup)
    restored = make_app(instance_dir=str(tmp_path / "pg"), database_url=postgres_url)
    _import(restored, backup)
    with restored.app_context():
        # Ids of events, transcripts, cues, jobs... continue after the restored ones.
        add_replay("Après la restauration", LINES)
    assert len(restored.test_client().get("/api/v1/replays").get_json()["items"]) == 3
