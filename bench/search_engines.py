"""The three engines measured side by side: this project's index, SQLite FTS5, PostgreSQL.

Each is built from the same corpus, runs the same queries (top 20 with highlights and the
total; this project's search also counts facets) and is scored on the judged queries.

Each query's first run finds nothing of it cached, in both in-process engines: this project's
index drops its posting lists, scores and results before it (its per-segment tables stay:
they are read when the index is opened, as ``serve`` does before its workers fork), and FTS5
runs it on a new connection (an empty page cache; the schema read beforehand, untimed). The
operating system's file cache is warm for both: their files were just written.
"""

from __future__ import annotations

import gc
import os
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from search_corpus import Corpus, incremental_replay

from archive.search.engine.documents import speaker_key
from archive.search.engine.index import SearchIndex
from archive.search.engine.query import HitKind, SearchRequest
from archive.search.engine.syntax import ItemKind, parse
from tests.search.judged import JudgedQuery

PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Timing:
    """One query's latencies: the first run, and the medians of all runs (wall and CPU)."""

    first_ms: float
    wall_ms: float
    cpu_ms: float
    first_cpu_ms: float = 0.0


@dataclass
class Measured:
    """What one engine did on the corpus."""

    name: str
    build_s: float
    timings: list[Timing]
    recall: float
    #: whether the work happens in this process, so that its CPU time means something
    in_process: bool = True
    #: CPU time of this process while building
    build_cpu_s: float = 0.0
    #: suggestions as you type (this project only): one timing per prefix
    completions: list[Timing] | None = None

    def p95(self, kind: str = "wall_ms") -> float:
        """95th percentile over the queries of one kind of latency."""
        ordered = sorted(float(getattr(t, kind)) for t in self.timings)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]

    def median(self, kind: str = "cpu_ms") -> float:
        """Median over the queries of one kind of latency."""
        return statistics.median(float(getattr(t, kind)) for t in self.timings)

    @property
    def p95_ms(self) -> float:
        """95th percentile of the per-query median wall-clock latencies."""
        return self.p95()


def _time(
    run: Callable[[], object], repeat: int, cold: Callable[[], object] | None = None
) -> Timing:
    """Runs ``run`` ``repeat`` times; ``cold``, untimed, first: it forgets what was cached."""
    walls, cpus = [], []
    if cold is not None:
        cold()
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return Timing(walls[0], statistics.median(walls), statistics.median(cpus), cpus[0])


def _recall(
    judged: list[JudgedQuery], top_moments: Callable[[JudgedQuery], list[tuple[str, float]]]
) -> float:
    expected = found = 0
    for query in judged:
        wanted = [e for e in query.expect if e.kind == HitKind.MOMENT]
        if not wanted:
            continue
        top = top_moments(query)
        expected += len(wanted)
        found += sum(any(r == e.replay and abs(s - e.start) <= 0.5 for r, s in top) for e in wanted)
    return found / expected if expected else 0.0


# 1. This project's index.


def measure_ours(
    corpus: Corpus,
    queries: list[JudgedQuery],
    judged: list[JudgedQuery],
    folder: Path,
    repeat: int,
    reuse: bool = False,
) -> tuple[Measured, float, float]:
    """Build (unless ``reuse``), time every query (highlights and facets included), recall,
    then one update."""
    index = SearchIndex(folder / "whoosh")
    build_s = build_cpu_s = float("nan")
    if not reuse:
        start, cpu = time.perf_counter(), time.process_time()
        index.rebuild(corpus.replays)
        build_s, build_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    anonymous = frozenset({"public"})
    # Opened as `serve` opens it: the per-segment tables read (no posting list kept), and the
    # collector told that they live as long as the process.
    start = time.perf_counter()
    index.warm([anonymous, *{q.visibilities for q in queries}], postings=0)
    index.search(SearchRequest("usine", anonymous))
    first_ms = (time.perf_counter() - start) * 1000
    gc.collect()
    gc.freeze()
    timings = [
        _time(partial(index.search, q.request(per_page=20)), repeat, cold=index.drop_caches)
        for q in queries
    ]

    def top_moments(query: JudgedQuery) -> list[tuple[str, float]]:
        hits = index.search(query.request(per_page=20)).hits
        return [(h.replay_id, h.start) for h in hits if h.kind == HitKind.MOMENT][:10]

    recall = _recall(judged, top_moments)
    completions = [
        _time(partial(index.complete, typed, anonymous), repeat)
        for typed in completion_prefixes(queries)
    ]
    start = time.perf_counter()
    index.replace_replay(incremental_replay())
    incremental_s = time.perf_counter() - start
    visible = index.search(
        SearchRequest(
            "entreprises", anonymous | {"unlisted", "private"}, replay="bench-incremental"
        )
    )
    if not visible.total:
        print("warning: the incremental replay is not searchable", file=sys.stderr)
    measured = Measured(
        "whoosh (this project)",
        build_s,
        timings,
        recall,
        build_cpu_s=build_cpu_s,
        completions=completions,
    )
    return measured, incremental_s, first_ms


def completion_prefixes(queries: list[JudgedQuery]) -> list[str]:
    """What people type on the way to the queries: two to five letters of the first word,
    and the whole query but its last two letters, each once."""
    prefixes: list[str] = []
    for query in queries:
        words = re.findall(r"\w+", query.q)
        if words:
            prefixes.extend(words[0][:size] for size in range(2, min(len(words[0]), 5) + 1))
        if len(words) > 1:
            prefixes.append(" ".join(words)[:-2])
    return list(dict.fromkeys(prefixes))


# 2 and 3. SQL baselines share their rows and filters.


def _rows(corpus: Corpus) -> Iterator[tuple[object, ...]]:
    for replay in corpus.replays:
        for m in replay.moments:
            key = speaker_key(m.speaker) if m.speaker else ""
            yield (
                m.text,
                replay.replay_id,
                m.start,
                key,
                replay.event_slug or "",
                replay.year,
                replay.language,
                replay.visibility,
            )


def _sql_filters(query: JudgedQuery, mark: str) -> tuple[str, list[object]]:
    """SQL conditions for the query's filters and visibilities, with ``mark`` placeholders."""
    visibilities = sorted(query.visibilities)
    clauses = [f"visibility IN ({', '.join([mark] * len(visibilities))})"]
    params: list[object] = list(visibilities)
    columns = {"event": "event_slug", "year": "year", "language": "language", "replay": "replay_id"}
    for name, value in query.filters.items():
        if name == "speaker":
            clauses.append(f"speaker_key = {mark}")
            params.append(speaker_key(str(value)))
        elif name in columns:
            clauses.append(f"{columns[name]} = {mark}")
            params.append(value)
    return " AND " + " AND ".join(clauses), params


def fts5_expression(q: str) -> str:
    """The query in FTS5 syntax (quoted tokens, phrases, OR, NOT, prefixes)."""

    def item_expression(text: str, kind: ItemKind) -> str:
        tokens = re.findall(r"\w+", text.lower())
        if not tokens or (kind is ItemKind.WILDCARD and text[0] in "*?"):
            return ""
        if kind is ItemKind.WILDCARD:
            return f'"{re.split(r"[*?]", text.lower())[0]}"*'
        return '"' + " ".join(tokens) + '"'

    parsed = parse(q)
    groups = []
    for group in parsed.groups:
        parts = [p for p in (item_expression(i.text, i.kind) for i in group) if p]
        if parts:
            groups.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    excluded = [p for p in (item_expression(i.text, i.kind) for i in parsed.excluded) if p]
    expression = " AND ".join(groups)
    if expression and excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def measure_fts5(
    corpus: Corpus,
    queries: list[JudgedQuery],
    judged: list[JudgedQuery],
    folder: Path,
    repeat: int,
    reuse: bool = False,
) -> Measured:
    """SQLite FTS5 with the unicode61 tokenizer removing diacritics (built unless ``reuse``)."""
    path = folder / "fts5.sqlite"
    db = sqlite3.connect(path)
    build_s = float("nan")
    if not reuse:
        start = time.perf_counter()
        db.execute(
            "CREATE VIRTUAL TABLE moments USING fts5(body, replay_id UNINDEXED, start UNINDEXED,"
            " speaker_key UNINDEXED, event_slug UNINDEXED, year UNINDEXED, language UNINDEXED,"
            " visibility UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )
        db.executemany("INSERT INTO moments VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _rows(corpus))
        db.commit()
        build_s = time.perf_counter() - start

    def fresh_connection() -> None:
        nonlocal db
        db.close()
        db = sqlite3.connect(path)
        db.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # reads the schema

    def run(query: JudgedQuery, limit: int) -> list[tuple[str, float]]:
        expression = fts5_expression(query.q)
        if not expression:
            return []
        where, params = _sql_filters(query, "?")
        try:
            rows = db.execute(
                "SELECT replay_id, start, highlight(moments, 0, '<mark>', '</mark>') FROM moments"
                f" WHERE moments MATCH ?{where} ORDER BY rank LIMIT ?",
                [expression, *params, limit],
            ).fetchall()
            db.execute(
                f"SELECT count(*) FROM moments WHERE moments MATCH ?{where}", [expression, *params]
            ).fetchone()
        except sqlite3.OperationalError:
            return []
        return [(r[0], r[1]) for r in rows]

    timings = [_time(partial(run, q, 20), repeat, cold=fresh_connection) for q in queries]
    recall = _recall(judged, lambda q: run(q, 10))
    db.close()
    return Measured("SQLite FTS5 (unicode61, remove_diacritics 2)", build_s, timings, recall)


def measure_postgres(
    corpus: Corpus, queries: list[JudgedQuery], judged: list[JudgedQuery], repeat: int
) -> Measured | None:
    """PostgreSQL full text, 'simple' configuration plus unaccent, in a scratch database."""
    import psycopg

    name = f"replay_search_bench_{os.getpid()}"
    try:
        admin = psycopg.connect(PG_URL, autocommit=True)
    except psycopg.OperationalError as err:
        print(f"PostgreSQL skipped: {err}".strip(), file=sys.stderr)
        return None
    admin.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/" + name, autocommit=True) as db:
            return _measure_in_postgres(db, corpus, queries, judged, repeat)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def _measure_in_postgres(
    db: Any, corpus: Corpus, queries: list[JudgedQuery], judged: list[JudgedQuery], repeat: int
) -> Measured:
    start = time.perf_counter()
    db.execute("CREATE EXTENSION unaccent")
    db.execute(
        "CREATE TABLE moments (body text, replay_id text, start real, speaker_key text,"
        " event_slug text, year int, language text, visibility text, tsv tsvector)"
    )
    with db.cursor().copy(
        "COPY moments (body, replay_id, start, speaker_key, event_slug, year, language, visibility) FROM STDIN"
    ) as copy:
        for row in _rows(corpus):
            copy.write_row(row)
    db.execute("UPDATE moments SET tsv = to_tsvector('simple', unaccent(body))")
    db.execute("CREATE INDEX moments_tsv ON moments USING gin (tsv)")
    db.execute("ANALYZE moments")
    build_s = time.perf_counter() - start
    tsquery = "websearch_to_tsquery('simple', unaccent(%s))"

    def run(query: JudgedQuery, limit: int) -> list[tuple[str, float]]:
        text = re.sub(r"[*?]", "", query.q)
        where, params = _sql_filters(query, "%s")
        rows = db.execute(
            "SELECT replay_id, start, ts_headline('simple', body, q,"
            " 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') FROM ("
            f" SELECT replay_id, start, body, {tsquery} AS q, ts_rank_cd(tsv, {tsquery}) AS rank"
            f" FROM moments WHERE tsv @@ {tsquery}{where} ORDER BY rank DESC LIMIT %s) AS best"
            " ORDER BY rank DESC",
            [text, text, text, *params, limit],
        ).fetchall()
        db.execute(
            f"SELECT count(*) FROM moments WHERE tsv @@ {tsquery}{where}", [text, *params]
        ).fetchone()
        return [(r[0], r[1]) for r in rows]

    timings = [_time(partial(run, q, 20), repeat) for q in queries]
    recall = _recall(judged, lambda q: run(q, 10))
    return Measured("PostgreSQL 'simple' + unaccent", build_s, timings, recall, in_process=False)
