"""``replay-archive demo`` marks what it creates, so its notice shows on demo content only."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from archive import demo_import
from archive.demo import DemoMedia, DemoReplay
from archive.extensions import db
from archive.models import Replay

NOTICE = "Demo content is synthetic"


def test_demo_replays_are_marked_and_marked_again_on_a_second_run(
    app: Flask, talk_mp4: Path, talk_vtt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def tiny_media(demo: DemoReplay, out_dir: Path) -> DemoMedia:
        return DemoMedia(media_path=talk_mp4, transcript_path=talk_vtt, duration=10, chapters=[])

    # The generated speech takes a minute per replay; the talk is enough to mark.
    monkeypatch.setattr(demo_import, "build_demo_media", tiny_media)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        marks = db.session.execute(db.select(Replay.id, Replay.is_demo)).all()
        assert marks and all(is_demo for _id, is_demo in marks)
        demo_id = marks[0][0]
        # A catalogue built by an earlier version: nothing marked yet.
        db.session.execute(db.update(Replay).values(is_demo=False))
        db.session.commit()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert all(db.session.scalars(db.select(Replay.is_demo)))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert NOTICE in client.get("/").get_data(as_text=True)
    assert NOTICE in client.get(f"/replays/{demo_id}").get_data(as_text=True)
    # An organiser's own replay beside the demo says nothing of it.
    own = runner.invoke(args=["import", str(talk_mp4), "--title", "Our keynote", "--json"])
    assert own.exit_code == 0, own.output
    with app.app_context():
        own_id = db.session.scalar(db.select(Replay.id).where(Replay.title == "Our keynote"))
    assert NOTICE not in client.get(f"/replays/{own_id}").get_data(as_text=True)
