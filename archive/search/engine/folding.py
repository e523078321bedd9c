"""Accent-insensitive comparison: the folding the index applies to every word.

The catalogue compares names with the same function (through :mod:`archive.text`), so a
filter and a search agree on which spellings are the same word.
"""

from __future__ import annotations

import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Lowercase, without accents or ligatures: "Cœur d'Élan" → "coeur d'elan"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
