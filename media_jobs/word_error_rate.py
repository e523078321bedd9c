"""Word error rate: how far a transcript is from what was said (the usual ASR measure)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[\w']+")


def normalise_words(text: str) -> list[str]:
    """Lower-case words without punctuation or accents, as WER is usually counted."""
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return [w.strip("'") for w in _WORD.findall(plain.replace("-", " ")) if w.strip("'")]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / words said, by edit distance over words."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, said in enumerate(ref, start=1):
        current = [i]
        for j, heard in enumerate(hyp, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (said != heard))
            )
        previous = current
    return previous[-1] / len(ref)
