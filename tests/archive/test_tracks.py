"""Transcript tracks: one per language, from ``import --transcript`` repeated, listed in the
replay JSON with WebVTT, SRT and text files, searched in their own language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.extensions import db
from archive.models import Replay, Visibility
from archive.transcripts import parse_transcript_bytes

EN_VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Claire Vasseur>Welcome to the industry summit.

00:00:06.000 --> 00:00:10.000
<v Claire Vasseur>Apprenticeships bring young people into factories.
"""
FR_VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Claire Vasseur>Bienvenue aux Assises de l'Industrie.

00:00:06.000 --> 00:00:10.000
<v Claire Vasseur>L'apprentissage amène les jeunes dans les ateliers de chaudronnerie.
"""


def _import(app: Flask, *args: str) -> tuple[int, dict]:
    result = app.test_cli_runner().invoke(args=["import", *args, "--json"])
    return result.exit_code, json.loads(result.output.strip().splitlines()[-1])


@pytest.fixture
def two_tracks(tmp_path: Path) -> list[Path]:
    english, french = tmp_path / "talk.en.vtt", tmp_path / "talk.fr.vtt"
    english.write_text(EN_VTT, encoding="utf-8")
    french.write_text(FR_VTT, encoding="utf-8")
    return [english, french]


def test_two_tracks_are_listed_and_each_is_found_in_its_language(
    app: Flask, client: FlaskClient, talk_mp4: Path, two_tracks: list[Path]
) -> None:
    english, french = two_tracks
    code, outcome = _import(
        app, str(talk_mp4), "--transcript", str(english), "--transcript", str(french), "--wait"
    )
    assert code == 0, outcome
    detail = client.get(f"/api/v1/replays/{outcome['id']}").get_json()
    tracks = {t["language"]: t for t in detail["transcripts"]}
    assert set(tracks) == {"en", "fr"}
    assert {t["origin"] for t in tracks.values()} == {"uploaded"}
    for language, track in tracks.items():
        assert f"/{outcome['id']}/" in track["url"]
        vtt = client.get(track["url"])
        assert vtt.status_code == 200 and vtt.mimetype == "text/vtt"
        assert vtt.get_data(as_text=True).startswith("WEBVTT")
        assert set(track["downloads"]) == {"srt", "txt"}
        for extension, url in track["downloads"].items():
            download = client.get(url)
            assert download.status_code == 200
            assert "attachment" in download.headers["Content-Disposition"]
            # Each download reads back as the same cues (the archive's own parsers take it).
            cues = parse_transcript_bytes(download.data, f"x.{extension}").cues
            expected = EN_VTT if language == "en" else FR_VTT
            assert [c.text for c in cues] == [
                c.text for c in parse_transcript_bytes(expected.encode(), "x.vtt").cues
            ]
    # The main track (captions) is the replay's language: the first transcript's.
    assert detail["language"] == "en"
    assert client.get(detail["urls"]["captions"]).get_data(as_text=True).count("industry") == 1

    french_hit = client.get("/api/v1/search?q=chaudronnerie").get_json()["hits"]
    assert [h["replay_id"] for h in french_hit] == [outcome["id"]]
    assert french_hit[0]["start"] == pytest.approx(6.0)
    english_hit = client.get("/api/v1/search?q=apprenticeships&language=en").get_json()["hits"]
    assert [h["replay_id"] for h in english_hit] == [outcome["id"]]


def test_the_language_comes_from_the_webvtt_header_else_the_option(
    app: Flask, client: FlaskClient, talk_mp4: Path, tmp_path: Path
) -> None:
    declared = tmp_path / "keynote.vtt"
    declared.write_text(EN_VTT.replace("WEBVTT\n", "WEBVTT\nLanguage: en-GB\n", 1))
    plain = tmp_path / "notes.vtt"
    plain.write_text(FR_VTT)
    code, outcome = _import(
        app, str(talk_mp4), "--transcript", str(declared), "--transcript", str(plain),
        "--language", "fr", "--wait",
    )  # fmt: skip
    assert code == 0, outcome
    detail = client.get(f"/api/v1/replays/{outcome['id']}").get_json()
    assert sorted(t["language"] for t in detail["transcripts"]) == ["en", "fr"]
    assert detail["language"] == "fr"


@pytest.mark.parametrize(
    ("names", "sentence"),
    [
        (["talk.fr.vtt", "other.fr.vtt"], "Two transcripts are in 'fr'"),
        (["talk.de.vtt"], "is in 'de', which is not one of fr, en"),
    ],
)
def test_tracks_that_cannot_be_told_apart_fail_the_import(
    app: Flask, talk_mp4: Path, tmp_path: Path, names: list[str], sentence: str
) -> None:
    args = []
    for name in names:
        (tmp_path / name).write_text(FR_VTT)
        args += ["--transcript", str(tmp_path / name)]
    code, outcome = _import(app, str(talk_mp4), *args, "--wait")
    assert code != 0 and outcome["status"] == "failed"
    assert sentence in outcome["error"] and outcome["error"].endswith(".")


def test_transcript_files_of_a_private_replay_are_not_found(
    app: Flask, client: FlaskClient, talk_mp4: Path, two_tracks: list[Path]
) -> None:
    code, outcome = _import(app, str(talk_mp4), "--transcript", str(two_tracks[1]), "--wait")
    assert code == 0, outcome
    url = f"/replays/{outcome['id']}/transcripts/fr.srt"
    assert client.get(url).status_code == 200
    with app.app_context():
        db.session.get(Replay, outcome["id"]).visibility = Visibility.PRIVATE
        db.session.commit()
    assert client.get(url).status_code == 404
    assert client.get(f"/replays/{outcome['id']}/transcripts/fr.vtt").status_code == 404


def test_a_new_recording_keeps_the_replay_its_transcripts_and_search(
    app: Flask, client: FlaskClient, talk_mp4: Path, two_tracks: list[Path], tmp_path: Path
) -> None:
    """``import MEDIA --replay ID``: same id and tracks, the new media served once published."""
    from tests.fixtures.media import generate_talk

    code, first = _import(app, str(talk_mp4), "--transcript", str(two_tracks[1]), "--wait")
    assert code == 0, first
    before = client.get(f"/api/v1/replays/{first['id']}").get_json()
    longer = generate_talk(tmp_path / "longer.mp4", seconds=14, size="320x180")
    code, second = _import(app, str(longer), "--replay", first["id"], "--wait")
    assert code == 0, second
    assert second["id"] == first["id"] and second["status"] == "published"
    after = client.get(f"/api/v1/replays/{first['id']}").get_json()
    assert after["duration"] == pytest.approx(14, abs=0.5)
    assert after["urls"]["hls"] != before["urls"]["hls"]
    assert client.get(after["urls"]["hls"]).status_code == 200
    assert [t["language"] for t in after["transcripts"]] == ["fr"]
    hits = client.get("/api/v1/search?q=chaudronnerie").get_json()["hits"]
    assert [h["replay_id"] for h in hits] == [first["id"]]


def test_a_recording_for_an_unknown_replay_is_refused(app: Flask, talk_mp4: Path) -> None:
    code, outcome = _import(app, str(talk_mp4), "--replay", "nope", "--wait")
    assert code != 0
    assert outcome == {"id": None, "status": "failed", "error": "No replay has the id 'nope'."}
