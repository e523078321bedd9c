"""The web-platform-tests WebVTT parsing corpus: every case gives exactly its expected cues."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from archive.transcripts import TranscriptError, parse_transcript
from archive.transcripts.decode import decode_transcript
from archive.transcripts.webvtt import parse_webvtt

from .paths import WPT_DIR

CASES: list[dict[str, Any]] = json.loads((WPT_DIR / "expected.json").read_text("utf-8"))
#: The cases whose wpt test asserts nothing about cues (expected.json has no ``cues``): it
#: checks the page's style sheets instead, and this is what it asserts, from the wpt sources
#: (webvtt/parsing/file-parsing/support/<case>.test): the selectors of each style sheet's rules.
STYLESHEET_SELECTORS: dict[str, list[list[str]]] = {
    "cases/stylesheets-none.vtt": [],
    "cases/stylesheets-newlines.vtt": [["::cue(#foo)", ".foo"]],
}
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def selectors(stylesheet: str) -> list[str]:
    """The selector of each rule of a (flat, comment-bearing) style sheet."""
    return [rule.split("{")[0].strip() for rule in _CSS_COMMENT.sub("", stylesheet).split("}")[:-1]]


def test_the_corpus_is_complete() -> None:
    assert len(CASES) == 24
    assert all((WPT_DIR / case["file"]).is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_wpt_case_gives_the_expected_cues(case: dict[str, Any]) -> None:
    path = WPT_DIR / case["file"]
    text = decode_transcript(path.read_bytes(), path.name)
    if not case["valid"]:
        with pytest.raises(TranscriptError):
            parse_webvtt(text, path.name)
        return
    parsed = parse_webvtt(text, path.name)
    if "cues" not in case:
        assert [selectors(sheet) for sheet in parsed.stylesheets] == (
            STYLESHEET_SELECTORS[case["file"]]
        )
        return
    assert len(parsed.cues) == len(case["cues"])
    for cue, expected in zip(parsed.cues, case["cues"], strict=True):
        if "id" in expected:
            assert cue.identifier == expected["id"]
        if "start" in expected:
            assert cue.start == pytest.approx(expected["start"], abs=1e-9)
        if "end" in expected:
            assert cue.end == pytest.approx(expected["end"], abs=1e-9)
        if "text" in expected:
            assert cue.text.strip() == expected["text"].strip()


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if case.get("cues")],
    ids=[case["file"] for case in CASES if case.get("cues")],
)
def test_wpt_case_imports_with_the_same_cues(case: dict[str, Any]) -> None:
    transcript = parse_transcript(WPT_DIR / case["file"])
    assert transcript.format == "vtt"
    assert len(transcript.cues) == len(case["cues"])
    for cue, expected in zip(transcript.cues, case["cues"], strict=True):
        if "text" in expected:
            assert cue.text == expected["text"].strip()
        if "id" in expected:
            assert cue.identifier == expected["id"]


def test_stylesheets_and_regions_are_collected_only_before_the_first_cue() -> None:
    styles = parse_webvtt((WPT_DIR / "cases/stylesheets-newlines.vtt").read_text("utf-8"))
    assert len(styles.stylesheets) == 1
    assert "width: 19px" in styles.stylesheets[0]
    assert [cue.identifier for cue in styles.cues] == ["foo", "bar"]
    regions = parse_webvtt((WPT_DIR / "cases/settings-region.vtt").read_text("utf-8"))
    assert [region.identifier for region in regions.regions] == ["bar", "foo"]
    assert [cue.settings.get("region") for cue in regions.cues[:4]] == ["foo", "bar", "bar", None]


def test_cue_settings_keep_the_valid_ones() -> None:
    parsed = parse_webvtt((WPT_DIR / "cases/settings-multiple.vtt").read_text("utf-8"))
    assert dict(parsed.cues[0].settings) == {
        "align": "start",
        "line": "1%",
        "vertical": "lr",
        "size": "50%",
        "position": "25%",
    }
    sizes = parse_webvtt((WPT_DIR / "cases/settings-size.vtt").read_text("utf-8"))
    assert [cue.settings.get("size") for cue in sizes.cues[:3]] == [None, "2%", "0%"]
    assert all("size" not in cue.settings for cue in sizes.cues[7:])
