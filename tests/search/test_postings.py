"""Posting lists read block by block (W3 internals) equal those read through Whoosh's matchers.

:mod:`archive.search.engine.postings` reads a ``W3LeafMatcher`` a block at a time and any other
matcher through the public interface. The W3 codec always gives a ``W3LeafMatcher`` (its
inlined short lists are broken in whoosh-reloaded 2.7.5: ``W3TermInfo`` lacks ``set_inline``),
so the second path is exercised here on an index written with Whoosh's plain-text codec (read
back as ``ListMatcher``; it cannot store our columns, so only postings are compared there) and
by hiding that the leaves of a W3 index are W3 ones (whole searches compared). Both paths must
give the same postings, positions and search results.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.plaintext import PlainTextCodec  # test only: the engine never picks a codec
from whoosh.fields import Schema
from whoosh.formats import Characters, Positions
from whoosh.reading import IndexReader

from archive.search.engine import postings
from archive.search.engine.documents import ReplayDoc, whoosh_documents
from archive.search.engine.index import SearchIndex
from archive.search.engine.query import SearchResults
from archive.search.engine.schema import build_schema
from archive.search.engine.whoosh_internals import (
    deleted_docs,
    is_w3_leaf,
    position_decoder,
    unfiltered_postings,
)
from tests.search.builders import ask, replay
from tests.search.judged import JudgedQuery, load_queries

QUERIES = load_queries()


def plain_text_reader(root: Path, docs: list[ReplayDoc]) -> IndexReader:
    """The reader of a one-segment index of ``docs`` written by the plain-text codec.

    Only the positional fields are written: that codec fails on columns some documents lack.
    """
    full = build_schema()
    schema = Schema(**{name: full[name] for name in full.names() if positional(full, name)})
    ix = whoosh_index.create_in(str(root), schema)
    writer = ix.writer(codec=PlainTextCodec())
    for doc in docs:
        for fields in whoosh_documents(doc):
            writer.add_document(**{k: v for k, v in fields.items() if k in schema})
    writer.commit()
    (leaf, _), *_ = whoosh_index.open_dir(str(root)).reader().leaf_readers()
    return leaf


def positional(schema: Schema, name: str) -> bool:
    fmt = schema[name].format
    return fmt is not None and bool(fmt.supports("positions"))


def leaves(index: SearchIndex) -> list[IndexReader]:
    return [leaf for leaf, _ in index._searcher().reader().leaf_readers()]


def text_terms(reader: IndexReader) -> Iterator[tuple[str, bytes]]:
    """Every term of the positional fields (the ones phrases read positions from)."""
    for fieldname in reader.indexed_field_names():
        if positional(reader.schema, fieldname):
            for term in reader.lexicon(fieldname):
                yield fieldname, term


def public_postings(reader: IndexReader, fieldname: str, term: bytes) -> list[tuple]:
    """(document, weight, positions) through Whoosh's public matcher interface."""
    matcher = reader.postings(fieldname, term)
    fmt = reader.schema[fieldname].format
    found = []
    while matcher.is_active():
        positions = tuple(fmt.decode_positions(matcher.value()))
        found.append((matcher.id(), pytest.approx(matcher.weight()), positions))
        matcher.next()
    return found


def read_back(reader: IndexReader, fieldname: str, term: bytes) -> list[tuple]:
    """The same, through :mod:`archive.search.engine.postings`, deleted documents left out."""
    read = postings.read_postings(reader, fieldname, term)
    deleted = deleted_docs(reader)
    wanted = [d for d in read.ids if d not in deleted]
    positions = postings.read_positions(reader, fieldname, term, wanted)
    return [
        (docnum, weight, positions[docnum])
        for docnum, weight in zip(read.ids, read.weights, strict=True)
        if docnum not in deleted
    ]


def same_results(a: SearchResults, b: SearchResults) -> None:
    assert a.total == b.total
    assert [(h.replay_id, h.kind, h.cue_id, h.start, h.snippet_html) for h in a.hits] == [
        (h.replay_id, h.kind, h.cue_id, h.start, h.snippet_html) for h in b.hits
    ]
    assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], rel=1e-6)
    assert a.groups == b.groups
    assert a.facets == b.facets
    assert a.suggestion == b.suggestion


@pytest.fixture(scope="module")
def plain_text(
    tmp_path_factory: pytest.TempPathFactory, judged_replays: list[ReplayDoc]
) -> IndexReader:
    return plain_text_reader(tmp_path_factory.mktemp("plain-text-index"), judged_replays)


def test_plain_text_codec_takes_the_fallback_path(
    judged_index: SearchIndex, plain_text: IndexReader
) -> None:
    """The two indexes really read through different matchers (else this file proves nothing)."""
    (w3,) = leaves(judged_index)
    term = next(text_terms(w3))
    assert is_w3_leaf(unfiltered_postings(w3, *term))
    assert not is_w3_leaf(unfiltered_postings(plain_text, *term))


def test_both_paths_read_every_posting_as_whoosh_does(
    judged_index: SearchIndex, plain_text: IndexReader
) -> None:
    (w3,) = leaves(judged_index)
    terms = list(text_terms(w3))  # (the plain-text codec cannot list its own fields)
    assert len(terms) > 500
    # The plain-text codec scans its file for each term: a sample, with the longest lists.
    longest = sorted(terms, key=lambda t: -w3.doc_frequency(*t))[:8]
    sample = {*terms[::60], *longest}
    for fieldname, term in terms:
        expected = public_postings(w3, fieldname, term)
        assert read_back(w3, fieldname, term) == expected, (fieldname, term)
        if (fieldname, term) in sample:
            assert read_back(plain_text, fieldname, term) == expected, (fieldname, term)


@pytest.mark.parametrize("query", QUERIES, ids=[q.id for q in QUERIES])
def test_same_results_through_the_fallback(
    judged_index: SearchIndex, query: JudgedQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = query.request()
    expected = judged_index.search(request)
    monkeypatch.setattr(postings, "is_w3_leaf", lambda matcher: False)
    same_results(SearchIndex(judged_index.folder.root).search(request), expected)


def test_fallback_on_w3_leaves_with_deletions(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read W3 leaves through the public interface: same results, across segments and deletions."""
    docs = [
        replay(f"r{n}", f"L'usine {n} produit de l'énergie verte.", "Une usine, une usine.")
        for n in range(6)
    ]
    SearchIndex(index_dir).rebuild(docs)
    writer = SearchIndex(index_dir)
    writer.replace_replay(replay("r2", "L'usine deux consomme de l'énergie verte."))
    writer.delete_replay("r4")
    queries = ["usine", '"énergie verte"', "usine -produit", "usine OR consomme", '"une usine"']
    expected = {q: SearchIndex(index_dir).search(ask(q, per_page=100)) for q in queries}
    monkeypatch.setattr(postings, "is_w3_leaf", lambda matcher: False)
    fallback = SearchIndex(index_dir)
    for q in queries:
        same_results(fallback.search(ask(q, per_page=100)), expected[q])
    assert expected["usine"].total == 9


def test_w3_lists_of_several_blocks_with_deletions(index: SearchIndex) -> None:
    """Lists longer than a W3 block (128 postings), read whole or for a few documents."""
    index.rebuild(
        replay(f"r{n:03}", f"L'usine {n} tourne.", f"Une usine, encore une usine {n % 7}.")
        for n in range(150)
    )
    index.replace_replay(replay("r010", "L'usine dix ferme."))
    index.delete_replay("r140")
    segments = leaves(index)
    assert len(segments) == 2
    for reader in segments:
        deleted = deleted_docs(reader)
        for fieldname, term in text_terms(reader):
            expected = public_postings(reader, fieldname, term)
            assert read_back(reader, fieldname, term) == expected, (fieldname, term)
            # A few documents only, the last ones: the blocks before them are skipped unread.
            ids = postings.read_postings(reader, fieldname, term).ids
            wanted = {d for d in ids[-3:] if d not in deleted}
            few = postings.read_positions(reader, fieldname, term, wanted)
            assert few == {d: p for d, _, p in expected if d in wanted}
    first = segments[0]
    assert max(first.doc_frequency(*term) for term in text_terms(first)) > 2 * 128


def test_position_decoders() -> None:
    """The fast decoder of Positions values, and the public one for any other format."""
    encoded = Positions().encode([3, 7, 20])
    fast = position_decoder(Positions())
    assert fast(encoded) == (3, 7, 20)
    assert fast(encoded[:-1]) == (3, 7, 20)  # the W3 codec may trim the pickle's STOP opcode
    characters = Characters()
    assert position_decoder(characters)(characters.encode([(1, 0, 4), (5, 20, 26)])) == (1, 5)
