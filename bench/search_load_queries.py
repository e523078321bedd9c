"""Write the search API requests bench/search_load.sh sends, one path per line.

    .venv/bin/python bench/search_load_queries.py bench/out/search-load-queries.txt

The timing queries of bench/search.py (topic words, pairs, phrases, filters, OR, exclusions,
misspellings), drawn from the generated corpus's vocabulary: popular topics come back, as in
a real audience's searches, and most requests differ from the one before.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import timing_queries  # noqa: E402

COUNT = 400


def main() -> None:
    """Write the file named on the command line."""
    lines = []
    for query in timing_queries(COUNT):
        args = {"q": query.q, **{k: str(v) for k, v in query.filters.items()}}
        lines.append("/api/v1/search?" + urlencode(args))
    Path(sys.argv[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} requests, {len(set(lines))} distinct", file=sys.stderr)


if __name__ == "__main__":
    main()
