"""Memory of a process serving searches from a built index, as ``replay-archive serve`` does.

    .venv/bin/python bench/search_memory.py INDEX_FOLDER

Opens the index with the result cache ``serve`` keeps (512 results), reads what
``SearchIndex.warm`` reads before ``serve`` forks its workers (per-segment tables and the
posting lists of the most frequent words), then runs every query of ``bench/search.py``
three times, as visitors and as editors. Prints one JSON line: the resident memory after
warming and at the end, and the peak (``VmHWM``), in MB. ``bench/search.py`` runs it
on the index it built.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import timing_queries  # noqa: E402

from archive.search.engine.index import SearchIndex  # noqa: E402
from archive.search.engine.query import SearchRequest  # noqa: E402
from tests.search.judged import load_queries  # noqa: E402

VISITORS = frozenset({"public"})
EDITORS = frozenset({"public", "unlisted", "private"})


def resident_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in MB.

    Not ``ru_maxrss``: in a child started by a large process (bench/search.py) it counts the
    parent's memory the child had between fork and exec.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    """Warm, search, print the figures."""
    index = SearchIndex(Path(sys.argv[1]), cache_size=512)
    start = time.perf_counter()
    index.warm([VISITORS, EDITORS])
    gc.collect()
    gc.freeze()
    warm_s = time.perf_counter() - start
    warmed = resident_mb()
    queries = load_queries() + timing_queries(150)
    for _ in range(3):
        for query in queries:
            for visibilities in (VISITORS, EDITORS):
                index.search(SearchRequest(query.q, visibilities, per_page=20, **query.filters))
    peak = resident_mb("VmHWM")
    figures = {"warm_s": warm_s, "warmed_mb": warmed, "end_mb": resident_mb(), "peak_mb": peak}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
