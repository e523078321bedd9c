"""BM25F scoring that reads field lengths from lists kept per segment.

Whoosh's own BM25F scorer reads each matching document's field length through four layers
of calls; on a common word that is half the cost of a search. The formula is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

from archive.search.engine.whoosh_internals import LENGTH_OF_CODE, bm25_b


class FieldLengths(Sequence[int]):
    """One field's length in each document of a segment, kept as Whoosh stores it: one byte
    a document (a million documents take a megabyte, not a list of eight)."""

    __slots__ = ("codes",)

    def __init__(self, codes: bytes) -> None:
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, docnum: int) -> int:  # type: ignore[override]
        return LENGTH_OF_CODE[self.codes[docnum]]

    def bm25(
        self,
        ids: Iterable[int],
        weights: Iterable[float],
        factors: tuple[float, float, float],
    ) -> dict[int, float]:
        """``{document: a * tf / (tf + b + c * length)}`` (see :func:`bm25_factors`) for the
        documents ``ids`` with the term frequencies ``weights``, in their order: the scores
        are computed as arrays (:meth:`bm25_array`), only the dictionary is built in Python."""
        listed = np.array(ids if isinstance(ids, Sequence) else list(ids), dtype=np.intp)
        frequencies = np.array(
            weights if isinstance(weights, Sequence) else list(weights), dtype=np.float64
        )
        scores = self.bm25_array(listed, frequencies, factors)
        return dict(zip(listed.tolist(), scores.tolist(), strict=True))

    def bm25_array(
        self,
        ids: np.ndarray[Any, np.dtype[np.intp]],
        weights: np.ndarray[Any, np.dtype[np.float64]],
        factors: tuple[float, float, float],
    ) -> np.ndarray[Any, np.dtype[np.float64]]:
        """BM25 of the documents ``ids`` with the term frequencies ``weights``: the operations
        of the formula in its order, on doubles, element by element (numpy), so the floats
        Python's own arithmetic would give."""
        a, b, c = factors
        per_length = np.array([c * length for length in LENGTH_OF_CODE], dtype=np.float64)
        lengths = per_length[np.frombuffer(self.codes, dtype=np.uint8)[ids]]
        result: np.ndarray[Any, np.dtype[np.float64]] = (a * weights) / ((weights + b) + lengths)
        return result


#: Returns a segment's field lengths, document by document.
LengthsSource = Callable[[IndexReader, str], Sequence[int]]


class CueBM25F(BM25F):  # type: ignore[misc]
    """BM25F with field lengths from ``lengths`` (see :class:`~archive.search.engine.segments.SegmentTables`)."""

    def __init__(self, lengths: LengthsSource, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lengths = lengths

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        """A scorer for one term in one segment."""
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = bm25_b(self, fieldname)
        lengths = self.lengths(searcher.reader(), fieldname)
        return _ListLengthScorer(searcher, fieldname, text, B, self.K1, lengths, qf=qf)


def bm25_factors(idf: float, avgfl: float, B: float, K1: float) -> tuple[float, float, float]:
    """BM25 as ``a * tf / (tf + b + c * length)``: returns (a, b, c).

    Whoosh's ``bm25()`` is ``idf * tf * (K1 + 1) / (tf + K1 * ((1 - B) + B * length / avgfl))``.
    """
    return idf * (K1 + 1), K1 * (1 - B), K1 * B / (avgfl or 1)


class _ListLengthScorer(BM25FScorer):  # type: ignore[misc]
    def __init__(
        self,
        searcher: Any,
        fieldname: str,
        text: bytes,
        B: float,
        K1: float,
        lengths: Sequence[int],
        qf: int = 1,
    ) -> None:
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)
        self._lengths = lengths
        self._numerator, self._constant, self._per_length = bm25_factors(
            self.idf, self.avgfl, B, K1
        )

    def score(self, matcher: Matcher) -> float:
        """BM25 of the matcher's current document."""
        weight = matcher.weight()
        length = self._lengths[matcher.id()]
        return self._numerator * weight / (weight + self._constant + self._per_length * length)  # type: ignore[no-any-return]
