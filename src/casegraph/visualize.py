"""The graph as an interactive network: ``to_network`` (pure) and ``write_html`` (the file).

:func:`to_network` turns an rdflib graph into a :class:`Network` of entity and fact nodes with
positions computed here, in Python, so that the page draws at once with physics off (vis-network's
own physics does not settle within minutes beyond a few thousand nodes). Evidence nodes are not
drawn: their sentences go into the fact's tooltip and side panel. :func:`render_html` makes one
self-contained page: vis-network (read from the installed pyvis package, so nothing comes from a
CDN), our own script and style from ``casegraph/assets``, and the data as a JSON blob inside
``<script type="application/json">``. All article text is untrusted: it is escaped for the JSON
blob here and put into the DOM with ``textContent`` by the page script, never ``innerHTML``; a
Content-Security-Policy with script hashes and ``default-src 'none'`` backs that up.

The same graph gives byte-identical HTML: nodes, edges and JSON keys are sorted and the layout
uses fixed seeds.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from .errors import EXIT_USAGE, CasegraphError
from .export import atomic_write

__all__ = [
    "ArticleInfo",
    "ClassStyle",
    "Edge",
    "EvidenceItem",
    "LegendEntry",
    "Network",
    "Node",
    "VisualizeError",
    "render_html",
    "to_network",
    "write_html",
]

CG = rdflib.Namespace("https://w3id.org/casegraph/ns#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")

VIS_VERSION = "9.1.2"  # the vis-network copy that pyvis 0.3.2 ships in pyvis/lib/
LAYOUT_SEED = 20240501
FORCE_LAYOUT_LIMIT = 600  # components up to this size get a force layout; larger ones a radial one
EDGE_LENGTH = 110.0  # pixels between neighbours, roughly
TOOLTIP_SENTENCES = 3
TOOLTIP_SENTENCE_CHARS = 280


class VisualizeError(CasegraphError):
    """A focus node or class name that is not in the graph."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class ClassStyle:
    """How one casegraph class is drawn: its colour, shape and kind (entity, fact or article)."""

    name: str
    top: str
    colour: str
    shape: str
    kind: str


def _styles() -> tuple[ClassStyle, ...]:
    """Every drawable class, most specific first (the first match names a node's class)."""
    rows = [
        ("PoliceShooting", "Incident", "#b2182b", "diamond", "fact"),
        ("UseOfForce", "Incident", "#f4a582", "diamond", "fact"),
        ("Incident", "Incident", "#d6604d", "diamond", "fact"),
        ("Demand", "Demand", "#e377c2", "diamond", "fact"),
        ("Protest", "Protest", "#bcbd22", "diamond", "fact"),
        ("Quote", "Quote", "#8c564b", "diamond", "fact"),
        ("Membership", "Membership", "#9e9ac8", "diamond", "fact"),
        ("OfficialAction", "OfficialAction", "#17a589", "diamond", "fact"),
        ("PoliceAgency", "Organization", "#08306b", "dot", "entity"),
        ("OversightAgency", "Organization", "#17becf", "dot", "entity"),
        ("Prosecutor", "Organization", "#4a6fe3", "dot", "entity"),
        ("GovernmentBody", "Organization", "#6b8fb3", "dot", "entity"),
        ("PoliceUnion", "Organization", "#393b79", "dot", "entity"),
        ("AdvocacyGroup", "Organization", "#2ca02c", "dot", "entity"),
        ("Organization", "Organization", "#3182bd", "dot", "entity"),
        ("Family", "Group", "#c994c7", "dot", "entity"),
        ("Group", "Group", "#7b3294", "dot", "entity"),
        ("City", "Place", "#bd9e39", "dot", "entity"),
        ("Neighborhood", "Place", "#e7ba52", "dot", "entity"),
        ("Site", "Place", "#a55194", "dot", "entity"),
        ("Region", "Place", "#843c39", "dot", "entity"),
        ("Place", "Place", "#8c6d31", "dot", "entity"),
        ("Person", "Person", "#e6550d", "dot", "entity"),
        ("Article", "Article", "#969696", "square", "article"),
    ]
    return tuple(ClassStyle(*row) for row in rows)


STYLES: tuple[ClassStyle, ...] = _styles()
_STYLE_BY_IRI: dict[URIRef, ClassStyle] = {CG[s.name]: s for s in STYLES}
_RANK: dict[str, int] = {s.name: i for i, s in enumerate(STYLES)}
_SKIP_DETAIL = {RDF.type, RDFS.label, CG.evidence, CG.mentionedIn, PROV.wasDerivedFrom}


@dataclass(frozen=True)
class EvidenceItem:
    """One sentence that supports a fact, with the article it comes from."""

    sentence: str
    article: str
    rule: str
    confidence: str
    start: int


@dataclass(frozen=True)
class ArticleInfo:
    """An article that a node's evidence or mentions point at."""

    iri: str
    label: str
    source_file: str
    published: str


@dataclass(frozen=True)
class Node:
    """One drawn node: an entity, a fact or (when asked for) an article."""

    iri: str
    label: str
    cls: str
    style: ClassStyle
    degree: int
    x: float
    y: float
    details: tuple[tuple[str, str], ...]
    evidence: tuple[EvidenceItem, ...]
    articles: tuple[str, ...]

    @property
    def size(self) -> float:
        """Drawn radius: grows with the square root of the degree, capped."""
        return round(min(8.0 + 4.0 * math.sqrt(self.degree), 44.0), 1)

    @property
    def tooltip(self) -> str:
        """Plain text shown on hover: label, class and the first evidence sentences."""
        lines = [self.label, self.cls]
        for ev in self.evidence[:TOOLTIP_SENTENCES]:
            lines.append("\u201c" + _clip(ev.sentence, TOOLTIP_SENTENCE_CHARS) + "\u201d")
        if len(self.evidence) > TOOLTIP_SENTENCES:
            lines.append(f"(+{len(self.evidence) - TOOLTIP_SENTENCES} more sentences: click the node)")
        return "\n".join(lines)


@dataclass(frozen=True)
class Edge:
    """A property between two drawn nodes; ``label`` is the property's local name."""

    source: str
    target: str
    label: str


@dataclass(frozen=True)
class LegendEntry:
    """One class in the legend, with how many nodes of it were drawn."""

    cls: str
    colour: str
    shape: str
    count: int


@dataclass(frozen=True)
class Network:
    """Nodes (sorted by IRI), edges (sorted), legend and the articles they cite."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendEntry, ...]
    articles: tuple[ArticleInfo, ...]


# ---------------------------------------------------------------------------------------------
# Graph -> Network
# ---------------------------------------------------------------------------------------------


def to_network(
    graph: rdflib.Graph,
    *,
    focus: str | None = None,
    hops: int = 1,
    classes: Sequence[str] | None = None,
) -> Network:
    """Entities and facts of ``graph`` as a laid-out network (nothing is written).

    ``focus`` (an IRI or a label, case-insensitive) keeps only the nodes within ``hops`` steps of
    it; the steps go through all entities and facts, before ``classes`` filters. ``classes`` are
    class names such as ``Person`` or ``Incident`` (subclasses included) or full IRIs; articles are
    drawn only when ``Article`` is among them. Raises :class:`VisualizeError` on an unknown name.
    """
    styles = _classify(graph)
    pool = {n for n, s in styles.items() if s.kind != "article" or _wants_articles(classes)}
    adjacency = _adjacency(graph, pool)
    keep = pool
    if focus is not None:
        seeds = _resolve_focus(graph, pool, focus)
        keep = _within_hops(adjacency, seeds, hops)
    else:
        seeds = set()
    if classes is not None:
        wanted = _resolve_classes(classes)
        keep = {n for n in keep if n in seeds or _matches(graph, n, styles[n], wanted)}
    return _assemble(graph, sorted(keep), styles)


def _classify(graph: rdflib.Graph) -> dict[URIRef, ClassStyle]:
    """Each IRI typed with a drawable class, mapped to its most specific style."""
    found: dict[URIRef, ClassStyle] = {}
    for cls_iri, style in _STYLE_BY_IRI.items():
        for node in graph.subjects(RDF.type, cls_iri):
            if isinstance(node, URIRef):
                old = found.get(node)
                if old is None or _RANK[style.name] < _RANK[old.name]:
                    found[node] = style
    return found


def _wants_articles(classes: Sequence[str] | None) -> bool:
    return classes is not None and any(_local(c) == "Article" for c in classes)


def _adjacency(graph: rdflib.Graph, pool: set[URIRef]) -> dict[URIRef, set[URIRef]]:
    """Undirected neighbours among ``pool`` (every non-type property between two pool nodes)."""
    adj: dict[URIRef, set[URIRef]] = {n: set() for n in pool}
    for s in pool:
        for p, o in graph.predicate_objects(s):
            if p != RDF.type and isinstance(o, URIRef) and o in adj and o != s:
                adj[s].add(o)
                adj[o].add(s)
    return adj


def _resolve_focus(graph: rdflib.Graph, pool: set[URIRef], focus: str) -> set[URIRef]:
    """Nodes named by ``focus``: the IRI itself, else exact labels, else label substrings."""
    if URIRef(focus) in pool:
        return {URIRef(focus)}
    want = focus.strip().casefold()
    labels = {n: _label(graph, n).casefold() for n in pool}
    exact = {n for n, lab in labels.items() if lab == want}
    if exact:
        return exact
    partial = {n for n, lab in labels.items() if want and want in lab}
    if partial:
        return partial
    raise VisualizeError(
        f"--focus {focus!r}: no entity or fact with that IRI or label; "
        "try part of a name (e.g. a surname) or `casegraph explain GRAPH NAME`"
    )


def _within_hops(adj: dict[URIRef, set[URIRef]], seeds: set[URIRef], hops: int) -> set[URIRef]:
    """Breadth-first neighbourhood of ``seeds`` up to ``hops`` steps."""
    seen = set(seeds)
    frontier = set(seeds)
    for _ in range(max(hops, 0)):
        frontier = {m for n in frontier for m in adj[n]} - seen
        seen |= frontier
    return seen


def _resolve_classes(classes: Sequence[str]) -> set[str]:
    """Class local names from names or IRIs; unknown names raise with the list of known ones."""
    wanted = {_local(c.strip()) for c in classes if c.strip()}
    unknown = sorted(wanted - set(_RANK))
    if unknown:
        known = ", ".join(sorted(_RANK))
        raise VisualizeError(f"--classes: unknown class {', '.join(unknown)}; known classes: {known}")
    return wanted


def _matches(graph: rdflib.Graph, node: URIRef, style: ClassStyle, wanted: set[str]) -> bool:
    """A node matches when its drawn class, its top class or any of its cg: types is wanted."""
    if style.name in wanted or style.top in wanted:
        return True
    return any(_local(t) in wanted for t in graph.objects(node, RDF.type) if str(t).startswith(str(CG)))


def _assemble(graph: rdflib.Graph, keep: list[URIRef], styles: dict[URIRef, ClassStyle]) -> Network:
    """Edges, degrees, layout, details and evidence for the kept nodes."""
    keep_set = set(keep)
    edges = _edges(graph, keep, keep_set)
    index = {n: i for i, n in enumerate(keep)}
    pairs = [(index[URIRef(e.source)], index[URIRef(e.target)]) for e in edges]
    degree = [0] * len(keep)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    positions = layout(len(keep), pairs)
    articles: set[URIRef] = set()
    nodes = []
    for i, n in enumerate(keep):
        node = _node(graph, n, styles[n], keep_set, degree[i], positions[i])
        nodes.append(node)
        articles.update(URIRef(a) for a in node.articles)
        articles.update(URIRef(ev.article) for ev in node.evidence)
    return Network(
        nodes=tuple(nodes),
        edges=tuple(edges),
        legend=_legend(nodes),
        articles=tuple(_article_info(graph, a) for a in sorted(articles)),
    )


def _edges(graph: rdflib.Graph, keep: list[URIRef], keep_set: set[URIRef]) -> list[Edge]:
    """Every non-type property from a kept node to another kept node, sorted."""
    out = {
        Edge(str(s), str(o), _local(p))
        for s in keep
        for p, o in graph.predicate_objects(s)
        if p != RDF.type and o in keep_set and o != s
    }
    return sorted(out, key=lambda e: (e.source, e.target, e.label))


def _node(
    graph: rdflib.Graph,
    iri: URIRef,
    style: ClassStyle,
    keep: set[URIRef],
    degree: int,
    xy: tuple[float, float],
) -> Node:
    """One node with its details (literal and off-network properties), evidence and articles."""
    cited = set(graph.objects(iri, CG.mentionedIn)) | set(graph.objects(iri, PROV.wasDerivedFrom))
    return Node(
        iri=str(iri),
        label=_label(graph, iri),
        cls=style.name,
        style=style,
        degree=degree,
        x=xy[0],
        y=xy[1],
        details=_details(graph, iri, keep),
        evidence=_evidence(graph, iri),
        articles=tuple(sorted(str(a) for a in cited if isinstance(a, URIRef))),
    )


def _details(graph: rdflib.Graph, iri: URIRef, keep: set[URIRef]) -> tuple[tuple[str, str], ...]:
    """(property, value) for literals and for IRIs that are not drawn (concepts, filtered nodes)."""
    rows = set()
    for p, o in graph.predicate_objects(iri):
        if p in _SKIP_DETAIL or o in keep:
            continue
        if isinstance(o, Literal):
            rows.add((_local(p), str(o)))
        elif isinstance(o, URIRef):
            rows.add((_local(p), _label(graph, o)))
    return tuple(sorted(rows))


def _evidence(graph: rdflib.Graph, iri: URIRef) -> tuple[EvidenceItem, ...]:
    """The fact's evidence sentences, in article order then text order."""
    items = []
    for ev in graph.objects(iri, CG.evidence):
        sentence = graph.value(ev, CG.sentence)
        if sentence is None:
            continue
        items.append(
            EvidenceItem(
                sentence=str(sentence),
                article=str(graph.value(ev, CG.article) or ""),
                rule=str(graph.value(ev, CG.rule) or ""),
                confidence=str(graph.value(ev, CG.confidence) or ""),
                start=_int(graph.value(ev, CG.charStart)),
            )
        )
    return tuple(sorted(items, key=lambda e: (e.article, e.start, e.sentence, e.rule)))


def _article_info(graph: rdflib.Graph, iri: URIRef) -> ArticleInfo:
    return ArticleInfo(
        iri=str(iri),
        label=_label(graph, iri),
        source_file=str(graph.value(iri, CG.sourceFile) or ""),
        published=str(graph.value(iri, CG.published) or ""),
    )


def _legend(nodes: Iterable[Node]) -> tuple[LegendEntry, ...]:
    """Drawn classes in style order, with counts."""
    counts: dict[str, int] = {}
    for n in nodes:
        counts[n.cls] = counts.get(n.cls, 0) + 1
    return tuple(LegendEntry(s.name, s.colour, s.shape, counts[s.name]) for s in STYLES if s.name in counts)


def _label(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """rdfs:label, else skos:prefLabel (English first), else the IRI's local name."""
    for prop in (RDFS.label, SKOS.prefLabel):
        values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "en", v))
        if values:
            return str(values[0])
    return _local(str(node))


def _local(iri: object) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _int(value: rdflib.term.Node | None) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# ---------------------------------------------------------------------------------------------
# Layout: deterministic, in Python, so the page renders with physics off
# ---------------------------------------------------------------------------------------------


def layout(count: int, pairs: Sequence[tuple[int, int]]) -> list[tuple[float, float]]:
    """Positions for ``count`` nodes joined by ``pairs``: each connected component laid out alone
    (force-directed when small, radial tree when large), then components packed in rows."""
    adj: list[list[int]] = [[] for _ in range(count)]
    for a, b in sorted(set(pairs)):
        adj[a].append(b)
        adj[b].append(a)
    comps = sorted(_components(adj), key=lambda c: (-len(c), c[0]))
    boxes = [_layout_component(c, adj) for c in comps]
    return _pack(count, comps, boxes)


def _components(adj: list[list[int]]) -> list[list[int]]:
    seen = [False] * len(adj)
    comps = []
    for start in range(len(adj)):
        if seen[start]:
            continue
        seen[start] = True
        comp, queue = [], deque([start])
        while queue:
            n = queue.popleft()
            comp.append(n)
            for m in adj[n]:
                if not seen[m]:
                    seen[m] = True
                    queue.append(m)
        comps.append(sorted(comp))
    return comps


def _layout_component(comp: list[int], adj: list[list[int]]) -> np.ndarray:
    """Positions (in pixels, min corner at 0,0) for one component, in ``comp`` order."""
    if len(comp) == 1:
        return np.zeros((1, 2))
    local = {n: i for i, n in enumerate(comp)}
    edges = [(local[a], local[b]) for a in comp for b in adj[a] if a < b]
    if len(comp) <= FORCE_LAYOUT_LIMIT:
        # the dense force layout costs n^2 per step: fewer steps for bigger components keeps the
        # whole layout within a second or two for a few thousand nodes
        pos = _force_layout(len(comp), edges, iterations=120 if len(comp) <= 150 else 50)
    else:
        pos = _radial_layout(len(comp), edges)
    pos = pos - pos.min(axis=0)
    return np.asarray(pos)


def _force_layout(n: int, edges: list[tuple[int, int]], iterations: int = 120) -> np.ndarray:
    """Fruchterman-Reingold with numpy (dense: fine up to a few hundred nodes), fixed seed."""
    rng = np.random.default_rng(LAYOUT_SEED)
    pos = rng.random((n, 2))
    adj = np.zeros((n, n))
    for a, b in edges:
        adj[a, b] = adj[b, a] = 1.0
    k = math.sqrt(1.0 / n)
    temp = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt((delta**2).sum(axis=-1)), 0.01)
        force = k * k / dist**2 - adj * dist / k
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.sqrt((disp**2).sum(axis=-1)), 0.01)
        pos += disp * (temp / length)[:, None]
        temp -= 0.1 / (iterations + 1)
    return _declutter(_scale(pos, n))


def _declutter(pos: np.ndarray, iterations: int = 30) -> np.ndarray:
    """Push apart nodes whose labels would overlap: a force layout packs a hub's neighbours into a
    tight ring. Distances count x at about a third, since a label is far wider than it is tall."""
    stretch = np.array([0.35, 1.0])
    need = EDGE_LENGTH * 0.55
    for _ in range(iterations):
        delta = (pos[:, None, :] - pos[None, :, :]) * stretch
        dist = np.sqrt((delta**2).sum(axis=-1))
        np.fill_diagonal(dist, 2 * need)  # a node never pushes itself
        short = dist < need
        if not short.any():
            break
        push = np.where(short, (need - dist) / np.maximum(dist, 1e-6) / 2, 0.0)
        pos = pos + np.einsum("ijk,ij->ik", delta, push) / stretch
    return pos


def _radial_layout(n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    """A breadth-first tree from the best-connected node, each subtree in a wedge sized by its
    leaf count, rings spaced so that nodes on a ring stay apart. Linear time."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    root = max(range(n), key=lambda i: (len(adj[i]), -i))
    parent, order, depth = _bfs_tree(adj, root)
    children: list[list[int]] = [[] for _ in range(n)]
    for node in order[1:]:
        children[parent[node]].append(node)
    weight = [1.0] * n
    for node in reversed(order):
        if children[node]:
            weight[node] = sum(weight[c] for c in children[node])
    angle = np.zeros(n)
    _assign_wedges(order, children, weight, angle)
    radius = _ring_radii(depth)
    r = np.array([radius[d] for d in depth])
    return np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)


def _bfs_tree(adj: list[list[int]], root: int) -> tuple[list[int], list[int], list[int]]:
    parent = [-1] * len(adj)
    depth = [0] * len(adj)
    order = [root]
    parent[root] = root
    queue = deque([root])
    while queue:
        n = queue.popleft()
        for m in sorted(adj[n]):
            if parent[m] == -1:
                parent[m], depth[m] = n, depth[n] + 1
                order.append(m)
                queue.append(m)
    return parent, order, depth


def _assign_wedges(
    order: list[int], children: list[list[int]], weight: list[float], angle: np.ndarray
) -> None:
    """Each node's angle is the middle of its wedge; children split the wedge by weight."""
    wedge = {order[0]: (0.0, 2 * math.pi)}
    for node in order:
        lo, hi = wedge[node]
        angle[node] = (lo + hi) / 2
        total = sum(weight[c] for c in children[node]) or 1.0
        start = lo
        for c in children[node]:
            span = (hi - lo) * weight[c] / total
            wedge[c] = (start, start + span)
            start += span


def _ring_radii(depth: list[int]) -> list[float]:
    """Radius of each ring: at least one edge length further out, and long enough to hold its nodes."""
    per_ring = [0] * (max(depth) + 1)
    for d in depth:
        per_ring[d] += 1
    radii = [0.0]
    for count in per_ring[1:]:
        radii.append(max(radii[-1] + EDGE_LENGTH, count * EDGE_LENGTH * 0.35 / (2 * math.pi)))
    return radii


def _scale(pos: np.ndarray, n: int) -> np.ndarray:
    """Scale a unit-square layout so that the component spans about ``sqrt(n)`` edge lengths."""
    pos = pos - pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    return pos / extent * EDGE_LENGTH * math.sqrt(n) * 1.2


def _pack(count: int, comps: list[list[int]], boxes: list[np.ndarray]) -> list[tuple[float, float]]:
    """Shelf packing: components left to right in rows about as wide as the whole is tall."""
    gap_x, gap_y = 2.2 * EDGE_LENGTH, EDGE_LENGTH  # labels are wider than they are tall
    area = sum((float(b[:, 0].max()) + gap_x) * (float(b[:, 1].max()) + gap_y) for b in boxes)
    row_width = max(math.sqrt(area), max(float(b[:, 0].max()) for b in boxes) if boxes else 0.0)
    out = [(0.0, 0.0)] * count
    x = y = row_height = 0.0
    for comp, box in zip(comps, boxes, strict=True):
        width, height = float(box[:, 0].max()), float(box[:, 1].max())
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap_y, 0.0
        for node, (px, py) in zip(comp, box.tolist(), strict=True):
            out[node] = (round(x + px, 1), round(y + py, 1))
        x += width + gap_x
        row_height = max(row_height, height)
    return out


# ---------------------------------------------------------------------------------------------
# Network -> HTML
# ---------------------------------------------------------------------------------------------


def render_html(network: Network, title: str = "casegraph") -> str:
    """One self-contained HTML page (no network access) drawing ``network``."""
    data = _script_json(_payload(network, title))
    vis_js, vis_css = _vis_assets()
    app_js, app_css = _app_assets()
    scripts = (vis_js, app_js)
    styles = (vis_css, app_css)
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in scripts),
            "style-src " + " ".join(_csp_hash(s) for s in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(title)}</title>\n",
        f"<style>{vis_css}</style>\n<style>{app_css}</style>\n</head>\n<body>\n",
        _BODY,
        f'<script type="application/json" id="cg-data">{data}</script>\n',
        f"<script>{vis_js}</script>\n<script>{app_js}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def write_html(network: Network, path: str | os.PathLike[str], *, title: str = "casegraph") -> Path:
    """Render ``network`` and write it to ``path`` atomically; returns the path."""
    return atomic_write(path, render_html(network, title))


_BODY = """<header id="cg-top">
  <h1 id="cg-title"></h1>
  <div id="cg-searchbox">
    <input id="cg-search" type="search" placeholder="Find a person, place, organization, fact\u2026"
      autocomplete="off" spellcheck="false" aria-label="Find a node by name">
    <ol id="cg-results" aria-label="Search results"></ol>
  </div>
  <span id="cg-counts"></span>
</header>
<nav id="cg-legend" aria-label="Classes"><h2>Classes</h2><ul id="cg-classes"></ul>
  <p class="cg-hint">Click a node for its facts and sentences. Drag to pan, scroll to zoom.</p></nav>
<main id="cg-network" aria-label="Network"></main>
<aside id="cg-panel" aria-live="polite"><p class="cg-hint">Nothing selected.</p></aside>
"""


def _payload(network: Network, title: str) -> dict[str, object]:
    """The JSON the page script reads: compact rows, integer node ids (indices); colours and
    shapes only once per class, in the legend (the page styles nodes by group)."""
    article_index = {a.iri: i for i, a in enumerate(network.articles)}
    node_index = {n.iri: i for i, n in enumerate(network.nodes)}
    nodes = [
        {
            "iri": n.iri,
            "label": n.label,
            "cls": n.cls,
            "kind": n.style.kind,
            "size": n.size,
            "x": n.x,
            "y": n.y,
            "tip": n.tooltip,
            "details": [list(d) for d in n.details],
            "ev": [[e.sentence, article_index.get(e.article, -1), e.rule, e.confidence] for e in n.evidence],
            "art": [article_index[a] for a in n.articles if a in article_index],
        }
        for n in network.nodes
    ]
    return {
        "title": title,
        "nodes": nodes,
        "edges": [[node_index[e.source], node_index[e.target], e.label] for e in network.edges],
        "legend": [
            {"cls": c.cls, "colour": c.colour, "shape": c.shape, "count": c.count} for c in network.legend
        ],
        "articles": [
            {"label": a.label, "file": a.source_file, "date": a.published} for a in network.articles
        ],
    }


_SCRIPT_ESCAPES: dict[str, str | int | None] = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_TABLE = str.maketrans(_SCRIPT_ESCAPES)


def _script_json(value: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``,
    and no U+2028/U+2029 (line terminators in older JavaScript), so that no text can close the
    element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_TABLE)


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, from the installed pyvis package (no CDN)."""
    base = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = _drop_image_rules((base / "vis-network.css").read_text(encoding="utf-8"))
    return _inline_safe(js, "script"), _inline_safe(css, "style")


def _drop_image_rules(css: str) -> str:
    """vis-network's stylesheet without the rules that embed images: 215 of its 220 KB are icons for
    the navigation and editing buttons, which the page never enables, and the browser parses every
    byte before it draws."""
    rules = re.findall(r"[^{}]+\{[^{}]*\}", css)
    return "".join(rule for rule in rules if "url(" not in rule)


@lru_cache(maxsize=1)
def _app_assets() -> tuple[str, str]:
    """The page's own script and stylesheet (``casegraph/assets``)."""
    base = resources.files("casegraph") / "assets"
    js = (base / "casegraph.js").read_text(encoding="utf-8")
    css = (base / "casegraph.css").read_text(encoding="utf-8")
    return _inline_safe(js, "script"), _inline_safe(css, "style")


def _inline_safe(text: str, element: str) -> str:
    """Refuse a vendored file that would end its own inline element early."""
    if f"</{element}" in text.lower() or "<!--" in text:
        raise CasegraphError(f"a vendored {element} contains '</{element}' or '<!--'; it cannot be inlined")
    return text
