"""Incremental build against a full build: 1,000 articles, then one more.

Generates bench/out/incremental/articles/ (varied copies of tests/articles/*.txt and seeds/*.txt,
each with a distinct first line so that no two texts are equal), builds it from scratch, adds one
article, and builds again with the cache. Prints both times and their ratio; checks that the
incremental result is byte-identical to a clean build of the same 1,001 articles is left to the
test suite (tests/test_cache.py), which does it on a smaller set.

    .venv/bin/python bench/bench_incremental.py [N]
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

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
        head, _, body = src.read_text(encoding="utf-8").partition("\n")
        path = folder / f"{i:04d}_{src.stem[:40]}.txt"
        path.write_text(f"{head}\nReport {i} of the series.\n{body}", encoding="utf-8")
        made.append(path)
    return made


def main(n: int = 1000) -> dict[str, float]:
    nlp = load()
    arts, out = OUT / "articles", OUT / "build"
    extra = generate(n + 1, arts)[-1]
    held = OUT / extra.name
    shutil.move(extra, held)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    build([arts], out, nlp=nlp)
    full = time.perf_counter() - t0
    shutil.move(held, arts / extra.name)
    t0 = time.perf_counter()
    result = build([arts], out, nlp=nlp)
    incremental = time.perf_counter() - t0
    report = {
        "articles": n,
        "full_s": round(full, 2),
        "incremental_s": round(incremental, 2),
        "reused": result.reused,
        "ratio": round(incremental / full, 4),
    }
    print(json.dumps(report))
    (OUT / "result.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
