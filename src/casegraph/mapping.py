"""Extractions + resolved entities -> an rdflib Graph under the casegraph ontology.

IRIs are minted from identifying fields (names, article file names, offsets), never from
counters or ``hash()``: the same input gives the same graph. No blank nodes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from .extract import EXTRACTOR_VERSION
from .extract.names import slug
from .models import Article, Entity, Evidence, Extraction, Fact
from .ontology import CG, ID, bind_prefixes
from .resolve import Resolution

TOP = {"Person": CG.Person, "Organization": CG.Organization, "Group": CG.Group, "Place": CG.Place}
ENTITY_PROPS = {
    "victim",
    "officer",
    "agency",
    "location",
    "startLocation",
    "endLocation",
    "organizer",
    "claimant",
    "addressee",
    "concerns",
    "speaker",
    "member",
    "organization",
    "actor",
}


def article_iri(source: str) -> URIRef:
    return ID[f"article-{slug(source.removesuffix('.txt'), 80)}"]


def entity_iri(entity_id: str) -> URIRef:
    return ID[entity_id]


def fact_iri(fact: Fact, res: Resolution | None = None) -> URIRef:
    """The fact's node: shared by every article reporting the same incident, else its own."""
    shared = res.shared_facts.get((fact.source, fact.id)) if res is not None else None
    if shared:
        return ID[shared]
    digest = hashlib.sha1(f"{fact.source}\x00{fact.id}".encode()).hexdigest()[:16]
    return ID[f"{fact.kind.lower()}-{digest}"]


def evidence_iri(ev: Evidence) -> URIRef:
    digest = hashlib.sha1(f"{ev.source}\x00{ev.start}\x00{ev.end}\x00{ev.rule}".encode()).hexdigest()[:16]
    return ID[f"evidence-{digest}"]


class Triples:
    """Collects triples for one bulk insert: rdflib's ``Graph.add`` costs an event per triple."""

    def __init__(self) -> None:
        self.items: list[tuple[Node, Node, Node]] = []
        self.labelled: set[Node] = set()

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        if triple[1] == RDFS.label:
            self.labelled.add(triple[0])
        self.items.append(triple)


def to_graph(extractions: Iterable[Extraction], resolution: Resolution) -> Graph:
    """The whole knowledge graph of the given extractions."""
    g = bind_prefixes(Graph())
    sink = Triples()
    exs = list(extractions)
    for ex in exs:
        add_article(sink, ex.article)
    for ent in resolution.entities.values():
        add_entity(sink, ent)
    for ex in exs:
        facts = {f.id: f for f in ex.facts}
        for fact in ex.facts:
            add_fact(sink, fact, resolution, facts)
    g.addN((s, p, o, g) for s, p, o in sink.items)
    return g


def add_article(g: Triples, art: Article) -> None:
    a = article_iri(art.source)
    g.add((a, RDF.type, CG.Article))
    g.add((a, CG.sourceFile, Literal(art.source)))
    g.add((a, CG.published, Literal(art.published.isoformat(), datatype=XSD.date)))
    headline = _headline(art)
    g.add((a, RDFS.label, Literal(headline or art.source)))
    if headline:
        g.add((a, CG.headline, Literal(headline)))


def _headline(art: Article) -> str | None:
    first = art.body.strip().split("\n", 1)[0].strip()
    return first[:200] if first and not first.endswith((".", "”", '"')) and len(first) < 200 else None


def add_entity(g: Triples, ent: Entity) -> None:
    e = entity_iri(ent.id)
    g.add((e, RDF.type, TOP[ent.kind]))
    if ent.subkind:
        g.add((e, RDF.type, CG[ent.subkind]))
    g.add((e, RDFS.label, Literal(ent.label)))
    for alias in ent.aliases:
        g.add((e, SKOS.altLabel, Literal(alias)))
    for src in ent.sources:
        g.add((e, CG.mentionedIn, article_iri(src)))
    for title in ent.titles:
        g.add((e, CG.title, Literal(title)))
    if ent.family_of:
        g.add((e, CG.familyOf, entity_iri(ent.family_of)))
    if ent.within:
        g.add((e, CG.within, entity_iri(ent.within)))


def add_fact(g: Triples, fact: Fact, res: Resolution, facts: dict[str, Fact]) -> None:
    f = fact_iri(fact, res)
    g.add((f, RDF.type, CG[fact.kind]))
    if fact.subkind:
        g.add((f, RDF.type, CG[fact.subkind]))
    if f not in g.labelled:  # a shared incident keeps the label of its first report
        g.add((f, RDFS.label, Literal(fact.label)))
    g.add((f, PROV.wasDerivedFrom, article_iri(fact.source)))
    for ev in fact.evidence:
        add_evidence(g, f, ev)
    for prop, keys in fact.roles:
        for key in keys:
            target = _target(key, fact.source, res, facts)
            if target is not None:
                g.add((f, CG[prop], target))
    for prop, value in fact.values:
        if prop == "age":
            _add_age(g, fact, res, value)
        elif value is not None:
            g.add((f, CG[prop], _literal(value)))
    if fact.concept:
        prop = CG.demandType if fact.kind == "Demand" else CG.actionType
        g.add((f, prop, CG[fact.concept]))
    if fact.kind == "Membership":
        for m in fact.role("member"):
            for o in fact.role("organization"):
                mi, oi = _target(m, fact.source, res, facts), _target(o, fact.source, res, facts)
                if mi is not None and oi is not None:
                    g.add((mi, CG.memberOf, oi))


def _target(key: str, source: str, res: Resolution, facts: dict[str, Fact]) -> URIRef | None:
    if key.startswith("fact:"):
        other = facts.get(key[5:])
        return fact_iri(other, res) if other else None
    ent = res.entity_of(source, key)
    return entity_iri(ent) if ent else None


def _add_age(g: Triples, fact: Fact, res: Resolution, value: object) -> None:
    for key in fact.role("victim"):
        ent = res.entity_of(fact.source, key)
        if ent and isinstance(value, int):
            g.add((entity_iri(ent), CG.age, Literal(value, datatype=XSD.integer)))


def _literal(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, dt.datetime):
        return Literal(value.strftime("%Y-%m-%dT%H:%M:%S"), datatype=XSD.dateTime)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(str(value))


def add_evidence(g: Triples, fact_node: URIRef, ev: Evidence) -> None:
    e = evidence_iri(ev)
    g.add((fact_node, CG.evidence, e))
    g.add((e, RDF.type, CG.Evidence))
    g.add((e, RDFS.label, Literal(f"{ev.source} [{ev.start}:{ev.end}]")))
    g.add((e, CG.article, article_iri(ev.source)))
    g.add((e, CG.sentence, Literal(ev.sentence)))
    g.add((e, CG.charStart, Literal(ev.start, datatype=XSD.integer)))
    g.add((e, CG.charEnd, Literal(ev.end, datatype=XSD.integer)))
    g.add((e, CG.confidence, Literal(Decimal(f"{ev.confidence:.2f}"), datatype=XSD.decimal)))
    g.add((e, CG.rule, Literal(ev.rule)))
    g.add((e, CG.extractor, Literal(f"casegraph-extract {EXTRACTOR_VERSION}")))
