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
appear among the first ten moments. Each query's first run finds nothing of it cached (see
``search_engines``), in this project's index and in FTS5 alike. A child process then serves
the queries from the built index as ``replay-archive serve`` would, for its memory
(``bench/search_memory.py``). The last line sums it up for the README.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_corpus import build_corpus, timing_queries  # noqa: E402
from search_engines import Measured, measure_fts5, measure_ours, measure_postgres  # noqa: E402

from tests.search.judged import load_queries  # noqa: E402


def _report(measured: list[Measured]) -> None:
    print(
        f"{'engine':46} {'build s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p95 1st':>7}"
        f" {'p95 cpu':>7} {'cpu p50':>7} {'1st cpu':>7} {'max ms':>7} {'recall@10':>9}"
    )
    for m in measured:
        p50 = statistics.median(t.wall_ms for t in m.timings)
        if m.in_process:
            cpu = f"{m.p95('cpu_ms'):7.1f} {m.median('cpu_ms'):7.2f} {m.p95('first_cpu_ms'):7.1f}"
        else:
            cpu = f"{'n/a':>7} {'n/a':>7} {'n/a':>7}"
        worst = max(t.wall_ms for t in m.timings)
        print(
            f"{m.name:46} {m.build_s:7.1f} {p50:7.1f} {m.p95_ms:7.1f} {m.p95('first_ms'):7.1f}"
            f" {cpu} {worst:7.1f} {m.recall:9.3f}"
        )
    print(
        "p50/p95/max: per-query median wall-clock time of the runs; p95 1st: first run of each"
        " query (nothing of it cached); p95 cpu, cpu p50, 1st cpu: CPU time of this process"
        " (in-process engines only): p95 and median of the per-query medians, p95 of the"
        " first runs"
    )


def serving_memory(folder: Path) -> dict[str, float]:
    """What ``bench/search_memory.py`` measures on the index in ``folder``."""
    script = Path(__file__).resolve().parent / "search_memory.py"
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(script), str(folder)], capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _folder(keep: Path | None) -> AbstractContextManager[str]:
    """Where the indexes are built: ``keep`` (made if missing), else a temporary folder."""
    if keep is None:
        return tempfile.TemporaryDirectory(prefix="search-bench-")
    keep.mkdir(parents=True, exist_ok=True)
    return nullcontext(str(keep))


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
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the indexes in this folder and keep them; a later run on the same folder"
        " and hours reuses them (no build figures then)",
    )
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
    with _folder(args.keep) as tmp:
        marker = Path(tmp) / "hours.txt"
        reuse = marker.exists() and marker.read_text() == f"{hours:g}"
        if reuse:
            print(f"reusing the indexes built in {tmp}")
        ours, incremental_s, first_ms = measure_ours(
            corpus, queries, judged, Path(tmp), args.repeat, reuse
        )
        fts5 = measure_fts5(corpus, queries, judged, Path(tmp), args.repeat, reuse)
        marker.write_text(f"{hours:g}")
        memory = serving_memory(Path(tmp) / "whoosh")
    pg = None if args.no_postgres else measure_postgres(corpus, queries, judged, args.repeat)
    _report([m for m in (ours, fts5, pg) if m is not None])
    print(f"whoosh build: {ours.build_s:.1f} s wall, {ours.build_cpu_s:.1f} s CPU (one process)")
    print(f"opening the index as serve does (reads per-segment tables): {first_ms:.0f} ms")
    print(
        f"a process serving searches (bench/search_memory.py): {memory['warmed_mb']:.0f} MB"
        f" after warming ({memory['warm_s']:.1f} s), {memory['end_mb']:.0f} MB after the"
        f" queries, peak {memory['peak_mb']:.0f} MB"
    )
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
        f" first_run_p95_ms={ours.p95('first_ms'):.1f}"
        f" fts5_first_run_p95_ms={fts5.p95('first_ms'):.1f}"
        f" cpu_ms_median={ours.median('cpu_ms'):.2f} fts5_cpu_ms_median={fts5.median('cpu_ms'):.2f}"
        f" serve_peak_mb={memory['peak_mb']:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
