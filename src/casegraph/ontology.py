"""The ``cg:`` vocabulary as a closed namespace, the prefixes the build binds, and the ontology files.

``CG`` mirrors ``ontology/casegraph.ttl`` term for term: with ``_fail = True`` a typo such as
``CG.Persn`` raises instead of minting a new IRI. ``tests/test_ontology.py`` keeps the two in step.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Graph, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = [
    "CG",
    "CGSH",
    "ID",
    "ONTOLOGY_DIR",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "bind_prefixes",
    "load_ontology",
    "load_shapes",
]


class CG(DefinedNamespace):
    """casegraph ontology (https://w3id.org/casegraph/ns): classes, properties and SKOS concepts."""

    _fail = True
    _NS = Namespace("https://w3id.org/casegraph/ns#")

    # Sources
    Article: URIRef  # a news article file read by the build
    Evidence: URIRef  # the sentence of an article a fact was extracted from

    # Entities
    Person: URIRef  # a named human
    Organization: URIRef  # a named organization
    PoliceAgency: URIRef  # police department, sheriff's office
    OversightAgency: URIRef  # civilian review body, inspector general
    Prosecutor: URIRef  # state's/district/county attorney, attorney general, Justice Department
    GovernmentBody: URIRef  # city, mayor's office, council, court, other government
    PoliceUnion: URIRef  # FOP lodge and similar
    AdvocacyGroup: URIRef  # activist, community, civil-rights or faith group
    Group: URIRef  # a collective actor that is not an organization
    Family: URIRef  # the family of a person
    Place: URIRef  # a named place
    City: URIRef  # a city, town or village
    Neighborhood: URIRef  # a neighborhood or district of a city
    Site: URIRef  # building, park, plaza, street, address
    Region: URIRef  # state, county

    # Facts
    Incident: URIRef  # police used force on a person
    PoliceShooting: URIRef  # police fired
    UseOfForce: URIRef  # other force: restraint, beating, Taser
    Demand: URIRef  # someone asks someone for something
    Protest: URIRef  # march, rally, vigil, sit-in; held or announced
    Quote: URIRef  # words attributed to a speaker
    Membership: URIRef  # a person's role in an organization
    OfficialAction: URIRef  # what an official body or official did

    # Object properties
    mentionedIn: URIRef  # entity -> Article
    familyOf: URIRef  # Family -> Person
    within: URIRef  # Place -> Place
    victim: URIRef  # Incident -> Person
    officer: URIRef  # Incident -> Person
    agency: URIRef  # Incident -> Organization
    location: URIRef  # Incident/Protest -> Place
    startLocation: URIRef  # Protest -> Place
    endLocation: URIRef  # Protest -> Place
    organizer: URIRef  # Protest -> Person/Organization/Group
    claimant: URIRef  # Demand -> Person/Organization/Group
    addressee: URIRef  # Demand -> Person/Organization
    demandType: URIRef  # Demand -> concept of DemandTypes
    concerns: URIRef  # Demand/Protest/OfficialAction -> Incident or Person
    speaker: URIRef  # Quote -> Person/Organization/Group
    member: URIRef  # Membership -> Person
    organization: URIRef  # Membership -> Organization
    memberOf: URIRef  # Person -> Organization (shortcut of a Membership)
    actor: URIRef  # OfficialAction -> Organization/Person
    actionType: URIRef  # OfficialAction -> concept of ActionTypes
    evidence: URIRef  # fact -> Evidence
    article: URIRef  # Evidence -> Article

    # Datatype properties
    sourceFile: URIRef  # Article -> xsd:string, the file's base name
    published: URIRef  # Article -> xsd:date
    headline: URIRef  # Article -> xsd:string
    age: URIRef  # Person -> xsd:integer
    title: URIRef  # Person -> xsd:string, job title or honorific seen in text
    date: URIRef  # Incident/Protest/OfficialAction -> xsd:date
    fatal: URIRef  # Incident -> xsd:boolean
    startTime: URIRef  # Protest -> xsd:dateTime, local time without offset
    quoteText: URIRef  # Quote -> xsd:string, without quotation marks
    roleLabel: URIRef  # Membership -> xsd:string
    sentence: URIRef  # Evidence -> xsd:string
    charStart: URIRef  # Evidence -> xsd:integer
    charEnd: URIRef  # Evidence -> xsd:integer
    confidence: URIRef  # Evidence -> xsd:decimal in [0, 1]
    rule: URIRef  # Evidence -> xsd:string, id of the extraction rule
    extractor: URIRef  # Evidence -> xsd:string, extractor version

    # Concept schemes
    DemandTypes: URIRef
    ActionTypes: URIRef

    # cg:DemandTypes
    Prosecution: URIRef  # charge, arrest, indict, convict the officer
    Discipline: URIRef  # fire, suspend, strip of police powers, decertify
    Accountability: URIRef  # hold accountable, "justice", unspecified
    Transparency: URIRef  # release video, records, names
    Investigation: URIRef  # open or hand over an investigation
    PolicyReform: URIRef  # ordinance, law, civilian oversight, community control, defunding, ban
    Resignation: URIRef  # in both schemes: should resign / resigned
    EndViolence: URIRef  # stop police killings
    OtherDemand: URIRef

    # cg:ActionTypes
    EvidenceRelease: URIRef  # released video, records
    DisciplinaryAction: URIRef  # relieved of powers, desk duty, suspended, fired
    Charging: URIRef  # charges filed, indictment, arrest of an officer
    ChargesDeclined: URIRef
    InvestigationOpened: URIRef
    CourtOutcome: URIRef  # verdict, plea, sentence
    PolicyChange: URIRef  # policy or ordinance adopted
    OtherAction: URIRef


ONTOLOGY_IRI = URIRef("https://w3id.org/casegraph/ns")
"""The IRI of the ``owl:Ontology`` (the namespace without its ``#``)."""

ID = Namespace("https://w3id.org/casegraph/id/")
"""Base of the IRIs minted for articles, entities, facts and evidence."""

CGSH = Namespace("https://w3id.org/casegraph/shapes#")
"""Namespace of the SHACL shapes in ``shapes.ttl``."""

PREFIXES: dict[str, str] = {
    "cg": str(CG._NS),
    "id": str(ID),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
}
"""The prefixes written at the top of every graph the build serializes."""

ONTOLOGY_DIR: Traversable = files("casegraph").joinpath("data")
"""The packaged copies of ``ontology/casegraph.ttl`` and ``ontology/shapes.ttl``."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every prefix of :data:`PREFIXES` on ``graph``, replacing other bindings of those prefixes.

    Returns the same graph, so that ``bind_prefixes(Graph())`` reads naturally.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _load(name: str) -> Graph:
    """Parse the packaged Turtle file ``name`` into a new graph with the casegraph prefixes bound."""
    text = ONTOLOGY_DIR.joinpath(name).read_text(encoding="utf-8")
    return bind_prefixes(Graph()).parse(data=text, format="turtle")


def load_ontology() -> Graph:
    """Return a new graph holding the casegraph ontology (OWL classes and properties, SKOS schemes)."""
    return _load("casegraph.ttl")


def load_shapes() -> Graph:
    """Return a new graph holding the casegraph SHACL shapes."""
    return _load("shapes.ttl")
