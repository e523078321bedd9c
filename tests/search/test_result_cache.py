"""Kept results: answered again only while the index is unchanged, never across visitors' rights."""

from __future__ import annotations

import os
from pathlib import Path

from archive.search.engine.index import SearchIndex
from tests.search.builders import ask, replay

EDITOR = frozenset({"public", "unlisted", "private"})
FOUNDRY = replay("foundry", "La fonderie coule de l'aluminium.", "Le four tourne la nuit.")
SECRET = replay("secret", "La fonderie secrète prépare un alliage.", visibility="private")


def _cached(index_dir: Path) -> SearchIndex:
    return SearchIndex(index_dir, lock_timeout=0.3, cache_size=8)


def test_the_same_search_is_answered_from_the_cache_while_the_index_is_unchanged(
    index_dir: Path,
) -> None:
    index = _cached(index_dir)
    index.rebuild([FOUNDRY])
    first = index.search(ask("fonderie"))
    assert index.search(ask("fonderie")) is first
    assert index.search(ask("fonderie", page=2)) is not first


def test_after_dropping_the_caches_a_search_is_made_again_with_the_same_answer(
    index_dir: Path,
) -> None:
    index = _cached(index_dir)
    index.rebuild([FOUNDRY, SECRET])
    first = index.search(ask("fonderie", visibilities=EDITOR))
    index.drop_caches()
    again = index.search(ask("fonderie", visibilities=EDITOR))
    assert again is not first
    assert again == first


def test_a_commit_by_another_process_is_seen_by_the_next_search(index_dir: Path) -> None:
    reader = _cached(index_dir)
    writer = SearchIndex(index_dir, lock_timeout=0.3)
    writer.rebuild([FOUNDRY])
    assert reader.search(ask("alliage")).total == 0
    writer.replace_replay(replay("foundry", "La fonderie coule un alliage."))
    assert reader.search(ask("alliage")).total == 1
    writer.delete_replay("foundry")
    assert reader.search(ask("alliage")).total == 0


def test_a_replay_turned_private_leaves_visitors_results_at_once(index_dir: Path) -> None:
    reader = _cached(index_dir)
    writer = SearchIndex(index_dir, lock_timeout=0.3)
    writer.rebuild([FOUNDRY])
    assert [h.replay_id for h in reader.search(ask("fonderie")).hits] == ["foundry"]
    writer.replace_replay(replay("foundry", "La fonderie coule.", visibility="private"))
    assert reader.search(ask("fonderie")).hits == []
    assert [h.replay_id for h in reader.search(ask("fonderie", EDITOR)).hits] == ["foundry"]


def test_an_editors_results_are_never_given_to_a_visitor(index_dir: Path) -> None:
    index = _cached(index_dir)
    index.rebuild([FOUNDRY, SECRET])
    assert {h.replay_id for h in index.search(ask("fonderie", EDITOR)).hits} == {
        "foundry",
        "secret",
    }
    assert {h.replay_id for h in index.search(ask("fonderie")).hits} == {"foundry"}


def test_a_rebuild_replaces_kept_results(index_dir: Path) -> None:
    index = _cached(index_dir)
    index.rebuild([FOUNDRY])
    assert index.search(ask("fonderie")).total == 1
    index.rebuild([])
    assert index.search(ask("fonderie")).total == 0


def test_no_cache_when_its_size_is_zero(index_dir: Path) -> None:
    index = SearchIndex(index_dir, cache_size=0)
    index.rebuild([FOUNDRY])
    assert index.search(ask("fonderie")) is not index.search(ask("fonderie"))


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_warming_reads_the_tables_and_leaves_no_file_open(index_dir: Path) -> None:
    # serve warms the index in gunicorn's master and then forks: an open file would be
    # shared by every worker (and its position with it).
    index = _cached(index_dir)
    assert index.warm([frozenset({"public"})]) == 0  # no index yet: nothing to read, no error
    index.rebuild([FOUNDRY, SECRET])
    before = _open_files()
    documents = index.warm([frozenset({"public"}), EDITOR])
    assert documents == 5  # two replays and their three moments
    assert _open_files() == before
    assert [h.replay_id for h in index.search(ask("fonderie")).hits] == ["foundry"]
