"""What changed between two builds, in human terms: entities and facts added, removed or changed,
by label, class and evidence sentence rather than by triple.

Entity and fact IRIs are minted from identifying fields, so the same thing has the same IRI in
both graphs and nodes are compared by IRI. Evidence nodes are folded into the facts they support.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from .ontology import CG, PREFIXES

ENTITY_TOPS = ("Person", "Organization", "Group", "Place")
FACT_TOPS = ("Incident", "Demand", "Protest", "Quote", "Membership", "OfficialAction")
_SHOWN_SENTENCES = 2


@dataclass(frozen=True)
class NodeInfo:
    """An entity, fact or article as a reader sees it."""

    iri: str
    kind: str  # "entity", "fact" or "article"
    classes: tuple[str, ...]  # most specific first
    label: str
    sentences: tuple[tuple[str, str], ...] = ()  # (article file, sentence)

    def title(self) -> str:
        return f"{'/'.join(self.classes) or '?'} {self.label!r} <{_local(self.iri)}>"


@dataclass(frozen=True)
class Change:
    """A node in both graphs whose statements differ: one line per statement added or removed."""

    node: NodeInfo
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass
class GraphDiff:
    added: list[NodeInfo] = field(default_factory=list)
    removed: list[NodeInfo] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_graphs(old: Graph, new: Graph) -> GraphDiff:
    """Compare the entity, fact and article nodes of ``old`` and ``new`` by IRI."""
    before, after = _nodes(old), _nodes(new)
    out = GraphDiff(
        added=[_node(new, i, after[i]) for i in sorted(after.keys() - before.keys())],
        removed=[_node(old, i, before[i]) for i in sorted(before.keys() - after.keys())],
    )
    for iri in sorted(before.keys() & after.keys()):
        was, now = _statements(old, iri), _statements(new, iri)
        if was != now:
            out.changed.append(
                Change(_node(new, iri, after[iri]), tuple(sorted(now - was)), tuple(sorted(was - now)))
            )
    return out


def format_diff(d: GraphDiff, old_name: str = "OLD", new_name: str = "NEW") -> str:
    """The diff as text: sections of added, removed and changed entities and facts."""
    if d.empty:
        return f"{old_name} and {new_name} describe the same entities and facts\n"
    lines = [f"--- {old_name}", f"+++ {new_name}"]
    for kind in ("entity", "fact", "article"):
        for sign, nodes in (("+", d.added), ("-", d.removed)):
            for n in (n for n in nodes if n.kind == kind):
                lines.append(f"{sign} {kind} {n.title()}")
                lines += [f"    {src}: {sent}" for src, sent in n.sentences[:_SHOWN_SENTENCES]]
        for c in (c for c in d.changed if c.node.kind == kind):
            lines.append(f"~ {kind} {c.node.title()}")
            lines += [f"    + {s}" for s in c.added] + [f"    - {s}" for s in c.removed]
    n_add, n_rem = len(d.added), len(d.removed)
    lines.append(f"{n_add} added, {n_rem} removed, {len(d.changed)} changed")
    return "\n".join(lines) + "\n"


# --- reading nodes ---------------------------------------------------------------------------------


def _nodes(g: Graph) -> dict[str, str]:
    """IRI -> kind of every entity, fact and article node."""
    out: dict[str, str] = {}
    for kind, tops in (("entity", ENTITY_TOPS), ("fact", FACT_TOPS), ("article", ("Article",))):
        for top in tops:
            for s in g.subjects(RDF.type, CG[top]):
                if isinstance(s, URIRef):
                    out.setdefault(str(s), kind)
    return out


def _node(g: Graph, iri: str, kind: str) -> NodeInfo:
    s = URIRef(iri)
    classes = sorted(
        (_local(str(c)) for c in g.objects(s, RDF.type)), key=lambda c: (c in (*ENTITY_TOPS, *FACT_TOPS), c)
    )
    label = str(g.value(s, RDFS.label) or _local(iri))
    sentences = sorted(
        (str(g.value(g.value(ev, CG.article), CG.sourceFile) or ""), str(g.value(ev, CG.sentence) or ""))
        for ev in g.objects(s, CG.evidence)
    )
    return NodeInfo(iri, kind, tuple(classes), label, tuple(sentences))


def _statements(g: Graph, iri: str) -> set[str]:
    """The node's statements as readable lines ("age: 22", "mentionedIn: 001_x.txt")."""
    s = URIRef(iri)
    out: set[str] = set()
    for p, o in g.predicate_objects(s):
        if p == CG.evidence:
            src = g.value(g.value(o, CG.article), CG.sourceFile)
            out.add(f"evidence: {src}: {g.value(o, CG.sentence)}")
        else:
            out.add(f"{_curie(str(p))}: {_render(g, o)}")
    return out


def _render(g: Graph, o: Node) -> str:
    if isinstance(o, Literal):
        return str(o)
    if g.value(o, CG.sourceFile) is not None:  # an article: its file name says more than its label
        return str(g.value(o, CG.sourceFile))
    label = g.value(o, RDFS.label)
    return f"{label} <{_local(str(o))}>" if label is not None else _curie(str(o))


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
