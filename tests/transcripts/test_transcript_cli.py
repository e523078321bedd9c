"""``replay-archive transcript parse``: JSON, a readable table, and exit status 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archive.transcripts.cli import transcript_group


def test_json_output_lists_the_cues(samples: Path) -> None:
    result = CliRunner().invoke(
        transcript_group, ["parse", str(samples / "fr-cp1252.srt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    cues = json.loads(result.stdout)["cues"]
    assert cues[0] == {
        "start": 1.0,
        "end": 4.2,
        "text": "Bonjour à tous, et bienvenue aux Assises.",
        "speaker": "Marie Dupont",
    }
    assert cues[1]["speaker"] is None
    assert "« œuvre collective »" in result.stdout  # UTF-8 as such, not \u escapes


def test_table_output_shows_times_speakers_and_text(samples: Path) -> None:
    result = CliRunner().invoke(transcript_group, ["parse", str(samples / "fr-voices.vtt")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("00:00:01.000 → 00:00:04.000  Marie Dupont")
    assert lines[1].endswith("Bonjour à tous & bienvenue\u00a0!")
    assert lines[-1] == "3 cues (vtt)"


def test_invalid_input_exits_2_with_file_line_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.srt"
    bad.write_bytes(b"1\n00:00:01,000 --> 00:00:0x,000\nA\n")
    result = CliRunner().invoke(transcript_group, ["parse", str(bad), "--json"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {bad}:2: invalid timestamp '00:00:0x,000'\n"
    assert result.stdout == ""


def test_a_vtt_without_signature_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("webvtt\n\n00:00:01.000 --> 00:00:02.000\nA\n")
    result = CliRunner().invoke(transcript_group, ["parse", str(bad)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {bad}:1: missing WEBVTT signature\n"


def test_a_missing_file_exits_2_with_a_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "absent.vtt"
    result = CliRunner().invoke(transcript_group, ["parse", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file\n"
    assert "Traceback" not in result.output


def test_a_folder_exits_2_with_a_sentence(tmp_path: Path) -> None:
    result = CliRunner().invoke(transcript_group, ["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: this is a folder, not a transcript file\n"
