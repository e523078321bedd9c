"""Writers, readers, rebuilds and damaged indexes, as the app and the worker live them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import fields
from whoosh import index as whoosh_index

from archive.search.engine.documents import ReplayDoc
from archive.search.engine.errors import IndexBusy, IndexUnavailable
from archive.search.engine.generations import IndexFolder
from archive.search.engine.index import SearchIndex
from tests.search.builders import ask, replay

FOUNDRY = replay("foundry", "La fonderie coule de l'aluminium.", "Le four tourne la nuit.")


def test_a_new_index_is_unavailable_until_built(index: SearchIndex) -> None:
    assert not index.is_healthy()
    assert index.doc_count() == 0
    with pytest.raises(IndexUnavailable):
        index.search(ask("fonderie"))


def test_replace_is_visible_at_once_to_another_reader(index: SearchIndex, index_dir: Path) -> None:
    index.rebuild([])
    reader = SearchIndex(index_dir)
    assert reader.search(ask("fonderie")).total == 0
    index.replace_replay(FOUNDRY)
    assert reader.search(ask("fonderie")).total == 1
    index.replace_replay(replay("foundry", "La forge remplace la fonderie.", "La forge chauffe."))
    assert reader.search(ask("aluminium")).total == 0
    assert reader.search(ask("forge")).total == 2


def test_replace_before_any_rebuild_creates_the_index(index: SearchIndex) -> None:
    index.replace_replay(FOUNDRY)
    assert index.is_healthy()
    assert index.search(ask("fonderie")).total == 1


def test_delete_is_visible_at_once(index: SearchIndex, index_dir: Path) -> None:
    index.rebuild([FOUNDRY, replay("other", "Une autre fonderie.")])
    reader = SearchIndex(index_dir)
    assert reader.search(ask("fonderie")).total == 2
    index.delete_replay("foundry")
    results = reader.search(ask("fonderie"))
    assert [hit.replay_id for hit in results.hits] == ["other"]
    assert index.doc_count() == 2  # the other replay and its one moment


def test_delete_without_an_index_does_nothing(index: SearchIndex) -> None:
    index.delete_replay("nothing")
    assert not index.is_healthy()


def test_rebuild_swaps_while_readers_keep_searching(index: SearchIndex, index_dir: Path) -> None:
    many = [
        replay(f"r{n}", *[f"La fonderie numéro {n}, ligne {c}." for c in range(30)])
        for n in range(20)
    ]
    index.rebuild(many)
    reader = SearchIndex(index_dir)
    failures: list[str] = []
    stop = threading.Event()

    def search_all_the_time() -> None:
        while not stop.is_set():
            try:
                total = reader.search(ask("fonderie")).total
            except Exception as err:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(repr(err))
                return
            if total != 600:
                failures.append(f"saw {total} moments")

    thread = threading.Thread(target=search_all_the_time)
    thread.start()
    try:
        for _ in range(3):
            assert index.rebuild(many) == 20
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert len(list(index_dir.glob("gen-*"))) <= 2


def test_a_second_writer_gives_up_after_the_lock_timeout(
    index: SearchIndex, index_dir: Path
) -> None:
    index.rebuild([])
    with IndexFolder(index_dir).writer_lock(timeout=1):
        start = time.monotonic()
        with pytest.raises(IndexBusy):
            index.replace_replay(FOUNDRY)
        assert 0.25 <= time.monotonic() - start < 3
        with pytest.raises(IndexBusy):
            index.rebuild([FOUNDRY])
    index.replace_replay(FOUNDRY)
    assert index.search(ask("fonderie")).total == 1


def _only_generation(index_dir: Path) -> Path:
    generation = IndexFolder(index_dir).current()
    assert generation is not None
    return generation


def test_a_deleted_segment_file_makes_the_index_unavailable(
    index: SearchIndex, index_dir: Path
) -> None:
    index.rebuild([FOUNDRY])
    postings = list(_only_generation(index_dir).glob("*.pst"))
    assert postings, "the index keeps each segment's postings in a .pst file"
    for path in postings:
        path.unlink()
    fresh = SearchIndex(index_dir)
    assert not fresh.is_healthy()
    with pytest.raises(IndexUnavailable):
        fresh.search(ask("fonderie"))
    fresh.rebuild([FOUNDRY])
    assert fresh.is_healthy()
    assert fresh.search(ask("fonderie")).total == 1


def test_garbage_in_the_table_of_contents_makes_the_index_unavailable(
    index: SearchIndex, index_dir: Path
) -> None:
    index.rebuild([FOUNDRY])
    for toc in _only_generation(index_dir).glob("*.toc"):
        toc.write_bytes(b"\x00garbage" * 50)
    fresh = SearchIndex(index_dir)
    assert not fresh.is_healthy()
    with pytest.raises(IndexUnavailable):
        fresh.search(ask("fonderie"))
    with pytest.raises(IndexUnavailable):
        fresh.replace_replay(FOUNDRY)


def test_a_missing_pointer_makes_the_index_unavailable(index: SearchIndex, index_dir: Path) -> None:
    index.rebuild([FOUNDRY])
    (index_dir / "CURRENT").write_text("gen-does-not-exist")
    assert not SearchIndex(index_dir).is_healthy()


def test_rebuild_source_repairs_the_index_during_a_search(index_dir: Path) -> None:
    calls: list[int] = []

    def source() -> list[ReplayDoc]:
        calls.append(1)
        return [FOUNDRY]

    index = SearchIndex(index_dir, rebuild_source=source)
    assert index.search(ask("fonderie")).total == 1
    for toc in _only_generation(index_dir).glob("*.toc"):
        toc.write_bytes(b"garbage")
    assert SearchIndex(index_dir, rebuild_source=source).search(ask("fonderie")).total == 1
    assert len(calls) == 2


def test_a_failed_rebuild_leaves_the_live_index_alone(index: SearchIndex, index_dir: Path) -> None:
    index.rebuild([FOUNDRY])

    def broken_source() -> Iterator[ReplayDoc]:
        yield FOUNDRY
        raise RuntimeError("the catalogue went away")

    with pytest.raises(RuntimeError):
        index.rebuild(broken_source())
    assert index.search(ask("fonderie")).total == 1
    assert len(list(index_dir.glob("gen-*"))) == 1


def test_rebuild_counts_replays(index: SearchIndex) -> None:
    assert index.rebuild([FOUNDRY, replay("empty")]) == 2
    assert index.doc_count() == 4  # two replay documents and two moments


def test_an_index_of_another_schema_is_unavailable(index_dir: Path) -> None:
    folder = IndexFolder(index_dir)
    generation = folder.new_generation()
    whoosh_index.create_in(str(generation), fields.Schema(text=fields.TEXT))
    folder.switch_to(generation)
    stale = SearchIndex(index_dir, lock_timeout=0.3)
    assert not stale.is_healthy()
    with pytest.raises(IndexUnavailable):
        stale.search(ask("fonderie"))
    with pytest.raises(IndexUnavailable):
        stale.replace_replay(FOUNDRY)
    stale.rebuild([FOUNDRY])
    assert stale.search(ask("fonderie")).total == 1
