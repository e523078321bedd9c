"""Where the transcript test data lives."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
#: the web-platform-tests WebVTT parsing corpus, with its expected.json
WPT_DIR = DATA / "webvtt-wpt"
#: the French samples written for this project (see its README.md)
SAMPLES_DIR = DATA / "transcripts"
