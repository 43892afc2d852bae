"""What stands behind an entity or a fact: its sentences, articles and the rules that found them."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import CasegraphError
from .extract.names import norm
from .ontology import CG

FACT_CLASSES = {CG.Incident, CG.Demand, CG.Protest, CG.Quote, CG.Membership, CG.OfficialAction}


def find_nodes(graph: Graph, name: str) -> list[URIRef]:
    """Nodes whose IRI is ``name``, else whose label (or alias) equals it (case and punctuation
    ignored), else whose label contains it."""
    if "://" in name and (URIRef(name), None, None) in graph:
        return [URIRef(name)]
    want = norm(name)
    exact, partial = [], []
    for node, label in graph.subject_objects(RDFS.label):
        if not isinstance(node, URIRef) or (node, RDF.type, CG.Evidence) in graph:
            continue
        have = norm(str(label))
        if have == want:
            exact.append(node)
        elif want and want in have:
            partial.append(node)
    return sorted(set(exact or partial))


def explain(graph: Graph, name: str, limit: int = 20) -> str:
    """A readable account of the evidence behind the entity or fact named ``name``."""
    nodes = find_nodes(graph, name)
    if not nodes:
        raise CasegraphError(f"nothing in the graph is named or labelled {name!r}")
    return "\n\n".join(_explain_node(graph, n) for n in nodes[:limit])


def _explain_node(graph: Graph, node: URIRef) -> str:
    label = graph.value(node, RDFS.label) or node
    classes = sorted(str(c).rsplit("#", 1)[-1] for c in graph.objects(node, RDF.type))
    lines = [f"{label}  [{', '.join(classes)}]", f"  {node}"]
    facts = [node] if set(graph.objects(node, RDF.type)) & FACT_CLASSES else _facts_about(graph, node)
    articles = sorted({str(graph.value(a, CG.sourceFile)) for a in graph.objects(node, CG.mentionedIn)})
    if articles:
        lines.append(f"  mentioned in: {', '.join(articles)}")
    for fact in facts:
        lines.append(f"  fact: {graph.value(fact, RDFS.label)}  ({_local(fact)})")
        for ev in sorted(graph.objects(fact, CG.evidence), key=str):
            lines.append("    " + _evidence_line(graph, ev))
    return "\n".join(lines)


def _facts_about(graph: Graph, node: URIRef) -> list[URIRef]:
    out = {s for s, _p in graph.subject_predicates(node) if set(graph.objects(s, RDF.type)) & FACT_CLASSES}
    return sorted(u for u in out if isinstance(u, URIRef))


def _evidence_line(graph: Graph, ev: Node) -> str:
    art = graph.value(ev, CG.article)
    src = graph.value(art, CG.sourceFile) if art is not None else None
    start = graph.value(ev, CG.charStart)
    end = graph.value(ev, CG.charEnd)
    rule = graph.value(ev, CG.rule)
    conf = graph.value(ev, CG.confidence)
    sentence = graph.value(ev, CG.sentence)
    text = " ".join(str(sentence).split()) if isinstance(sentence, Literal) else ""
    return f"{src} [{start}:{end}] rule={rule} confidence={conf}\n      “{text}”"


def _local(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1]
