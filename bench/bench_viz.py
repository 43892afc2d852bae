"""Time to interactive of casegraph.html in headless Chromium, at 500, 5,000 and 20,000 nodes.

Run ``python bench/bench_viz.py`` (from the project root, with the venv's Python). For each size it
builds a synthetic contract-shaped graph (half entities, half facts, about two edges per node, a few
hub organizations), times ``to_network`` and ``render_html``, writes the page exactly as casegraph
does, then opens it in Debian's Chromium with every outside request blocked.

Time to interactive runs from the navigation request (the tab is opened before the clock starts)
until all three hold: the network has drawn once (its first ``afterDrawing``) with every node and
physics off, and a search typed into the page's box followed by Enter has selected a node and
centred the view on it. The page's own marks (``casegraph.timings``, ms since navigation start)
split that time into: script (HTML and vis-network parsed), data (JSON parsed), datasets, network
(vis-network built its node and edge objects), drawn (first frame). Goals: 5,000 nodes within 3 s,
20,000 within 10 s. Machines here are shared: the load averages are printed with the results.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from browser_util import PageReport, browser, new_page  # noqa: E402
from casegraph.visualize import to_network, write_html  # noqa: E402

CG = Namespace("https://w3id.org/casegraph/ns#")
ID = Namespace("https://w3id.org/casegraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SIZES = (500, 5_000, 20_000)
GOALS = {5_000: 3.0, 20_000: 10.0}
ENTITY_CLASSES = (("Person",), ("Person",), ("Person",), ("Organization", "PoliceAgency"), ("Place", "City"))
FACT_CLASSES = (
    (("Incident", "PoliceShooting"), ("victim", "officer", "agency", "location")),
    (("Demand",), ("claimant", "addressee", "concerns", "concerns")),
    (("Protest",), ("organizer", "location", "concerns", "startLocation")),
    (("Quote",), ("speaker", "concerns", "concerns", "concerns")),
)


def synthetic_graph(nodes: int, seed: int = 7) -> Graph:
    """``nodes`` nodes (half entities, half facts), each fact with four links: ~2 edges per node."""
    rng = random.Random(seed)
    g = Graph()
    article = ID["article-bench"]
    g.add((article, RDF.type, CG.Article))
    g.add((article, RDFS.label, Literal("Benchmark article")))
    g.add((article, CG.sourceFile, Literal("bench.txt")))
    g.add((article, CG.published, Literal("2022-01-01", datatype=XSD.date)))
    entities = [_entity(g, i, rng, article) for i in range(nodes // 2)]
    hubs = entities[: max(3, len(entities) // 200)]
    for i in range(nodes - len(entities)):
        _fact(g, i, rng, article, entities, hubs)
    return g


def _entity(g: Graph, i: int, rng: random.Random, article: object) -> object:
    node = ID[f"entity-{i:06d}"]
    for cls in rng.choice(ENTITY_CLASSES):
        g.add((node, RDF.type, CG[cls]))
    g.add((node, RDFS.label, Literal(f"Entity {i} {rng.choice(['Alvarez', 'Toledo', 'Smith', 'Chicago'])}")))
    g.add((node, CG.mentionedIn, article))  # type: ignore[arg-type]
    return node


def _fact(g: Graph, i: int, rng: random.Random, article: object, entities: list, hubs: list) -> None:
    classes, props = rng.choice(FACT_CLASSES)
    node = ID[f"fact-{i:06d}"]
    for cls in classes:
        g.add((node, RDF.type, CG[cls]))
    g.add((node, RDFS.label, Literal(f"Fact {i}")))
    g.add((node, PROV.wasDerivedFrom, article))  # type: ignore[arg-type]
    for prop in props:
        target = rng.choice(hubs) if rng.random() < 0.1 else rng.choice(entities)
        g.add((node, CG[prop], target))  # type: ignore[arg-type]
    ev = ID[f"evidence-{i:06d}"]
    g.add((node, CG.evidence, ev))
    g.add((ev, RDF.type, CG.Evidence))
    g.add((ev, CG.article, article))  # type: ignore[arg-type]
    g.add((ev, CG.sentence, Literal(f"Sentence number {i} says that something happened to someone.")))
    g.add((ev, CG.rule, Literal("bench")))


PHASES = ("script", "data", "datasets", "network", "drawn")
QUERY = "entity 1"  # matches many synthetic labels; Enter focuses the best hit


@dataclass
class Row:
    nodes: int
    edges: int
    python_s: float
    html_mb: float
    interactive_s: float  # best of the repeats
    median_s: float
    phases_ms: dict[str, float]  # median over the repeats of each in-page mark
    clean: bool


def measure(br: object, size: int, workdir: Path, repeat: int) -> Row:
    """Build and render once, then open the page ``repeat`` times (the machine may be shared)."""
    graph = synthetic_graph(size)
    t0 = time.perf_counter()
    network = to_network(graph)
    path = write_html(network, workdir / f"bench-{size}.html", title=f"bench {size}")  # as `casegraph viz`
    python_s = time.perf_counter() - t0
    times, marks, clean = [], [], True
    for _ in range(repeat):
        seconds, phases, ok = time_to_interactive(br, path, len(network.nodes))
        times.append(seconds)
        marks.append(phases)
        clean = clean and ok
    times.sort()
    mb = path.stat().st_size / 1e6
    phases_ms = {k: statistics.median(m[k] for m in marks) for k in PHASES}
    return Row(
        len(network.nodes),
        len(network.edges),
        python_s,
        mb,
        times[0],
        statistics.median(times),
        phases_ms,
        clean,
    )


def time_to_interactive(br: object, path: Path, nodes: int) -> tuple[float, dict[str, float], bool]:
    """Seconds from the navigation request until drawn once, physics off and a search has focused
    a node; the page's own marks; and whether the page stayed clean (every node drawn, no errors,
    no outside request)."""
    report = PageReport()
    page = new_page(br, report)  # opening a tab is the browser's cost, not the page's
    t1 = time.perf_counter()
    page.goto(path.resolve().as_uri(), timeout=120_000)
    page.wait_for_function("window.casegraph && window.casegraph.ready === true", timeout=120_000)
    page.wait_for_function("casegraph.network.physics.options.enabled === false")
    page.fill("#cg-search", QUERY)
    page.press("#cg-search", "Enter")
    page.wait_for_function(FOCUSED)
    seconds = time.perf_counter() - t1
    phases = page.evaluate("casegraph.timings")
    drawn = page.evaluate("casegraph.network.body.nodeIndices.length")
    page.close()
    problems = report.console_errors or report.page_errors or report.outside_requests or report.dialogs
    return seconds, phases, drawn == nodes and not problems


# A node is selected, its label matches the query, and the view is centred on it.
FOCUSED = f"""() => {{
  const i = casegraph.selected;
  if (i === null || i === undefined) return false;
  if (!casegraph.data.nodes[i].label.toLowerCase().includes({QUERY!r})) return false;
  const c = casegraph.network.getViewPosition(), p = casegraph.network.getPosition(i);
  return Math.abs(c.x - p.x) < 1 && Math.abs(c.y - p.y) < 1;
}}"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated node counts")
    ap.add_argument("--repeat", type=int, default=3, help="page loads per size (best and median shown)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, browser() as br:
        for size in sizes:
            rows.append(measure(br, size, Path(tmp), args.repeat))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    head = ("nodes", 7), ("edges", 7), ("python s", 9), ("html MB", 8), ("TTI best s", 11), ("median s", 9)
    print(f"load average (1, 5, 15 min) at the end: {load} on {os.cpu_count()} CPUs")
    print(" ".join(f"{name:>{width}}" for name, width in head) + f" {'goal':>6}  ok")
    for r in rows:
        goal = GOALS.get(r.nodes)
        verdict = "" if goal is None else ("met" if r.median_s <= goal else "MISSED")
        print(
            f"{r.nodes:>7} {r.edges:>7} {r.python_s:>9.2f} {r.html_mb:>8.1f} {r.interactive_s:>11.2f} "
            f"{r.median_s:>9.2f} "
            f"{(f'{goal:.0f} s' if goal else '-'):>6}  {'yes' if r.clean else 'NO'} {verdict}"
        )
    print("in-page marks, median ms since navigation start: " + " / ".join(PHASES))
    for r in rows:
        print(f"{r.nodes:>7} " + " / ".join(f"{r.phases_ms[k]:.0f}" for k in PHASES))
    return 0 if all(r.clean for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
