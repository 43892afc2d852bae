"""Run every casegraph benchmark, one after the other, each in its own process.

    python bench/run.py [--full] [--only extract,store,viz]

bench_extract (default settings), bench_store (100,000 triples; with --full also 1,000,000, which
takes many minutes) and bench_viz run with this Python (the venv's, under ``make bench``); their
output is streamed as it comes. The exit status is non-zero if any benchmark failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def commands(full: bool) -> dict[str, list[str]]:
    sizes = "100000,1000000" if full else "100000"
    return {
        "extract": [str(BENCH / "bench_extract.py")],
        "store": [str(BENCH / "bench_store.py"), "--sizes", sizes],
        "viz": [str(BENCH / "bench_viz.py")],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="bench_store at 100,000 and 1,000,000 triples")
    ap.add_argument("--only", help="comma-separated subset of: extract, store, viz")
    args = ap.parse_args(argv)
    todo = commands(args.full)
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in todo]
        if unknown:
            ap.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(todo)})")
        todo = {k: v for k, v in todo.items() if k in wanted}
    outcome: dict[str, tuple[int, float]] = {}
    for name, cmd in todo.items():
        shown = " ".join([str(Path(cmd[0]).relative_to(ROOT)), *cmd[1:]])
        print(f"\n=== bench_{name}: python {shown}", flush=True)
        t0 = time.perf_counter()
        # output is inherited, so it streams as the benchmark prints it
        rc = subprocess.call([sys.executable, *cmd], cwd=ROOT)
        outcome[name] = (rc, time.perf_counter() - t0)
    print("\n=== summary")
    for name, (rc, secs) in outcome.items():
        print(f"bench_{name:8} {'ok' if rc == 0 else f'FAILED (exit {rc})':18} {secs:7.1f} s")
    return 0 if all(rc == 0 for rc, _ in outcome.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
