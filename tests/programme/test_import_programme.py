"""``replay-archive import-programme``: a conference's sessions as drafts, by external key."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from archive.extensions import db
from archive.models import Job, Replay, ReplayStatus, SessionType, Speaker, Visibility

CSV = """key,title,type,event,date,speakers,themes,language,visibility
S01,Ouverture des Assises,keynote,Les Assises 2024,2024-03-12,"Claire Vasseur (Ministre, État); Marc Lefèvre (Directeur, Atelier Nord)",Énergie;Compétences,fr,public
S02,Cybersécurité des ateliers,masterclass,Les Assises 2024,2024-03-13,Inès Moreau (RSSI),Cybersécurité,fr,unlisted
S03,Table ronde export,round_table,,,,,en,private
"""
VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
Bienvenue aux Assises.
"""


def _run(app: Flask, path: Path, *options: str) -> tuple[int, str, str]:
    result = app.test_cli_runner().invoke(args=["import-programme", str(path), *options])
    return result.exit_code, result.stdout, result.stderr


def _replays(app: Flask) -> dict[str, Replay]:
    with app.app_context():
        replays = db.session.scalars(db.select(Replay)).all()
        for replay in replays:  # loaded while the session is open
            _ = (replay.event, list(replay.speakers), list(replay.themes), list(replay.tracks))
        return {r.external_key: r for r in replays}


def test_csv_creates_drafts_and_a_second_run_changes_nothing(app: Flask, tmp_path: Path) -> None:
    programme = tmp_path / "programme.csv"
    programme.write_text(CSV)
    code, out, err = _run(app, programme)
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "created 3, updated 0, unchanged 0"
    replays = _replays(app)
    opening = replays["S01"]
    assert opening.status == ReplayStatus.DRAFT and opening.session_type == SessionType.KEYNOTE
    assert opening.event is not None and opening.event.name == "Les Assises 2024"
    assert [s.name for s in opening.speakers] == ["Claire Vasseur", "Marc Lefèvre"]
    assert {t.name for t in opening.themes} == {"Énergie", "Compétences"}
    assert str(opening.recorded_on) == "2024-03-12"
    assert replays["S02"].visibility == Visibility.UNLISTED
    assert replays["S03"].language == "en" and replays["S03"].event is None
    with app.app_context():
        claire = db.session.scalar(db.select(Speaker).where(Speaker.name == "Claire Vasseur"))
        assert claire is not None and (claire.role_title, claire.organisation) == (
            "Ministre",
            "État",
        )

    code, out, _err = _run(app, programme, "--json")
    assert code == 0
    again = json.loads(out)
    assert again["created"] == [] and again["updated"] == [] and again["errors"] == []
    assert sorted(again["unchanged"]) == sorted(r.id for r in replays.values())

    programme.write_text(CSV.replace("Ouverture des Assises", "Ouverture officielle"))
    code, out, _err = _run(app, programme)
    assert out.strip().splitlines()[-1] == "created 0, updated 1, unchanged 2"
    assert "(title)" in out
    assert _replays(app)["S01"].id == opening.id


def test_json_programme_with_speaker_objects(app: Flask, tmp_path: Path) -> None:
    (tmp_path / "talk.fr.vtt").write_text(VTT)
    programme = tmp_path / "sessions.json"
    session = {
        "key": "K1",
        "title": "Interview",
        "type": "interview",
        "date": "2024-03-12",
        "speakers": [{"name": "Ada Martin", "role": "CEO", "organisation": "Forge"}],
        "themes": ["Robotique"],
        "language": "fr",
        "visibility": "public",
        "transcript": "talk.fr.vtt",
    }
    programme.write_text(json.dumps([session]))
    code, out, err = _run(app, programme, "--json")
    assert code == 0, err
    created = json.loads(out)["created"]
    replay = _replays(app)["K1"]
    assert created == [replay.id] and [t.language for t in replay.tracks] == ["fr"]
    code, out, _err = _run(app, programme, "--json")
    assert json.loads(out)["unchanged"] == [replay.id]


def test_errors_name_the_row_and_column_and_nothing_is_applied(app: Flask, tmp_path: Path) -> None:
    programme = tmp_path / "programme.csv"
    bad = CSV.replace("2024-03-13", "32/13/2022").replace(",en,private", ",de,secret")
    programme.write_text(bad + "S01,Doublon,talk,,,,,fr,public\n,Sans clé,talk,,,,,fr,public\n")
    code, out, err = _run(app, programme)
    assert code == 2
    lines = err.strip().splitlines()
    assert (
        'error: programme.csv: row 2, column "date": "32/13/2022" is not a date (YYYY-MM-DD).'
        in lines
    )
    assert any('row 3, column "language"' in line for line in lines)
    assert any('row 3, column "visibility"' in line for line in lines)
    assert any('row 4, column "key"' in line and "row 1" in line for line in lines)
    assert any('row 5, column "key": a value is required.' in line for line in lines)
    assert _replays(app) == {}, "nothing applied"
    code, out, _err = _run(app, programme, "--json")
    assert code == 2 and len(json.loads(out)["errors"]) == len(lines)


def test_media_is_imported_onto_the_draft_once(app: Flask, tmp_path: Path, talk_mp4: Path) -> None:
    programme = tmp_path / "programme.json"
    programme.write_text(json.dumps([{"key": "M1", "title": "Avec vidéo", "media": str(talk_mp4)}]))
    code, out, err = _run(app, programme)
    assert code == 0, err
    assert "recording talk.mp4 imported" in out or f"recording {talk_mp4.name} imported" in out
    replay = _replays(app)["M1"]
    assert replay.status == ReplayStatus.PROCESSING
    with app.app_context():
        jobs = db.session.scalars(db.select(Job).where(Job.replay_id == replay.id)).all()
        assert len(jobs) == 1 and jobs[0].recording is not None
        assert jobs[0].recording.original_filename == talk_mp4.name
    code, out, _err = _run(app, programme)
    assert out.strip().splitlines()[-1] == "created 0, updated 0, unchanged 1"
    assert "already imported, kept" in out
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Job.id))) == 1
