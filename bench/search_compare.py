"""Search latency of two revisions measured in one run, query by query, turn and turn about.

    .venv/bin/python bench/search_compare.py --base REV [--hours 1000] [--rounds 3]

``bench/search.py`` measures one revision; on a shared machine two of its runs, one after
the other, differ by more than a change does. Here the base revision (exported with
``git archive``) and the working tree each build the same generated corpus in a child
process, then the queries of ``bench/search.py`` (the judged set of the working tree and
the timing queries) are sent to one and the other in turn, so that both see the same load.
Each query is timed in CPU time of its process (median of three runs), and each side keeps
its best of ``--rounds`` rounds. The last line sums it up for the README.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _worker(root: str, hours: float, folder: str) -> None:
    """Build the corpus's index with the code in ``root``, then time the queries read from stdin."""
    sys.path[:0] = [root, f"{root}/bench"]
    from search_corpus import build_corpus  # noqa: PLC0415

    from archive.search.engine.index import SearchIndex  # noqa: PLC0415
    from archive.search.engine.query import SearchRequest  # noqa: PLC0415

    index = SearchIndex(Path(folder))
    index.rebuild(build_corpus(hours).replays)
    print("ready", flush=True)
    for line in sys.stdin:
        query = json.loads(line)
        request = SearchRequest(
            q=query["q"],
            visibilities=frozenset(query["visibilities"]),
            per_page=20,
            **query["filters"],
        )
        cpu = []
        for _ in range(3):
            start = time.process_time()
            index.search(request)
            cpu.append((time.process_time() - start) * 1000)
        print(json.dumps(statistics.median(cpu)), flush=True)


def _export(revision: str, folder: Path) -> Path:
    """The tree of ``revision``, as committed."""
    archive = subprocess.run(  # noqa: S603
        ["git", "archive", revision], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _start(root: Path, hours: float, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, __file__, "--worker", str(root), str(hours), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    """Run both revisions, print the figures, the summary line last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="the revision to compare with")
    parser.add_argument("--hours", type=float, default=1000.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], float(args.worker[1]), args.worker[2])
        return 0
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    from search_corpus import timing_queries  # noqa: PLC0415

    from tests.search.judged import load_queries  # noqa: PLC0415

    queries = load_queries() + timing_queries(150)
    lines = [
        json.dumps({"q": q.q, "filters": q.filters, "visibilities": sorted(q.visibilities)})
        for q in queries
    ]
    with tempfile.TemporaryDirectory(prefix="search-compare-") as tmp:
        base_root = _export(args.base, Path(tmp) / "base")
        sides = {
            "base": _start(base_root, args.hours, Path(tmp) / "base-index"),
            "tree": _start(ROOT, args.hours, Path(tmp) / "tree-index"),
        }
        for side in sides.values():
            assert side.stdout is not None and side.stdout.readline().strip() == "ready"
        best: dict[str, list[float]] = {name: [float("inf")] * len(lines) for name in sides}
        for round_number in range(args.rounds):
            order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
            for position, line in enumerate(lines):
                for name in order:
                    side = sides[name]
                    assert side.stdin is not None and side.stdout is not None
                    side.stdin.write(line + "\n")
                    side.stdin.flush()
                    spent = float(side.stdout.readline())
                    best[name][position] = min(best[name][position], spent)
        for side in sides.values():
            assert side.stdin is not None
            side.stdin.close()
            side.wait()
    figures = {
        name: {"p50": statistics.median(values), "p95": _p95(values), "sum": sum(values)}
        for name, values in best.items()
    }
    print(f"{len(queries)} queries, {args.rounds} rounds, {args.hours:g} h; CPU ms per query:")
    for name, figure in figures.items():
        print(
            f"  {name:5} p50 {figure['p50']:6.2f}  p95 {figure['p95']:6.2f}  sum {figure['sum']:8.1f}"
        )
    changed = sorted(range(len(queries)), key=lambda i: best["tree"][i] - best["base"][i])
    print("most slowed down:")
    for i in changed[-8:]:
        print(f"  {best['base'][i]:6.2f} -> {best['tree'][i]:6.2f}  {queries[i].q}")
    ratio = figures["tree"]["p95"] / figures["base"]["p95"]
    print(
        f"hours={args.hours:g} base={args.base} base_p95_ms={figures['base']['p95']:.2f}"
        f" tree_p95_ms={figures['tree']['p95']:.2f} p95_ratio={ratio:.3f}"
        f" p50_ratio={figures['tree']['p50'] / figures['base']['p50']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
