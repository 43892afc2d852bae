"""Serializations of the graph, and atomic file writes.

Every file casegraph writes goes through :func:`atomic_write`: the bytes are written to a
temporary file in the same folder, flushed to disk, then renamed over the target, so an
interrupted build never leaves a truncated file and never destroys the previous one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib.plugins.stores.memory import Memory

from .errors import CasegraphError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the block ends without error (same-folder temp
    file + fsync + rename); on error or interruption the temp file is removed, ``path`` untouched."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


# --- RDF serializations -------------------------------------------------------------------------

CG = "https://w3id.org/casegraph/ns#"
ID = "https://w3id.org/casegraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

#: Prefixes of every Turtle/TriG/JSON-LD file casegraph writes, in the order they are written.
PREFIXES: dict[str, str] = {
    "cg": CG,
    "id": ID,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

#: ``--format`` names and the file extension each one writes.
EXPORT_FORMATS: dict[str, str] = {
    "ttl": ".ttl",
    "nt": ".nt",
    "nq": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
    "csv": "",
}

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
#: What the RDF writers accept: an rdflib graph, a pyoxigraph store (all its graphs merged), or
#: pyoxigraph triples or quads (graph names ignored).
GraphLike = rdflib.Graph | ox.Store | Iterable[ox.Triple] | Iterable[ox.Quad]


def _convert(term: rdflib.term.Node) -> OxTerm:
    kind = type(term)  # exact types first: no isinstance chain for the common case
    if kind is rdflib.URIRef:
        return ox.NamedNode(term)  # type: ignore[arg-type]
    if kind is rdflib.Literal:
        lit: rdflib.Literal = term  # type: ignore[assignment]
        if lit.language:
            return ox.Literal(lit, language=lit.language)
        if lit.datatype is not None:
            return ox.Literal(lit, datatype=ox.NamedNode(lit.datatype))
        return ox.Literal(lit)
    if kind is rdflib.BNode:
        return ox.BlankNode(term)  # type: ignore[arg-type]
    if isinstance(term, rdflib.URIRef):  # subclasses
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot serialize RDF term {term!r}")


class _TermConverter:
    """rdflib terms -> pyoxigraph terms, memoized (a graph repeats its IRIs many times)."""

    def __init__(self) -> None:
        self._cache: dict[rdflib.term.Node, OxTerm] = {}

    def __call__(self, term: rdflib.term.Node) -> OxTerm:
        hit = self._cache.get(term)
        if hit is None:
            hit = self._cache[term] = _convert(term)
        return hit


def _spo(
    graph: rdflib.Graph,
) -> Iterator[tuple[rdflib.term.Node, Mapping[rdflib.term.Node, Iterable[rdflib.term.Node]]]]:
    """(subject, {predicate: objects}) groups of the graph.

    For a graph that is the only one in rdflib's default ``Memory`` store this reads the store's
    subject index directly: each subject and predicate is then seen once per group, and rdflib's
    per-triple context bookkeeping (half the cost of iterating a graph) is skipped.
    """
    store = graph.store
    index = getattr(store, "_Memory__spo", None) if type(store) is Memory else None
    if isinstance(index, dict) and len(store) == len(graph):
        yield from index.items()
        return
    groups: dict[rdflib.term.Node, dict[rdflib.term.Node, list[rdflib.term.Node]]] = {}
    for s, p, o in graph:
        groups.setdefault(s, {}).setdefault(p, []).append(o)
    yield from groups.items()


def to_ox_triples(graph: GraphLike) -> list[ox.Triple]:
    """The triples of an rdflib graph, a store or an iterable of pyoxigraph triples/quads."""
    if isinstance(graph, ox.Store):
        return [q.triple for q in graph.quads_for_pattern(None, None, None, None)]
    if not isinstance(graph, rdflib.Graph):
        return [t.triple if isinstance(t, ox.Quad) else t for t in graph]
    conv = _TermConverter()
    out: list[ox.Triple] = []
    append, triple = out.append, ox.Triple
    for s, po in _spo(graph):
        cs = conv(s)
        for p, objects in po.items():
            cp = conv(p)
            for o in objects:
                append(triple(cs, cp, conv(o)))  # type: ignore[arg-type]
    return out


def _rdflib_nt_lines(graph: rdflib.Graph) -> list[str]:
    """The graph's N-Triples lines (unsorted, no newline), each term written once by pyoxigraph."""
    subjects: dict[rdflib.term.Node, str] = {}
    objects: dict[rdflib.term.Node, str] = {}
    get_s, get_o = subjects.get, objects.get
    lines: list[str] = []
    append = lines.append
    for s, po in _spo(graph):
        ns = get_s(s)
        if ns is None:
            ns = subjects[s] = str(_convert(s))
        for p, objs in po.items():
            np = get_s(p)
            if np is None:
                np = subjects[p] = str(_convert(p))
            head = f"{ns} {np} "
            for o in objs:
                no = get_o(o)
                if no is None:
                    no = objects[o] = f"{_convert(o)} ."
                append(head + no)
    return lines


def _sorted_rdflib_lines(graph: rdflib.Graph) -> list[str]:
    """The graph's distinct N-Triples lines, sorted. A set: rdflib tells "a" from
    "a"^^xsd:string, RDF 1.1 (and N-Triples) does not."""
    return sorted(set(_rdflib_nt_lines(graph)))


def ntriples_unsorted(graph: rdflib.Graph) -> bytes:
    """The graph as N-Triples in no particular order: the fastest way to hand it to pyoxigraph."""
    lines = _rdflib_nt_lines(graph)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _store_ntriples(store: ox.Store) -> bytes:
    """All triples of a store (named graphs merged into one) as N-Triples, unsorted."""
    if next(iter(store.named_graphs()), None) is None:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    else:
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, None))
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data or b""


def sorted_ntriples(graph: GraphLike) -> bytes:
    """Canonical N-Triples, one triple a line, lines sorted by code point: byte-identical per graph.

    Sorting the lines orders triples by subject, then predicate (``rdf:type`` sorts first among
    the usual vocabularies), then object, which is what lets the Turtle writer group them.
    """
    if isinstance(graph, rdflib.Graph):
        text = "\n".join(_sorted_rdflib_lines(graph))
        return (text + "\n").encode("utf-8") if text else b""
    if isinstance(graph, ox.Store) and next(iter(graph.named_graphs()), None) is None:
        lines = _store_ntriples(graph).splitlines()  # one graph: a set of triples, no duplicates
    else:
        data = (
            _store_ntriples(graph)
            if isinstance(graph, ox.Store)
            else (ox.serialize(to_ox_triples(graph), format=ox.RdfFormat.N_TRIPLES) or b"")
        )
        lines = list(set(data.splitlines()))
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def _sorted_triples(triples: Iterable[ox.Triple | ox.Quad]) -> list[ox.Triple]:
    """Distinct triples in N-Triples line order (``str`` of a triple is its line without `` .``).

    A line is the triple's text plus `` .``, and no triple's text is a proper prefix of another's
    followed by a character below the space, so both sort the same way.
    """
    unique = dict.fromkeys(t.triple if isinstance(t, ox.Quad) else t for t in triples)
    return sorted(unique, key=str)


def _prefix_header() -> str:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())


def _strip_prefixes(text: str) -> str:
    """Drop the ``@prefix`` lines oxigraph writes: we write our own, in a fixed order."""
    start = 0
    while text.startswith("@prefix ", start):  # skip line by line without splitting the whole text
        end = text.find("\n", start)
        if end == -1:
            return ""
        start = end + 1
    return text[start:]


def to_turtle(graph: GraphLike) -> str:
    """The graph as Turtle, byte-deterministic: fixed prefixes, triples sorted and grouped by subject.

    pyoxigraph writes triples in the order it gets them and groups consecutive triples that share
    a subject (``;``) or subject and predicate (``,``), so sorted input gives compact, stable output.
    Fastest from an ``ox.Store`` (how casegraph holds big graphs) or a list of pyoxigraph triples.
    """
    triples: Iterable[ox.Triple | ox.Quad]
    if isinstance(graph, rdflib.Graph | ox.Store):
        triples = ox.parse(sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    else:
        triples = _sorted_triples(graph)
    out = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert out is not None
    return _prefix_header() + "\n" + _strip_prefixes(out.decode("utf-8"))


def write_turtle(graph: GraphLike, path: str | os.PathLike[str]) -> Path:
    """Write exactly ``to_turtle(graph)`` to ``path``, atomically. From an rdflib graph the sorted
    lines go through temporary files beside ``path`` instead of whole-text copies in memory: at
    2 million triples that is the difference between about 0.5 and 2.6 GB on top of the graph."""
    if not isinstance(graph, rdflib.Graph):
        return atomic_write(path, to_turtle(graph))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temps = [
        tempfile.mkstemp(prefix=f".{target.name}.{part}.", suffix=".tmp", dir=target.parent)
        for part in ("nt", "raw")
    ]
    nt, raw = (Path(name) for _fd, name in temps)
    try:
        lines = _sorted_rdflib_lines(graph)
        with os.fdopen(temps[0][0], "w", encoding="utf-8") as fh:
            for i in range(0, len(lines), 10_000):
                fh.write("".join(line + "\n" for line in lines[i : i + 10_000]))
        del lines
        os.close(temps[1][0])
        triples = ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, output=str(raw), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        with atomic_file(target) as out, raw.open("rb") as src:
            out.write((_prefix_header() + "\n").encode("utf-8"))
            line = src.readline()
            while line.startswith(b"@prefix "):  # oxigraph's own prefix lines: ours are written above
                line = src.readline()
            out.write(line)
            shutil.copyfileobj(src, out, 1 << 20)
    finally:
        nt.unlink(missing_ok=True)
        raw.unlink(missing_ok=True)
    return target


def to_ntriples(graph: GraphLike) -> str:
    """Sorted canonical N-Triples."""
    return sorted_ntriples(graph).decode("utf-8")


def article_quads(graph: rdflib.Graph) -> list[ox.Quad]:
    """Quads: each fact, its evidence nodes and their triples in a graph named by the fact's article.

    Entities, articles, concepts and anything else stay in the default graph, so the union of
    all graphs is exactly the input graph.
    """
    derived = rdflib.URIRef(PROV_DERIVED)
    evidence = rdflib.URIRef(CG + "evidence")
    home: dict[rdflib.term.Node, rdflib.term.Node] = {}
    for fact in sorted(set(graph.subjects(derived, None)), key=str):
        articles = sorted(a for a in graph.objects(fact, derived) if isinstance(a, rdflib.URIRef))
        if articles:
            home[fact] = articles[0]
            for ev in graph.objects(fact, evidence):
                home.setdefault(ev, articles[0])
    conv = _TermConverter()
    default = ox.DefaultGraph()
    quads = []
    for s, p, o in graph:
        g = home.get(s)
        quads.append(ox.Quad(conv(s), conv(p), conv(o), conv(g) if g is not None else default))  # type: ignore[arg-type]
    return sorted(quads, key=str)


def to_trig(graph: rdflib.Graph) -> str:
    """TriG: per-article named graphs (see :func:`article_quads`), fixed prefixes, sorted."""
    out = ox.serialize(article_quads(graph), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    assert out is not None
    return _prefix_header() + "\n" + _strip_prefixes(out.decode("utf-8"))


def to_nquads(graph: rdflib.Graph) -> str:
    """N-Quads: per-article named graphs (see :func:`article_quads`), lines sorted."""
    out = ox.serialize(article_quads(graph), format=ox.RdfFormat.N_QUADS)
    assert out is not None
    lines = sorted(out.decode("utf-8").splitlines())
    return "\n".join(lines) + "\n" if lines else ""


def to_jsonld(graph: rdflib.Graph) -> str:
    """JSON-LD with an ``@context`` of the casegraph prefixes (rdflib's writer: it compacts IRIs)."""
    g = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    g += graph
    return g.serialize(format="json-ld", context=dict(PREFIXES), sort_keys=True, indent=1)


def _qname(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    if iri == RDF_TYPE:
        return "rdf:type"
    return iri


def to_networkx(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """A property graph: IRI/blank nodes are nodes, IRI-valued triples are edges.

    Node attributes (strings only, as Gephi wants): ``iri``, ``label``, ``type`` (space-separated
    prefixed names) and one attribute per other literal-valued property (values joined by `` | ``).
    Edge attributes: ``predicate`` (prefixed name) and ``label`` (the same, for Gephi's edge labels).
    """
    attrs: dict[str, dict[str, list[str]]] = {}
    edges: list[tuple[str, str, str]] = []
    for s, p, o in sorted(graph):
        sid, pname = str(s), _qname(str(p))
        node = attrs.setdefault(sid, {})
        if isinstance(o, rdflib.Literal):
            key = "label" if str(p) == RDFS_LABEL else pname
            node.setdefault(key, []).append(str(o))
        elif str(p) == RDF_TYPE:
            node.setdefault("type", []).append(_qname(str(o)))
        else:
            attrs.setdefault(str(o), {})
            edges.append((sid, str(o), pname))
    net = nx.MultiDiGraph()
    for nid in sorted(attrs):
        values = {k: (" " if k == "type" else " | ").join(v) for k, v in sorted(attrs[nid].items())}
        values.setdefault("label", _qname(nid))
        net.add_node(nid, iri=nid, **values)
    for sid, oid, pname in edges:
        net.add_edge(sid, oid, predicate=pname, label=pname)
    return net


def to_graphml(graph: rdflib.Graph) -> str:
    """GraphML of :func:`to_networkx` (opens in Gephi and yEd)."""
    return "\n".join(nx.generate_graphml(to_networkx(graph))) + "\n"


def to_csv_tables(graph: rdflib.Graph) -> dict[str, str]:
    """``nodes.csv`` (id, label, type) and ``edges.csv`` (source, predicate, target) as text."""
    net = to_networkx(graph)
    nodes, edges = io.StringIO(), io.StringIO()
    nw = csv.writer(nodes, lineterminator="\n")
    nw.writerow(["id", "label", "type"])
    for nid, data in net.nodes(data=True):
        nw.writerow([nid, data.get("label", ""), data.get("type", "")])
    ew = csv.writer(edges, lineterminator="\n")
    ew.writerow(["source", "predicate", "target"])
    for s, o, data in net.edges(data=True):
        ew.writerow([s, data["predicate"], o])
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}


_SERIALIZERS: dict[str, Callable[[rdflib.Graph], str]] = {
    "ttl": to_turtle,
    "nt": to_ntriples,
    "nq": to_nquads,
    "trig": to_trig,
    "jsonld": to_jsonld,
    "graphml": to_graphml,
}


def serialize(graph: rdflib.Graph, fmt: str) -> str:
    """The graph in one of :data:`EXPORT_FORMATS` other than ``csv`` (which is two files)."""
    try:
        return _SERIALIZERS[fmt](graph)
    except KeyError:
        choices = ", ".join(sorted(_SERIALIZERS))
        raise CasegraphError(f"unknown format {fmt!r}: use one of {choices} (or csv, to a folder)") from None


def export(graph: rdflib.Graph, path: str | os.PathLike[str], fmt: str) -> list[Path]:
    """Write the graph to ``path`` in format ``fmt``; ``csv`` writes a folder of two files."""
    if fmt == "csv":
        folder = Path(path)
        if folder.is_file():
            raise CasegraphError(f"{folder}: csv export writes nodes.csv and edges.csv: give a folder")
        return [atomic_write(folder / name, text) for name, text in to_csv_tables(graph).items()]
    return [atomic_write(path, serialize(graph, fmt))]
