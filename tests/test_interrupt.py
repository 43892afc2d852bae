"""A build killed midway (SIGKILL: no cleanup runs) never leaves a truncated graph and never
destroys the previous one; the next build removes the temporary files it left."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from rdflib import Graph

from casegraph import pipeline
from paths import TEST_ARTICLES

OLD = b"@prefix cg: <https://w3id.org/casegraph/ns#> .\n<https://w3id.org/casegraph/id/old> a cg:Article .\n"
# Runs the real CLI, but stops for a minute inside atomic_write, after the temporary file is
# written and before it is renamed: the deterministic "midway" to kill it at.
STALL = """
import os, sys, time
def fsync(fd):
    print("WRITING", flush=True)
    time.sleep(60)
os.fsync = fsync
from casegraph.cli import main
sys.exit(main(sys.argv[1:]))
"""


def articles(folder: Path, n: int) -> Path:
    folder.mkdir()
    sources = sorted(TEST_ARTICLES.glob("*.txt"))
    for i in range(n):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (folder / f"{i:03d}.txt").write_text(f"{text}\n(Copy {i}.)\n", encoding="utf-8")
    return folder


def previous_build(out: Path) -> Path:
    out.mkdir()
    (out / "casegraph.ttl").write_bytes(OLD)
    return out / "casegraph.ttl"


def assert_previous_or_complete(ttl: Path) -> None:
    data = ttl.read_bytes()
    if data != OLD:  # the build got as far as the rename: then the new file is whole
        assert len(Graph().parse(data=data, format="turtle")) > 0


def test_killed_while_writing_keeps_the_previous_graph(tmp_path, nlp):
    folder = articles(tmp_path / "in", 2)
    ttl = previous_build(tmp_path / "out")
    cmd = [sys.executable, "-c", STALL, "build", str(folder), "--out", str(ttl.parent), "--no-cache"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "WRITING", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert ttl.read_bytes() == OLD
    leftovers = [p.name.split(".")[3] for p in ttl.parent.glob(".casegraph.ttl.*.tmp")]
    # the Turtle written in full but never renamed over the target, and the two intermediate
    # files it was streamed through (sorted N-Triples, oxigraph's Turtle)
    assert len(leftovers) == 3 and {"nt", "raw"} < set(leftovers)
    result = pipeline.build([folder], ttl.parent, nlp=nlp, use_cache=False)
    assert not list(ttl.parent.glob(".casegraph.*.tmp"))
    assert result.articles == 2 and ttl.read_bytes() != OLD
    assert len(Graph().parse(ttl, format="turtle")) == result.triples


def test_killed_at_random_points_never_truncates(tmp_path):
    folder = articles(tmp_path / "in", 40)
    ttl = previous_build(tmp_path / "out")
    for delay in (0.5, 4.0):
        cmd = [
            sys.executable,
            "-m",
            "casegraph",
            "build",
            str(folder),
            "--out",
            str(ttl.parent),
            "--no-cache",
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert_previous_or_complete(ttl)
        html = ttl.parent / "casegraph.html"
        assert not html.exists() or html.read_text(encoding="utf-8").rstrip().endswith("</html>")
