"""SHACL validation: a small hand-built graph conforms, and each kind of contract breach is reported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from casegraph.ontology import CG, ID, bind_prefixes
from casegraph.validate import ValidationReport, validate

ARTICLE = ID["article-001"]
EVIDENCE = ID["evidence-001-0"]
VICTIM = ID["person-adam-toledo"]
OFFICER = ID["person-eric-stillman"]
MAYOR = ID["person-lori-lightfoot"]
POLICE = ID["org-chicago-police-department"]
CITY_HALL = ID["org-city-of-chicago"]
FAMILY = ID["group-family-of-adam-toledo"]
CHICAGO = ID["place-chicago"]
ILLINOIS = ID["place-illinois"]
PARK = ID["place-union-park"]
SHOOTING = ID["incident-001-0"]
DEMAND = ID["demand-001-0"]
PROTEST = ID["protest-001-0"]
QUOTE = ID["quote-001-0"]
MEMBERSHIP = ID["membership-001-0"]
ACTION = ID["action-001-0"]
FACTS = (SHOOTING, DEMAND, PROTEST, QUOTE, MEMBERSHIP, ACTION)
CDT = timezone(timedelta(hours=-5))
SENTENCE = "Police shot Adam Toledo, 13, in Little Village on March 29."


def _add_article(g: Graph) -> None:
    g.add((ARTICLE, RDF.type, CG.Article))
    g.add((ARTICLE, RDFS.label, Literal("001_x.txt")))
    g.add((ARTICLE, CG.sourceFile, Literal("001_x.txt")))
    g.add((ARTICLE, CG.published, Literal(date(2021, 4, 15))))
    g.add((ARTICLE, CG.headline, Literal("Protesters march for Adam Toledo")))


def _add_evidence(g: Graph) -> None:
    g.add((EVIDENCE, RDF.type, CG.Evidence))
    g.add((EVIDENCE, RDFS.label, Literal("evidence 001:120-180")))
    g.add((EVIDENCE, CG.article, ARTICLE))
    g.add((EVIDENCE, CG.sentence, Literal(SENTENCE)))
    g.add((EVIDENCE, CG.charStart, Literal(120)))
    g.add((EVIDENCE, CG.charEnd, Literal(120 + len(SENTENCE))))
    g.add((EVIDENCE, CG.confidence, Literal(Decimal("0.85"))))
    g.add((EVIDENCE, CG.rule, Literal("incident.shot-victim")))
    g.add((EVIDENCE, CG.extractor, Literal("casegraph 0.1.0")))


def _add_entity(g: Graph, node: URIRef, label: str, *classes: URIRef) -> None:
    for cls in classes:
        g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label, lang="en")))
    g.add((node, CG.mentionedIn, ARTICLE))


def _add_entities(g: Graph) -> None:
    _add_entity(g, VICTIM, "Adam Toledo", CG.Person)
    g.add((VICTIM, CG.age, Literal(13)))
    _add_entity(g, OFFICER, "Eric Stillman", CG.Person)
    g.add((OFFICER, CG.title, Literal("Officer")))
    _add_entity(g, MAYOR, "Lori Lightfoot", CG.Person)
    g.add((MAYOR, CG.memberOf, CITY_HALL))
    _add_entity(g, POLICE, "Chicago Police Department", CG.Organization, CG.PoliceAgency)
    _add_entity(g, CITY_HALL, "City of Chicago", CG.Organization, CG.GovernmentBody)
    _add_entity(g, FAMILY, "family of Adam Toledo", CG.Group, CG.Family)
    g.add((FAMILY, CG.familyOf, VICTIM))
    _add_entity(g, ILLINOIS, "Illinois", CG.Place, CG.Region)
    _add_entity(g, CHICAGO, "Chicago", CG.Place, CG.City)
    g.add((CHICAGO, CG.within, ILLINOIS))
    _add_entity(g, PARK, "Union Park", CG.Place, CG.Site)
    g.add((PARK, CG.within, CHICAGO))


def _add_facts(g: Graph) -> None:
    for fact, classes, label in (
        (SHOOTING, (CG.Incident, CG.PoliceShooting), "shooting of Adam Toledo"),
        (DEMAND, (CG.Demand,), "family demands charges"),
        (PROTEST, (CG.Protest,), "march for Adam Toledo"),
        (QUOTE, (CG.Quote,), "quote of the family"),
        (MEMBERSHIP, (CG.Membership,), "Lori Lightfoot, mayor of City of Chicago"),
        (ACTION, (CG.OfficialAction,), "video released"),
    ):
        for cls in classes:
            g.add((fact, RDF.type, cls))
        g.add((fact, RDFS.label, Literal(label, lang="en")))
        g.add((fact, CG.evidence, EVIDENCE))
        g.add((fact, PROV.wasDerivedFrom, ARTICLE))


def _add_fact_properties(g: Graph) -> None:
    g.add((SHOOTING, CG.victim, VICTIM))
    g.add((SHOOTING, CG.officer, OFFICER))
    g.add((SHOOTING, CG.agency, POLICE))
    g.add((SHOOTING, CG.location, CHICAGO))
    g.add((SHOOTING, CG.date, Literal(date(2021, 3, 29))))
    g.add((SHOOTING, CG.fatal, Literal(True)))
    g.add((DEMAND, CG.claimant, FAMILY))
    g.add((DEMAND, CG.addressee, CITY_HALL))
    g.add((DEMAND, CG.demandType, CG.Prosecution))
    g.add((DEMAND, CG.concerns, SHOOTING))
    g.add((PROTEST, CG.date, Literal(date(2021, 4, 16))))
    g.add((PROTEST, CG.startTime, Literal(datetime(2021, 4, 16, 17, 30))))
    g.add((PROTEST, CG.location, PARK))
    g.add((PROTEST, CG.startLocation, PARK))
    g.add((PROTEST, CG.endLocation, CHICAGO))
    g.add((PROTEST, CG.organizer, FAMILY))
    g.add((PROTEST, CG.concerns, VICTIM))
    g.add((QUOTE, CG.speaker, FAMILY))
    g.add((QUOTE, CG.quoteText, Literal("We want justice")))
    g.add((MEMBERSHIP, CG.member, MAYOR))
    g.add((MEMBERSHIP, CG.organization, CITY_HALL))
    g.add((MEMBERSHIP, CG.roleLabel, Literal("mayor")))
    g.add((ACTION, CG.actor, CITY_HALL))
    g.add((ACTION, CG.actionType, CG.EvidenceRelease))
    g.add((ACTION, CG.concerns, SHOOTING))
    g.add((ACTION, CG.date, Literal(date(2021, 4, 15))))


def conforming_graph() -> Graph:
    """A graph with one node of every kind the contract describes, all of it valid."""
    g = bind_prefixes(Graph())
    _add_article(g)
    _add_evidence(g)
    _add_entities(g)
    _add_facts(g)
    _add_fact_properties(g)
    return g


def _set(g: Graph, node: URIRef, prop: URIRef, value: Literal | URIRef) -> None:
    g.set((node, prop, value))


def _to_blank_node(g: Graph, node: URIRef) -> None:
    """Replace ``node`` by a blank node everywhere it occurs."""
    blank = BNode()
    for p, o in list(g.predicate_objects(node)):
        g.remove((node, p, o))
        g.add((blank, p, o))
    for s, p in list(g.subject_predicates(node)):
        g.remove((s, p, node))
        g.add((s, p, blank))


Mutation = Callable[[Graph], None]

# Each mutation breaks the conforming graph in one way; the value names the shape that must report it.
MUTATIONS: dict[str, tuple[str, Mutation]] = {
    "person without label": ("label", lambda g: g.remove((VICTIM, RDFS.label, None))),
    "fact without label": ("label", lambda g: g.remove((DEMAND, RDFS.label, None))),
    "confidence 1.5": ("confidence", lambda g: _set(g, EVIDENCE, CG.confidence, Literal(Decimal("1.5")))),
    "confidence as double": ("confidence", lambda g: _set(g, EVIDENCE, CG.confidence, Literal(0.85))),
    "charStart as string": ("charStart", lambda g: _set(g, EVIDENCE, CG.charStart, Literal("120"))),
    "charStart negative": ("charStart", lambda g: _set(g, EVIDENCE, CG.charStart, Literal(-1))),
    "charStart after charEnd": ("charStart", lambda g: _set(g, EVIDENCE, CG.charStart, Literal(10_000))),
    "evidence without rule": ("rule", lambda g: g.remove((EVIDENCE, CG.rule, None))),
    "evidence with two articles": ("article", lambda g: g.add((EVIDENCE, CG.article, ID["article-002"]))),
    "demandType outside the scheme": (
        "demandType",
        lambda g: _set(g, DEMAND, CG.demandType, CG.EvidenceRelease),
    ),
    "actionType outside the scheme": ("actionType", lambda g: _set(g, ACTION, CG.actionType, CG.Prosecution)),
    "fact without evidence": ("evidence", lambda g: g.remove((QUOTE, CG.evidence, None))),
    "evidence that is not cg:Evidence": ("evidence", lambda g: _set(g, QUOTE, CG.evidence, ARTICLE)),
    "fact without source article": (
        "wasDerivedFrom",
        lambda g: g.remove((MEMBERSHIP, PROV.wasDerivedFrom, None)),
    ),
    "blank node fact": ("FactShape", lambda g: _to_blank_node(g, PROTEST)),
    "blank node entity": ("EntityShape", lambda g: _to_blank_node(g, OFFICER)),
    "subclass without top class": ("typedIncident", lambda g: g.remove((SHOOTING, RDF.type, CG.Incident))),
    "victim is a place": ("victim", lambda g: _set(g, SHOOTING, CG.victim, CHICAGO)),
    "claimant is a place": ("claimant", lambda g: _set(g, DEMAND, CG.claimant, CHICAGO)),
    "date as string": ("date", lambda g: _set(g, SHOOTING, CG.date, Literal("2021-03-29"))),
    "fatal as string": ("fatal", lambda g: _set(g, SHOOTING, CG.fatal, Literal("yes"))),
    "age as string": ("age", lambda g: _set(g, VICTIM, CG.age, Literal("13"))),
    "startTime with offset": (
        "startTime",
        lambda g: _set(g, PROTEST, CG.startTime, Literal(datetime(2021, 4, 16, 17, 30, tzinfo=CDT))),
    ),
    "entity not mentioned": ("mentionedIn", lambda g: g.remove((PARK, CG.mentionedIn, None))),
    "published as string": ("published", lambda g: _set(g, ARTICLE, CG.published, Literal("2021-04-15"))),
}


def test_conforming_graph_conforms() -> None:
    report = validate(conforming_graph())
    assert report.conforms, report.text
    assert report.violations == 0


def test_validate_leaves_the_data_graph_unchanged() -> None:
    data = conforming_graph()
    before = len(data)
    validate(data)
    assert len(data) == before


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_is_reported(name: str) -> None:
    shape, mutate = MUTATIONS[name]
    data = conforming_graph()
    mutate(data)
    report = validate(data)
    assert isinstance(report, ValidationReport)
    assert not report.conforms, f"{name}: expected a violation"
    assert report.violations >= 1
    assert f"Source Shape: cgsh:{shape}\n" in report.text, report.text
