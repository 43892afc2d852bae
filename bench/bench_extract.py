"""Extraction speed: spaCy's ``nlp.pipe`` alone vs the full build vs casegraph's extraction alone.

    python bench/bench_extract.py [--articles 240] [--repeat 3] [--json PATH] [--profile]

The source articles (../shared/corpus/dev, tests/articles and seeds, de-duplicated by content) are
cycled into ``--articles`` distinct files under bench/out/extract-corpus/ (git-ignored): copy 0 is
the original, copy k > 0 gets a date header k * 37 days later, its paragraphs after the lede
shuffled with a fixed seed and a closing "(Bench copy k.)" line. All measurements run in one process
on the same texts, with the pipeline loaded once and warmed up, best of ``--repeat``:

* ``nlp.pipe`` over the bodies (docs consumed), 1 process and 2 processes;
* the full build (``casegraph.pipeline.build``: read, spaCy, extraction, resolution, mapping,
  Turtle + HTML), once forced to 1 process and once as shipped (2 processes from PARALLEL_FROM
  articles on);
* extraction alone: ``extract`` over docs parsed beforehand, then ``resolve`` and ``to_graph``.

Figures are ratios against ``nlp.pipe`` measured in the same run; the seconds depend on the
machine and on whatever else shares its cores (the load average is printed at start and end).
The goal: extraction adds no more than 25% to spaCy's own pipeline time. If it adds more (or with
``--profile``), extraction alone is profiled with cProfile and the top 10 functions are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from casegraph import nlp as nlp_mod  # noqa: E402
from casegraph import pipeline  # noqa: E402
from casegraph.extract import extract  # noqa: E402
from casegraph.ingest import Skipped, read_article, read_articles  # noqa: E402
from casegraph.mapping import to_graph  # noqa: E402
from casegraph.models import Article, Extraction  # noqa: E402
from casegraph.resolve import resolve  # noqa: E402

OUT = ROOT / "bench" / "out"
CORPUS = OUT / "extract-corpus"
BUILD_OUT = OUT / "extract-build"
SOURCES = (ROOT.parent / "shared" / "corpus" / "dev", ROOT / "tests" / "articles", ROOT / "seeds")
GOAL_SHARE = 25.0  # percent of nlp.pipe time that extraction may add
BATCH = 32  # as pipeline.parse_all


# ---------------------------------------------------------------------------------------- corpus


def source_articles() -> list[Article]:
    """Every *.txt under the source folders that exist, in a fixed order, each text once."""
    seen: set[str] = set()
    out: list[Article] = []
    for folder in SOURCES:
        if not folder.is_dir():
            print(f"(no {folder}, skipped)")
            continue
        for path in sorted(folder.glob("*.txt")):
            art = read_article(path)
            if art.text not in seen:
                seen.add(art.text)
                out.append(art)
    if not out:
        raise SystemExit("no source articles found")
    return out


def variant(art: Article, copy: int) -> str:
    """Copy 0 is the article as is; later copies move the date and reorder the paragraphs after the
    lede (headline and first paragraph stay first), deterministically."""
    if copy == 0:
        return art.text
    paras = [p for p in re.split(r"\n\s*\n", art.body.strip()) if p.strip()]
    head, rest = paras[:2], paras[2:]
    random.Random(f"{art.source}/{copy}").shuffle(rest)
    date = art.published + dt.timedelta(days=37 * copy)
    body = "\n\n".join([*head, *rest, f"(Bench copy {copy}.)"])
    return f"date {date.isoformat()}\n\n{body}\n"


def make_corpus(n: int, folder: Path = CORPUS) -> list[Article]:
    """Write ``n`` distinct article files into ``folder`` (old ones removed) and read them back the
    way the build does."""
    sources = source_articles()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    texts: set[str] = set()
    for i in range(n):
        art, copy = sources[i % len(sources)], i // len(sources)
        text = variant(art, copy)
        assert text not in texts, f"copy {copy} of {art.source} repeats an earlier text"
        texts.add(text)
        stem = Path(art.source).stem
        (folder / f"{i:04d}_c{copy}_{stem}.txt").write_text(text, encoding="utf-8")
    skipped = Skipped()
    articles = read_articles([folder], skipped)
    if skipped.errors or len(articles) != n:
        raise SystemExit(f"corpus problem: {len(articles)} of {n} read; {skipped.errors[:3]}")
    print(f"corpus: {n} articles from {len(sources)} sources in {folder.relative_to(ROOT)}", flush=True)
    return articles


# ---------------------------------------------------------------------------------------- timing


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), times


def run_pipe(nlp: Any, bodies: Sequence[str], n_process: int) -> None:
    deque(nlp.pipe(bodies, batch_size=BATCH, n_process=n_process), maxlen=0)


def extract_only(articles: Sequence[Article], docs: Sequence[Any], parts: dict[str, list[float]]) -> int:
    """extract + resolve + to_graph over parsed docs (failures skipped, as extract_all does);
    returns the triple count and appends each stage's time to ``parts``."""
    t0 = time.perf_counter()
    exs: list[Extraction] = []
    for art, doc in zip(articles, docs, strict=True):
        # mirrors extract_all: one failing article does not stop the others
        with contextlib.suppress(Exception):
            exs.append(extract(art, doc))
    t1 = time.perf_counter()
    res = resolve(exs)
    t2 = time.perf_counter()
    graph = to_graph(exs, res)
    t3 = time.perf_counter()
    for key, secs in (("extract", t1 - t0), ("resolve", t2 - t1), ("to_graph", t3 - t2)):
        parts.setdefault(key, []).append(secs)
    parts.setdefault("failed", []).append(len(articles) - len(exs))
    return len(graph)


def run_build(nlp: Any, folder: Path, out: Path, single: bool) -> pipeline.BuildResult:
    saved = pipeline.PARALLEL_FROM
    if single:
        pipeline.PARALLEL_FROM = sys.maxsize  # parse_all reads it at call time: forces 1 process
    try:
        return pipeline.build([folder], out, nlp=nlp, use_cache=False)  # measure the work, not the cache
    finally:
        pipeline.PARALLEL_FROM = saved


def profile_extraction(
    articles: Sequence[Article], docs: Sequence[Any], top: int = 10
) -> list[dict[str, Any]]:
    """cProfile one extraction-only pass; prints and returns the top functions by own time and by
    cumulative time (casegraph's functions below ``extract`` only, for the latter)."""
    prof = cProfile.Profile()
    prof.enable()
    extract_only(articles, docs, {})
    prof.disable()
    OUT.mkdir(parents=True, exist_ok=True)
    prof.dump_stats(str(OUT / "extract-profile.pstats"))
    # {(file, line, func): (primitive calls, calls, own time, cumulative time, callers)}
    stats: Any = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.items():
        where = _short(file, line)
        rows.append({"function": f"{where} {func}", "calls": nc, "own_s": tt, "cum_s": ct, "file": file})
    drivers = {"extract_only", "extract", "profile_extraction"}

    def ours(r: dict[str, Any]) -> bool:
        return "casegraph" in r["file"] and r["function"].split()[-1] not in drivers

    by_own = sorted(rows, key=lambda r: -r["own_s"])[:top]
    by_cum = sorted((r for r in rows if ours(r)), key=lambda r: -r["cum_s"])[:top]
    print(
        f"\nprofile of one extraction-only pass (cProfile, {total:.2f} s profiled; "
        f"stats in {(OUT / 'extract-profile.pstats').relative_to(ROOT)})"
    )
    for title, chosen in (
        ("top by cumulative time (casegraph functions)", by_cum),
        ("top by own time", by_own),
    ):
        print(f"\n{title}\n{'cum s':>8} {'own s':>8} {'calls':>9}  function")
        for r in chosen:
            print(f"{r['cum_s']:8.3f} {r['own_s']:8.3f} {r['calls']:9d}  {r['function']}")
    for r in rows:
        del r["file"]
    return [*({"rank_by": "cumulative", **r} for r in by_cum), *({"rank_by": "own", **r} for r in by_own)]


def _short(file: str, line: int) -> str:
    if file.startswith("~") or file.startswith("<"):
        return "(builtin)"
    parts = Path(file).parts
    if "casegraph" in parts:
        return "/".join(parts[parts.index("casegraph") :]) + f":{line}"
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :]) + f":{line}"
    return f"{Path(file).name}:{line}"


# ---------------------------------------------------------------------------------------- main


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=240, help="distinct articles to generate (>= 1)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions per measurement (best is kept)")
    ap.add_argument("--json", type=Path, help="also save the results as JSON here")
    ap.add_argument("--profile", action="store_true", help="profile extraction even when within the goal")
    ap.add_argument("--model", help="spaCy pipeline package (default: casegraph's)")
    args = ap.parse_args(argv)
    n, repeat = max(1, args.articles), max(1, args.repeat)

    load_start = loadavg()
    print(f"load average at start: {load_start} ({os.cpu_count()} CPUs)", flush=True)
    articles = make_corpus(n)
    bodies = [a.body for a in articles]
    words = sum(len(b.split()) for b in bodies)

    nlp = nlp_mod.load(args.model)
    print(f"pipeline: {nlp_mod.model_id(nlp)} ({', '.join(nlp.pipe_names)})", flush=True)
    warm = list(nlp.pipe(bodies[:5], batch_size=BATCH))
    for art, doc in zip(articles[:5], warm, strict=True):
        extract(art, doc)
    build_procs = min(2, os.cpu_count() or 1) if n >= pipeline.PARALLEL_FROM else 1

    results: dict[str, Any] = {
        "articles": n,
        "words": words,
        "repeat": repeat,
        "model": nlp_mod.model_id(nlp),
    }
    secs: dict[str, float] = {}
    runs: dict[str, list[float]] = {}

    def measure(key: str, fn: Callable[[], object]) -> None:
        print(f"  timing {key} ...", end=" ", flush=True)
        secs[key], runs[key] = best_of(repeat, fn)
        print(f"best {secs[key]:.2f} s of {', '.join(f'{t:.2f}' for t in runs[key])}", flush=True)

    measure("pipe_1", lambda: run_pipe(nlp, bodies, 1))
    measure("pipe_2", lambda: run_pipe(nlp, bodies, 2))
    measure("build_1", lambda: run_build(nlp, CORPUS, BUILD_OUT, single=True))
    measure("build_default", lambda: run_build(nlp, CORPUS, BUILD_OUT, single=False))
    docs = list(nlp.pipe(bodies, batch_size=BATCH))
    parts: dict[str, list[float]] = {}
    triples = 0

    def extraction() -> None:
        nonlocal triples
        triples = extract_only(articles, docs, parts)

    measure("extract_only", extraction)

    pipe_default = secs["pipe_2" if build_procs == 2 else "pipe_1"]
    share_1 = 100 * secs["extract_only"] / secs["pipe_1"]
    share_2 = 100 * secs["extract_only"] / secs["pipe_2"]
    rows = [
        ("nlp.pipe, 1 process", secs["pipe_1"], "1.00", ""),
        ("nlp.pipe, 2 processes", secs["pipe_2"], "1.00", ""),
        ("full build, 1 process", secs["build_1"], f"{secs['build_1'] / secs['pipe_1']:.2f}", "vs pipe 1p"),
        (
            f"full build, as shipped ({build_procs}p)",
            secs["build_default"],
            f"{secs['build_default'] / pipe_default:.2f}",
            f"vs pipe {build_procs}p",
        ),
        ("extraction only (+resolve, to_graph)", secs["extract_only"], f"{share_1 / 100:.2f}", "vs pipe 1p"),
    ]
    print(f"\n{n} articles, {words:,} words, best of {repeat}")
    print(f"{'measurement':40} {'seconds':>8} {'articles/s':>11} {'ratio':>7}")
    for name, s, ratio, against in rows:
        print(f"{name:40} {s:8.2f} {n / s:11.1f} {ratio:>7} {against}")
    stage = {k: min(v) for k, v in parts.items() if k != "failed"}
    print("extraction stages (best): " + ", ".join(f"{k} {v:.2f} s" for k, v in stage.items()))
    if max(parts.get("failed", [0])):
        print(f"WARNING: extraction failed on {max(parts['failed'])} articles")
    verdict = "met" if share_1 <= GOAL_SHARE else "MISSED"
    print(
        f"extraction-only time = {share_1:.1f}% of nlp.pipe 1-process time "
        f"({share_2:.1f}% of the 2-process time); goal <= {GOAL_SHARE:.0f}%: {verdict}"
    )
    load_end = loadavg()
    print(f"load average at end: {load_end}", flush=True)

    results.update(
        seconds=secs,
        runs=runs,
        articles_per_s={k: n / v for k, v in secs.items()},
        build_processes=build_procs,
        ratio_build_1_to_pipe_1=secs["build_1"] / secs["pipe_1"],
        ratio_build_default_to_pipe_same=secs["build_default"] / pipe_default,
        extract_share_of_pipe_1_pct=share_1,
        extract_share_of_pipe_2_pct=share_2,
        extraction_stages_best_s=stage,
        triples=triples,
        goal_pct=GOAL_SHARE,
        goal_met=share_1 <= GOAL_SHARE,
        loadavg_start=load_start,
        loadavg_end=load_end,
        cpus=os.cpu_count(),
    )
    if args.profile or share_1 > GOAL_SHARE:
        results["profile"] = profile_extraction(articles, docs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"results saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
