"""Small text helpers shared by the catalogue: slugs and accent-insensitive comparison."""

from __future__ import annotations

import re

# The search engine's folding, so that catalogue filters and searches agree on a word.
from archive.search.engine.folding import fold

__all__ = ["fold", "slugify"]


def slugify(text: str, max_length: int = 80) -> str:
    """A URL-safe name: "Les Assises de l'Industrie 2022" → "les-assises-de-l-industrie-2022"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "item"
