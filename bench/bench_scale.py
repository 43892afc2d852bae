"""Scale: ``casegraph build`` on 10,000 small articles and on one 20 MB article.

    python bench/bench_scale.py [--articles 10000] [--big-mb 20] [--only many,big] [--json PATH]

The corpora are generated under bench/out/ (git-ignored) from the texts in tests/articles/ and
seeds/: each small article is the lede and the next paragraph of a source article, with a date
header moved by a few days and the people of the source (from its ``*.gold.json``) renamed with
names drawn from a fixed-seed pool (accents, apostrophes and hyphens included), so no two articles
are the same text. The big article is one date header followed by source paragraphs, renamed the
same way, repeated up to ``--big-mb`` megabytes.

Each build runs ``python -m casegraph build`` as a subprocess under ``/usr/bin/time -v`` (Debian
package ``time``), which reports the wall time and the peak resident set size of the largest
single process; spaCy parses big batches in two processes, so the summed resident size of the
whole process tree is also sampled every 0.2 s. The goal: 10,000 articles under 4 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SOURCES = (ROOT / "tests" / "articles", ROOT / "seeds")
TIME = "/usr/bin/time"
GOAL_BYTES = 4 * 1024**3
FIRST = [
    "Ana",
    "José",
    "Zoë",
    "Mei",
    "Darius",
    "Siobhan",
    "Tomás",
    "Aaliyah",
    "Bjørn",
    "Priya",
    "Kwame",
    "Lucía",
    "Noor",
    "Ivan",
    "Ngozi",
    "Élodie",
    "Hao",
]
LAST = [
    "Okoro",
    "Nguyễn",
    "O'Brien",
    "Smith-Jones",
    "Müller",
    "García",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Ferreira",
    "Adeyemi",
    "Lindqvist",
]
HEADER = re.compile(r"\A\s*date[ \t]+\S+[ \t]*\n?", re.IGNORECASE)


def sources() -> list[tuple[str, list[str]]]:
    """(body, people) of every source article, in a fixed order."""
    out = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            gold = path.with_suffix(".gold.json")
            people = json.loads(gold.read_text())["people"] if gold.exists() else []
            out.append((HEADER.sub("", path.read_text(encoding="utf-8"), count=1), people))
    return out


def rename(text: str, people: list[str], rng: random.Random) -> str:
    """Give every person of the source a new name (full name and surname alone)."""
    for person in sorted(people, key=len, reverse=True):
        first, last = rng.choice(FIRST), rng.choice(LAST) + rng.choice(["", "", "a", "ov", "ez"])
        text = text.replace(person, f"{first} {last}")
        old_last = person.split()[-1]
        text = re.sub(rf"\b{re.escape(old_last)}\b", last, text)
    return text


def make_many(n: int) -> Path:
    folder = OUT / f"scale-corpus-{n}"
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(10_000)
    srcs = sources()
    for i in range(n):
        body, people = srcs[i % len(srcs)]
        paras = [p for p in body.split("\n\n") if p.strip()][:2]
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500)
        text = f"date {day.isoformat()} " + rename("\n\n".join(paras), people, rng) + f"\n\n(Copy {i}.)\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def make_big(mb: int) -> Path:
    folder = OUT / f"scale-big-{mb}mb"
    path = folder / "big.txt"
    if path.exists() and path.stat().st_size >= mb * 1_000_000:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(20)
    srcs = sources()
    chunks, size, i = ["date 2021-06-01 "], 0, 0
    while size < mb * 1_000_000:
        body, people = srcs[i % len(srcs)]
        chunk = rename(body, people, rng).strip() + "\n\n"
        chunks.append(chunk)
        size += len(chunk.encode("utf-8"))
        i += 1
    path.write_text("".join(chunks), encoding="utf-8")
    return folder


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run_build(corpus: Path, name: str) -> dict[str, object]:
    """``casegraph build`` under /usr/bin/time -v; wall time, peak RSS, summed tree RSS."""
    out = OUT / f"scale-build-{name}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [TIME, "-v", sys.executable, "-m", "casegraph", "build", str(corpus), "--out", str(out)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        ps = psutil.Process(proc.pid)
        while not done.is_set():
            peak_tree = max(peak_tree, tree_rss(ps))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t0
    maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    summary = stdout.strip().splitlines()[:1]
    return {
        "corpus": str(corpus.relative_to(ROOT)),
        "exit": proc.returncode,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(int(maxrss.group(1)) / 1024) if maxrss else None,
        "peak_tree_rss_mb": round(peak_tree / 1024**2),
        "summary": summary[0] if summary else stderr.strip().splitlines()[-1:],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--big-mb", type=int, default=20)
    ap.add_argument("--only", default="many,big", help="comma-separated subset of: many, big")
    ap.add_argument("--json", type=Path, default=OUT / "bench-scale.json")
    args = ap.parse_args(argv)
    if not Path(TIME).exists():
        raise SystemExit(f"{TIME} is missing: apt-get install time")
    results: dict[str, dict[str, object]] = {}
    todo = {w.strip() for w in args.only.split(",")}
    if "many" in todo:
        corpus = make_many(args.articles)
        res = run_build(corpus, "many")
        res["articles_per_s"] = round(args.articles / float(res["wall_s"]), 1)  # type: ignore[arg-type]
        results[f"{args.articles} articles"] = res
        print(json.dumps(res), flush=True)
    if "big" in todo:
        res = run_build(make_big(args.big_mb), "big")
        results[f"one {args.big_mb} MB article"] = res
        print(json.dumps(res), flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{'build':24} {'exit':>4} {'wall s':>8} {'peak RSS MB':>12} {'tree RSS MB':>12}")
    for name, r in results.items():
        print(
            f"{name:24} {r['exit']:>4} {r['wall_s']:>8} {r['peak_rss_mb']!s:>12} {r['peak_tree_rss_mb']:>12}"
        )
    ok = all(r["exit"] == 0 and int(r["peak_tree_rss_mb"]) * 1024**2 < GOAL_BYTES for r in results.values())  # type: ignore[call-overload]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
