"""Every serialization casegraph writes parses back as the same graph, in rdflib and pyoxigraph."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, RDFS, XSD, Literal, Namespace
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from casegraph.export import (
    EXPORT_FORMATS,
    export,
    serialize,
    sorted_ntriples,
    to_csv_tables,
    to_networkx,
    to_ntriples,
    to_turtle,
    write_turtle,
)

CG = Namespace("https://w3id.org/casegraph/ns#")
ID = Namespace("https://w3id.org/casegraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
HOSTILE = "He said \"stop\" \\ C:\\path\nnext line\t<script>alert(1)</script> \u202eevil 😀 'single'"


def _fact(
    g: rdflib.Graph,
    node: rdflib.URIRef,
    classes: list,
    article,
    ev_id: str,
    sentence: str,
    conf: str,
    props: dict,
) -> None:
    """One fact node with its evidence, following the contract shape."""
    ev = ID[f"evidence-{ev_id}"]
    for c in classes:
        g.add((node, RDF.type, c))
    g.add((node, RDFS.label, Literal(f"fact {ev_id}")))
    g.add((node, PROV.wasDerivedFrom, article))
    g.add((node, CG.evidence, ev))
    g.add((ev, RDF.type, CG.Evidence))
    g.add((ev, CG.article, article))
    g.add((ev, CG.sentence, Literal(sentence)))
    g.add((ev, CG.charStart, Literal(10)))
    g.add((ev, CG.charEnd, Literal(10 + len(sentence))))
    g.add((ev, CG.confidence, Literal(conf, datatype=XSD.decimal)))
    g.add((ev, CG.rule, Literal(f"rule-{ev_id[:3]}")))
    for p, o in props.items():
        for value in o if isinstance(o, list) else [o]:
            g.add((node, p, value))


def _entity(g: rdflib.Graph, node, classes: list, label: str, articles: list) -> None:
    for c in classes:
        g.add((node, RDF.type, c))
    g.add((node, RDFS.label, Literal(label)))
    for a in articles:
        g.add((node, CG.mentionedIn, a))


def sample_graph() -> rdflib.Graph:
    """A small contract-shaped graph: two articles, one case, every fact kind, hostile literals."""
    g = rdflib.Graph()
    a1, a2 = ID["article-001-toledo"], ID["article-002-toledo"]
    for a, f, d in ((a1, "001_toledo.txt", "2021-04-15"), (a2, "002_toledo.txt", "2021-04-29")):
        g.add((a, RDF.type, CG.Article))
        g.add((a, RDFS.label, Literal(f)))
        g.add((a, CG.sourceFile, Literal(f)))
        g.add((a, CG.published, Literal(d, datatype=XSD.date)))
    adam, stillman = ID["person-adam-toledo"], ID["person-eric-stillman"]
    cpd, copa, foxx = ID["org-chicago-police"], ID["org-copa"], ID["org-states-attorney"]
    lightfoot, family, city = ID["person-lori-lightfoot"], ID["group-toledo-family"], ID["place-chicago"]
    _entity(g, adam, [CG.Person], "Adam Toledo", [a1, a2])
    g.add((adam, CG.age, Literal(13)))
    _entity(g, stillman, [CG.Person], "Eric Stillman", [a1])
    _entity(g, cpd, [CG.Organization, CG.PoliceAgency], "Chicago Police Department", [a1, a2])
    _entity(g, copa, [CG.Organization, CG.OversightAgency], "COPA", [a1])
    _entity(g, foxx, [CG.Organization, CG.Prosecutor], "Cook County State's Attorney", [a2])
    _entity(g, lightfoot, [CG.Person], "Lori Lightfoot", [a1])
    _entity(g, family, [CG.Group, CG.Family], "Toledo family", [a1])
    _entity(g, city, [CG.Place, CG.City], "Chicago", [a1, a2])
    g.add((family, CG.familyOf, adam))
    hostile = ID["person-hostile"]
    _entity(g, hostile, [CG.Person], HOSTILE, [a2])
    inc = ID["incident-0a1b"]
    _fact(
        g,
        inc,
        [CG.Incident, CG.PoliceShooting],
        a1,
        "e001",
        "Police shot Adam Toledo.",
        "0.95",
        {
            CG.victim: adam,
            CG.officer: stillman,
            CG.agency: cpd,
            CG.location: city,
            CG.date: Literal("2021-03-29", datatype=XSD.date),
            CG.fatal: Literal(True),
        },
    )
    _fact(
        g,
        ID["demand-1"],
        [CG.Demand],
        a1,
        "e002",
        "The family demanded charges.",
        "0.55",
        {CG.claimant: family, CG.addressee: foxx, CG.demandType: CG.Prosecution, CG.concerns: inc},
    )
    _fact(
        g,
        ID["demand-2"],
        [CG.Demand],
        a2,
        "e003",
        HOSTILE,
        "0.8",
        {CG.claimant: hostile, CG.addressee: lightfoot, CG.demandType: CG.Resignation, CG.concerns: adam},
    )
    _fact(
        g,
        ID["protest-1"],
        [CG.Protest],
        a1,
        "e004",
        "A march was held.",
        "0.7",
        {
            CG.date: Literal("2021-04-16", datatype=XSD.date),
            CG.location: city,
            CG.startTime: Literal("2021-04-16T17:30:00", datatype=XSD.dateTime),
            CG.concerns: adam,
        },
    )
    _fact(
        g,
        ID["quote-1"],
        [CG.Quote],
        a1,
        "e005",
        "Lightfoot said it.",
        "0.9",
        {CG.speaker: lightfoot, CG.quoteText: Literal(HOSTILE)},
    )
    _fact(
        g,
        ID["quote-2"],
        [CG.Quote],
        a2,
        "e006",
        "Lightfoot said more.",
        "0.9",
        {CG.speaker: lightfoot, CG.quoteText: Literal("We must heal.")},
    )
    _fact(
        g,
        ID["membership-1"],
        [CG.Membership],
        a1,
        "e007",
        "Mayor Lori Lightfoot.",
        "0.85",
        {CG.member: lightfoot, CG.organization: copa, CG.roleLabel: Literal("mayor")},
    )
    g.add((lightfoot, CG.memberOf, copa))
    _fact(
        g,
        ID["action-1"],
        [CG.OfficialAction],
        a1,
        "e008",
        "COPA released the video.",
        "0.9",
        {
            CG.actor: copa,
            CG.actionType: CG.EvidenceRelease,
            CG.concerns: inc,
            CG.date: Literal("2021-04-15", datatype=XSD.date),
        },
    )
    _fact(
        g,
        ID["action-2"],
        [CG.OfficialAction],
        a2,
        "e009",
        "No charges.",
        "0.4",
        {
            CG.actor: foxx,
            CG.actionType: CG.ChargesDeclined,
            CG.concerns: inc,
            CG.date: Literal("2022-03-15", datatype=XSD.date),
        },
    )
    g.add((ID["incident-0a1b"], RDFS.comment, Literal("lang tagged", lang="en")))
    return g


def assert_same(expected: rdflib.Graph, got: rdflib.Graph) -> None:
    """Isomorphism, with a readable diff when it fails."""
    if not isomorphic(expected, got):
        _, only_exp, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        raise AssertionError(
            "graphs differ\nonly expected:\n"
            + "\n".join(sorted(t.n3() for t in only_exp))
            + "\nonly got:\n"
            + "\n".join(sorted(t.n3() for t in only_got))
        )


def ox_to_rdflib(quads) -> rdflib.Graph:
    """Triples parsed by pyoxigraph (all graphs merged) as an rdflib graph, via N-Triples."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode(), format="nt")


RDF_FORMATS = {
    "ttl": ("turtle", ox.RdfFormat.TURTLE),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES),
    "nq": ("nquads", ox.RdfFormat.N_QUADS),
    "trig": ("trig", ox.RdfFormat.TRIG),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_rdf_format_parses_back_in_rdflib_and_pyoxigraph(fmt: str) -> None:
    g = sample_graph()
    text = serialize(g, fmt)
    rdflib_fmt, ox_fmt = RDF_FORMATS[fmt]
    if fmt in ("nq", "trig"):
        ds = rdflib.Dataset()
        ds.parse(data=text, format=rdflib_fmt)
        back = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            back.add((s, p, o))
    else:
        back = rdflib.Graph().parse(data=text, format=rdflib_fmt)
    assert_same(g, back)
    assert_same(g, ox_to_rdflib(ox.parse(text.encode(), format=ox_fmt)))


def test_turtle_is_byte_deterministic_whatever_the_insertion_order() -> None:
    g = sample_graph()
    shuffled = rdflib.Graph()
    for t in sorted(g, reverse=True):
        shuffled.add(t)
    assert to_turtle(g) == to_turtle(shuffled)
    text = to_turtle(g)
    assert text.startswith("@prefix cg: <https://w3id.org/casegraph/ns#> .\n@prefix id:")
    assert "id:person-adam-toledo a cg:Person ;" in text
    assert "ns1:" not in text


@pytest.mark.parametrize(
    "command", [["serdi", "-i", "turtle", "-o", "ntriples"], ["rapper", "-i", "turtle", "-c"]]
)
def test_turtle_passes_independent_parsers(tmp_path: Path, command: list[str]) -> None:
    assert shutil.which(command[0]), f"{command[0]} missing: run bash scripts/install-system-deps.sh"
    path = tmp_path / "g.ttl"
    path.write_text(to_turtle(sample_graph()), encoding="utf-8")
    proc = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    if command[0] == "serdi":
        assert len(proc.stdout.splitlines()) == len(sample_graph())
    else:
        assert f"returned {len(sample_graph())} triples" in proc.stderr


def test_quads_put_each_fact_and_its_evidence_in_its_article_graph() -> None:
    ds = rdflib.Dataset()
    ds.parse(data=serialize(sample_graph(), "trig"), format="trig")
    article_graph = ds.graph(ID["article-001-toledo"])
    assert (ID["incident-0a1b"], CG.victim, ID["person-adam-toledo"]) in article_graph
    assert (ID["evidence-e001"], CG.sentence, Literal("Police shot Adam Toledo.")) in article_graph
    assert (ID["person-adam-toledo"], RDFS.label, Literal("Adam Toledo")) in ds.default_graph
    assert (ID["demand-2"], RDF.type, CG.Demand) in ds.graph(ID["article-002-toledo"])


def test_jsonld_has_a_context_with_the_prefixes() -> None:
    doc = json.loads(serialize(sample_graph(), "jsonld"))
    assert doc["@context"]["cg"] == str(CG)
    assert doc["@context"]["id"] == str(ID)


def test_graphml_opens_with_string_attributes_and_labels(tmp_path: Path) -> None:
    [path] = export(sample_graph(), tmp_path / "g.graphml", "graphml")
    net = nx.read_graphml(path)
    expected = to_networkx(sample_graph())
    assert net.number_of_nodes() == expected.number_of_nodes()
    assert net.number_of_edges() == expected.number_of_edges()
    node = net.nodes[str(ID["person-hostile"])]
    assert node["label"] == HOSTILE.replace("\r", "")
    assert node["type"] == "cg:Person"
    assert all(isinstance(v, str) for _, d in net.nodes(data=True) for v in d.values())


def test_csv_writes_nodes_and_edges_to_a_folder(tmp_path: Path) -> None:
    paths = export(sample_graph(), tmp_path / "csv", "csv")
    assert sorted(p.name for p in paths) == ["edges.csv", "nodes.csv"]
    with (tmp_path / "csv" / "nodes.csv").open(newline="", encoding="utf-8") as fh:
        nodes = {row["id"]: row for row in csv.DictReader(fh)}
    assert nodes[str(ID["person-hostile"])]["label"] == HOSTILE
    with (tmp_path / "csv" / "edges.csv").open(newline="", encoding="utf-8") as fh:
        edges = list(csv.DictReader(fh))
    assert {
        "source": str(ID["demand-1"]),
        "predicate": "cg:addressee",
        "target": str(ID["org-states-attorney"]),
    } in edges
    assert len(edges) == len(to_csv_tables(sample_graph())["edges.csv"].splitlines()) - 1


def test_export_writes_every_format(tmp_path: Path) -> None:
    for fmt, ext in EXPORT_FORMATS.items():
        out = tmp_path / f"g{ext}" if ext else tmp_path / "csvdir"
        for path in export(sample_graph(), out, fmt):
            assert path.stat().st_size > 0


def test_turtle_is_the_same_from_rdflib_a_store_triples_or_quads() -> None:
    import random

    g = sample_graph()
    g.add((ID["x"], RDFS.label, Literal("a")))
    g.add((ID["x"], RDFS.label, Literal("a", datatype=XSD.string)))  # the same RDF term as "a"
    g.add((rdflib.BNode("b1"), RDFS.label, Literal("x", lang="en-GB")))
    expected = to_turtle(g)
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(to_ntriples(g).encode(), format=ox.RdfFormat.N_TRIPLES)
    ]
    random.Random(7).shuffle(triples)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    assert to_turtle(store) == expected
    assert to_turtle(triples + triples[:5]) == expected  # duplicates collapse
    assert to_turtle([ox.Quad(t.subject, t.predicate, t.object) for t in triples]) == expected
    store.add(ox.Quad(triples[0].subject, triples[0].predicate, triples[0].object, ox.NamedNode("http://g")))
    assert to_turtle(store) == expected  # named graphs are merged
    assert sorted_ntriples(store) == sorted_ntriples(g) == sorted_ntriples(triples)
    ds = rdflib.Dataset()  # a graph sharing its store with another: the generic path
    ds.graph(ID["other"]).add((ID["y"], RDFS.label, Literal("elsewhere")))
    part = ds.graph(ID["g"])
    for t in g:
        part.add(t)
    assert to_turtle(part) == expected
    assert '_:b1 rdfs:label "x"@en-gb .' in expected


def test_write_turtle_streams_the_same_bytes_as_to_turtle(tmp_path):
    g = rdflib.Graph()
    ex = "https://w3id.org/casegraph/id/"
    for i in range(2_500):  # more than one block of lines
        g.add(
            (
                rdflib.URIRef(f"{ex}n{i % 7}"),
                rdflib.URIRef(f"{ex}p{i % 3}"),
                rdflib.Literal(f'v{i} "q" \\ \u202e \x00 é'),
            )
        )
    path = write_turtle(g, tmp_path / "g.ttl")
    assert path.read_bytes() == to_turtle(g).encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl"]  # no temporary file left
    empty = write_turtle(rdflib.Graph(), tmp_path / "e.ttl")
    assert empty.read_bytes() == to_turtle(rdflib.Graph()).encode("utf-8")
