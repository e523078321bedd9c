"""Fixtures of the transcript tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .paths import SAMPLES_DIR


@pytest.fixture
def samples() -> Path:
    """The folder of French sample transcripts."""
    return SAMPLES_DIR
