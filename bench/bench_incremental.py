"""Incremental build against a full build: 1,000 articles, then one more.

Generates bench/out/incremental/articles/ (varied copies of tests/articles/*.txt and seeds/*.txt,
each with a distinct line after its date header so that no two texts are equal), builds it from
scratch, adds one article, and builds again with the cache. Prints both times and their ratio, the
articles each build parsed (1 for the incremental one) and the seconds each spent per stage.
That the incremental result is byte-identical to a clean build of the same articles is checked
by the test suite (tests/test_cache.py), on a smaller set.

    .venv/bin/python bench/bench_incremental.py [N]
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from casegraph.cache import CACHE_DIRNAME
from casegraph.ingest import HEADER
from casegraph.nlp import load
from casegraph.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "incremental"


def generate(n: int, folder: Path) -> list[Path]:
    sources = sorted((ROOT / "tests" / "articles").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    made = []
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        # after the date header, wherever it is: some sources start with blank lines, and a line
        # put before the header would make the file unreadable (skipped, never built or cached)
        end = HEADER.match(text).end()  # type: ignore[union-attr]
        path = folder / f"{i:04d}_{src.stem[:40]}.txt"
        path.write_text(f"{text[:end]}Report {i} of the series.\n{text[end:]}", encoding="utf-8")
        made.append(path)
    return made


def main(n: int = 1000) -> dict[str, object]:
    nlp = load()
    arts, out = OUT / "articles", OUT / "build"
    extra = generate(n + 1, arts)[-1]
    held = OUT / extra.name
    shutil.move(extra, held)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    first = build([arts], out, nlp=nlp)
    full = time.perf_counter() - t0
    shutil.move(held, arts / extra.name)
    t0 = time.perf_counter()
    result = build([arts], out, nlp=nlp)
    incremental = time.perf_counter() - t0
    entries = len(list((out / CACHE_DIRNAME).glob("*/*.json")))
    report = {
        "articles": n,
        "full_s": round(full, 2),
        "incremental_s": round(incremental, 2),
        "ratio": round(incremental / full, 4),
        "built": [first.articles, result.articles],
        "skipped": [len(first.skipped), len(result.skipped)],
        "parsed": [first.parsed, result.parsed],
        "reused": result.reused,
        "cache_entries": entries,
        "full_stages_s": first.timings,
        "incremental_stages_s": result.timings,
    }
    if first.skipped or result.skipped or result.parsed != 1 or entries != n + 1:
        print(f"warning: not every article was built and cached: {report}", file=sys.stderr)
    print(json.dumps(report))
    (OUT / "result.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
