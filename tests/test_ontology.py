"""The ontology, the closed ``CG`` namespace and the shapes agree with each other and with the contract."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from casegraph.ontology import (
    CG,
    ID,
    ONTOLOGY_DIR,
    ONTOLOGY_IRI,
    PREFIXES,
    bind_prefixes,
    load_ontology,
    load_shapes,
)

ROOT = Path(__file__).resolve().parents[1]
NS = str(CG._NS)

# The terms of shared/contract/ONTOLOGY.md, copied by hand: renaming or dropping one must fail a test.
CONTRACT_CLASSES = [
    "Article",
    "Evidence",
    "Person",
    "Organization",
    "PoliceAgency",
    "OversightAgency",
    "Prosecutor",
    "GovernmentBody",
    "PoliceUnion",
    "AdvocacyGroup",
    "Group",
    "Family",
    "Place",
    "City",
    "Neighborhood",
    "Site",
    "Region",
    "Incident",
    "PoliceShooting",
    "UseOfForce",
    "Demand",
    "Protest",
    "Quote",
    "Membership",
    "OfficialAction",
]
CONTRACT_OBJECT_PROPERTIES = [
    "mentionedIn",
    "familyOf",
    "within",
    "victim",
    "officer",
    "agency",
    "location",
    "claimant",
    "addressee",
    "demandType",
    "concerns",
    "startLocation",
    "endLocation",
    "organizer",
    "speaker",
    "member",
    "organization",
    "memberOf",
    "actor",
    "actionType",
    "evidence",
    "article",
]
CONTRACT_DATATYPE_PROPERTIES = [
    "sourceFile",
    "published",
    "age",
    "date",
    "fatal",
    "startTime",
    "quoteText",
    "roleLabel",
    "sentence",
    "charStart",
    "charEnd",
    "confidence",
]
DEMAND_TYPES = [
    "Prosecution",
    "Discipline",
    "Accountability",
    "Transparency",
    "Investigation",
    "PolicyReform",
    "Resignation",
    "EndViolence",
    "OtherDemand",
]
ACTION_TYPES = [
    "EvidenceRelease",
    "DisciplinaryAction",
    "Charging",
    "ChargesDeclined",
    "InvestigationOpened",
    "CourtOutcome",
    "Resignation",
    "PolicyChange",
    "OtherAction",
]
EXTRA_DATATYPE_PROPERTIES = ["rule", "extractor", "title", "headline"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _cg_terms_in_namespace_class() -> set[URIRef]:
    return {URIRef(str(term)) for term in dir(CG)}


def _cg_terms_declared(ontology: Graph) -> set[URIRef]:
    """Every cg: IRI that is the subject of an rdf:type triple in the ontology."""
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(NS)}


def _cg_iris(graph: Graph) -> set[URIRef]:
    """Every cg: IRI used anywhere in ``graph``."""
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(NS)}


def test_packaged_copies_are_identical_to_the_canonical_files() -> None:
    for name in ("casegraph.ttl", "shapes.ttl"):
        canonical = (ROOT / "ontology" / name).read_bytes()
        assert ONTOLOGY_DIR.joinpath(name).read_bytes() == canonical, (
            f"copy ontology/{name} to src/casegraph/data/"
        )


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/casegraph/ns/0.1.0")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    assert ontology.value(ONTOLOGY_IRI, RDFS.label) is not None
    assert ontology.value(ONTOLOGY_IRI, RDFS.comment) is not None


def test_every_namespace_term_is_declared_with_label_and_comment(ontology: Graph) -> None:
    for term in sorted(_cg_terms_in_namespace_class()):
        assert (term, RDF.type, None) in ontology, f"{term} is in CG but not declared in casegraph.ttl"
        assert (term, RDFS.label, None) in ontology, f"{term} has no rdfs:label"
        comment = ontology.value(term, RDFS.comment) or ontology.value(term, SKOS.definition)
        assert comment is not None, f"{term} has neither rdfs:comment nor skos:definition"


def test_every_declared_term_is_in_the_namespace_class(ontology: Graph) -> None:
    missing = _cg_terms_declared(ontology) - _cg_terms_in_namespace_class()
    assert not missing, f"declared in casegraph.ttl but missing from class CG: {sorted(missing)}"


def test_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = CG.Persn
    assert CG.Person == URIRef(NS + "Person")


@pytest.mark.parametrize(
    ("names", "owl_type"),
    [
        (CONTRACT_CLASSES, OWL.Class),
        (CONTRACT_OBJECT_PROPERTIES, OWL.ObjectProperty),
        (CONTRACT_DATATYPE_PROPERTIES + EXTRA_DATATYPE_PROPERTIES, OWL.DatatypeProperty),
        (DEMAND_TYPES + ACTION_TYPES, SKOS.Concept),
        (["DemandTypes", "ActionTypes"], SKOS.ConceptScheme),
    ],
)
def test_contract_terms_are_declared(ontology: Graph, names: list[str], owl_type: URIRef) -> None:
    for name in names:
        assert (CG[name], RDF.type, owl_type) in ontology, f"cg:{name} is not a {owl_type}"


def test_datatype_properties_have_an_xsd_range(ontology: Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        ranges = set(ontology.objects(prop, RDFS.range))
        assert len(ranges) == 1, f"{prop} needs exactly one rdfs:range"
        assert next(iter(ranges)).startswith(PREFIXES["xsd"]), f"{prop} has a non-XSD range"


def test_object_properties_have_a_non_literal_range_where_stated(ontology: Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert not str(rng).startswith(PREFIXES["xsd"]), f"{prop} is an object property with range {rng}"


@pytest.mark.parametrize(("scheme", "names"), [("DemandTypes", DEMAND_TYPES), ("ActionTypes", ACTION_TYPES)])
def test_concept_scheme_is_complete(ontology: Graph, scheme: str, names: list[str]) -> None:
    in_scheme = set(ontology.subjects(SKOS.inScheme, CG[scheme]))
    assert in_scheme == {CG[name] for name in names}
    assert set(ontology.objects(CG[scheme], SKOS.hasTopConcept)) == in_scheme
    for concept in in_scheme:
        assert (concept, SKOS.topConceptOf, CG[scheme]) in ontology
        assert ontology.value(concept, SKOS.prefLabel) is not None, f"{concept} has no skos:prefLabel"
        assert ontology.value(concept, SKOS.definition) is not None, f"{concept} has no skos:definition"


def test_resignation_is_one_concept_in_both_schemes(ontology: Graph) -> None:
    assert set(ontology.objects(CG.Resignation, SKOS.inScheme)) == {CG.DemandTypes, CG.ActionTypes}


def test_ontology_has_no_blank_nodes(ontology: Graph) -> None:
    assert not any(isinstance(t, BNode) for triple in ontology for t in triple)


@pytest.mark.parametrize("name", ["casegraph.ttl", "shapes.ttl"])
def test_files_parse_in_pyoxigraph(name: str) -> None:
    data = ONTOLOGY_DIR.joinpath(name).read_bytes()
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    rdflib_graph = load_ontology() if name == "casegraph.ttl" else load_shapes()
    assert len(triples) == len(rdflib_graph) > 0


def test_shapes_use_only_declared_terms(ontology: Graph, shapes: Graph) -> None:
    undefined = _cg_iris(shapes) - _cg_terms_declared(ontology)
    assert not undefined, f"shapes.ttl uses cg: terms casegraph.ttl does not declare: {sorted(undefined)}"


def test_ontology_uses_only_declared_terms(ontology: Graph) -> None:
    assert _cg_iris(ontology) <= _cg_terms_declared(ontology)


def test_bind_prefixes() -> None:
    graph = bind_prefixes(Graph())
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix, namespace in PREFIXES.items():
        assert bound[prefix] == namespace
    assert PREFIXES["id"] == str(ID)
    assert graph.qname(CG.Person) == "cg:Person"
    assert graph.qname(ID["person-adam-toledo"]) == "id:person-adam-toledo"
