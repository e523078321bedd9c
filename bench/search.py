"""Transcript search benchmark: this project's Whoosh index, SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search.py [--hours 1000] [--quick] [--no-postgres]

Generates a corpus of French conference transcripts from word lists and templates with a
fixed seed (about 120 moments of 30 s per hour), adds the judged transcripts of
``tests/data/search`` to it, and measures on the same corpus and the same queries:

1. this project's search, in process, with highlights and facets, and its suggestions as you
   type (what ``GET /api/v1/suggest`` answers) for prefixes of the same queries;
2. SQLite FTS5 with the ``unicode61 remove_diacritics 2`` tokenizer;
3. PostgreSQL full text, ``simple`` configuration plus ``unaccent``, in a scratch database.

Recall@10 counts, over the judged queries that expect moments, how many expected moments
appear among the first ten moments. The last line sums it up for the README.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_corpus import build_corpus, timing_queries  # noqa: E402
from search_engines import Measured, measure_fts5, measure_ours, measure_postgres  # noqa: E402

from tests.search.judged import load_queries  # noqa: E402


def _report(measured: list[Measured]) -> None:
    print(
        f"{'engine':46} {'build s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p95 1st':>7}"
        f" {'p95 cpu':>7} {'max ms':>7} {'recall@10':>9}"
    )
    for m in measured:
        p50 = statistics.median(t.wall_ms for t in m.timings)
        cpu = f"{m.p95('cpu_ms'):7.1f}" if m.in_process else f"{'n/a':>7}"
        worst = max(t.wall_ms for t in m.timings)
        print(
            f"{m.name:46} {m.build_s:7.1f} {p50:7.1f} {m.p95_ms:7.1f} {m.p95('first_ms'):7.1f}"
            f" {cpu} {worst:7.1f} {m.recall:9.3f}"
        )
    print(
        "p50/p95/max: per-query median wall-clock time of the runs; p95 1st: first run of each"
        " query (cold caches); p95 cpu: CPU time of this process (in-process engines only)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures, the summary line last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--hours", type=float, default=1000.0, help="hours of generated transcripts"
    )
    parser.add_argument(
        "--quick", action="store_true", help="20 hours and fewer queries: a smoke test"
    )
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL baseline")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is kept")
    args = parser.parse_args(argv)
    hours = 20.0 if args.quick else args.hours
    judged = load_queries()
    queries = judged + timing_queries(40 if args.quick else 150)
    start = time.perf_counter()
    corpus = build_corpus(hours)
    print(
        f"corpus: {len(corpus.replays)} replays, {corpus.moments} moments, {hours:g} h generated"
        f" + judged transcripts ({time.perf_counter() - start:.1f} s to generate)"
    )
    print(f"queries: {len(queries)} ({len(judged)} judged), each run {args.repeat} times")
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        ours, incremental_s, first_ms = measure_ours(
            corpus, queries, judged, Path(tmp), args.repeat
        )
        fts5 = measure_fts5(corpus, queries, judged, Path(tmp), args.repeat)
    pg = None if args.no_postgres else measure_postgres(corpus, queries, judged, args.repeat)
    _report([m for m in (ours, fts5, pg) if m is not None])
    print(f"whoosh build: {ours.build_s:.1f} s wall, {ours.build_cpu_s:.1f} s CPU (one process)")
    print(f"first search after opening the index (reads per-segment tables): {first_ms:.0f} ms")
    print(f"adding one 1-hour replay (450 cues of 8 s) to the built index: {incremental_s:.2f} s")
    suggest = sorted(t.wall_ms for t in ours.completions or [])
    suggest_p95 = suggest[int(0.95 * (len(suggest) - 1))] if suggest else float("nan")
    if suggest:
        print(
            f"suggestions as you type: {len(suggest)} prefixes, p50"
            f" {statistics.median(suggest):.2f} ms, p95 {suggest_p95:.2f} ms, max {suggest[-1]:.2f} ms"
        )
    print(
        f"hours={hours:g} p95_ms={ours.p95_ms:.1f} suggest_p95_ms={suggest_p95:.2f}"
        f" build_s={ours.build_s:.1f}"
        f" incremental_s={incremental_s:.2f} recall_at_10={ours.recall:.3f}"
        f" pg_simple_recall_at_10={pg.recall if pg else float('nan'):.3f}"
        f" fts5_p95_ms={fts5.p95_ms:.1f} pg_p95_ms={pg.p95_ms if pg else float('nan'):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
