"""casegraph.visualize without a browser: the network built from a hand-made graph, and the page text."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import RDF, RDFS, Graph, Literal

from browser_util import CG, HOSTILE, ID, LONG_TOKEN, hostile_graph, sample_graph
from casegraph.visualize import STYLES, Network, VisualizeError, render_html, to_network, write_html

DATA_RE = re.compile(r'<script type="application/json" id="cg-data">(.*?)</script>', re.S)


def page_data(page: str) -> dict:
    match = DATA_RE.search(page)
    assert match, "no JSON data block in the page"
    return json.loads(match.group(1))


def by_label(net: Network, label: str):
    return next(n for n in net.nodes if n.label == label)


@pytest.fixture(scope="module")
def net() -> Network:
    return to_network(sample_graph())


def test_counts_entities_and_facts_without_evidence_or_articles(net: Network) -> None:
    # 8 entities + 6 facts; evidence, articles and SKOS concepts are not nodes.
    assert len(net.nodes) == 14
    assert len(net.edges) == 18
    kinds = {n.style.kind for n in net.nodes}
    assert kinds == {"entity", "fact"}
    assert not any("evidence-" in n.iri or "article-" in n.iri for n in net.nodes)


def test_edge_labels_are_property_local_names(net: Network) -> None:
    labels = {e.label for e in net.edges}
    assert {"victim", "officer", "agency", "location", "memberOf", "within", "familyOf", "speaker"} <= labels
    assert "type" not in labels and "evidence" not in labels


def test_colour_and_class_per_node(net: Network) -> None:
    colours = {s.name: s.colour for s in STYLES}
    assert by_label(net, "Shooting of Anthony Alvarez").cls == "PoliceShooting"
    assert by_label(net, "Chicago Police Department").cls == "PoliceAgency"
    assert by_label(net, "Portage Park").cls == "Neighborhood"
    for n in net.nodes:
        assert n.style.colour == colours[n.cls]
    assert len({s.colour for s in STYLES}) == len(STYLES), "two classes share a colour"
    legend = {e.cls: e.count for e in net.legend}
    assert legend["Person"] == 3 and sum(legend.values()) == len(net.nodes)


def test_size_grows_with_degree(net: Network) -> None:
    shooting = by_label(net, "Shooting of Anthony Alvarez")
    chicago = by_label(net, "Chicago")
    assert shooting.degree == 7 and chicago.degree == 1
    assert shooting.size > chicago.size


def test_evidence_sentences_in_tooltip_and_details(net: Network) -> None:
    shooting = by_label(net, "Shooting of Anthony Alvarez")
    assert "Officer Evan Solano shot Anthony Alvarez in Portage Park." in shooting.tooltip
    assert "PoliceShooting" in shooting.tooltip
    assert len(shooting.evidence) == 2
    assert {e.article.rsplit("/", 1)[-1] for e in shooting.evidence} == {"article-a1", "article-a2"}
    assert ("fatal", "true") in shooting.details and ("date", "2021-03-31") in shooting.details
    demand = by_label(net, "Alvarez family demands prosecution")
    assert ("demandType", "Prosecution") in demand.details  # SKOS concept without prefLabel: local name
    files = {a.source_file for a in net.articles}
    assert files == {"a1.txt", "a2.txt"}


def test_page_carries_evidence_and_articles(net: Network) -> None:
    data = page_data(render_html(net, "t"))
    shooting = next(n for n in data["nodes"] if n["label"] == "Shooting of Anthony Alvarez")
    sentences = [ev[0] for ev in shooting["ev"]]
    assert "Alvarez, 22, was shot in the back as he ran." in sentences
    assert data["articles"][shooting["ev"][0][1]]["file"] in {"a1.txt", "a2.txt"}
    assert len(data["edges"]) == len(net.edges)


def test_page_is_offline_and_self_contained(net: Network) -> None:
    page = render_html(net, "t")
    assert "vis-network" in page and "new vis.Network" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page loads something remote"
    assert "default-src 'none'" in page


def test_page_leaves_out_vis_network_button_images(net: Network) -> None:
    page = render_html(net, "t")
    assert "url(" not in page and "div.vis-tooltip{" in page
    assert len(page) < 600_000  # vis-network's script is ~470 KB; its stylesheet's icons were 215 KB more
    node = page_data(page)["nodes"][0]
    assert "colour" not in node and "shape" not in node  # styling is per class, in the legend


def test_same_graph_gives_identical_bytes(tmp_path) -> None:
    first = render_html(to_network(sample_graph()), "same")
    second = render_html(to_network(sample_graph()), "same")
    assert first == second
    path = write_html(to_network(sample_graph()), tmp_path / "out" / "g.html", title="same")
    assert path.read_text(encoding="utf-8") == first


def test_hostile_text_is_escaped_in_the_page() -> None:
    title = "</title><script>alert(3)</script>"
    page = render_html(to_network(hostile_graph()), title)
    body = DATA_RE.search(page).group(1)  # type: ignore[union-attr]
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in body
    plain = render_html(to_network(sample_graph()), "plain")
    assert page.count("<script") == plain.count("<script")  # vis-network has one in a string
    assert page.count("</script>") == plain.count("</script>")
    assert "alert(1)</script>" not in page and "onerror=alert(2)>" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;</title>" in page
    data = page_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert set(HOSTILE) <= labels and LONG_TOKEN in labels
    assert data["title"] == title


def test_focus_and_hops() -> None:
    g = sample_graph()
    one = to_network(g, focus="Anthony Alvarez", hops=1)
    assert {n.label for n in one.nodes} == {
        "Anthony Alvarez",
        "Shooting of Anthony Alvarez",
        "Alvarez family",
    }
    two = to_network(g, focus=str(ID["person-anthony-alvarez"]), hops=2)
    assert "Evan Solano" in {n.label for n in two.nodes} and len(two.nodes) > len(one.nodes)
    assert len(to_network(g, focus="anthony alvarez", hops=0).nodes) == 1
    assert all(e.source in {n.iri for n in two.nodes} for e in two.edges)
    with pytest.raises(VisualizeError, match="no entity or fact"):
        to_network(g, focus="Nobody At All")


def test_classes_filter() -> None:
    g = sample_graph()
    people = to_network(g, classes=["Person"])
    assert {n.cls for n in people.nodes} == {"Person"} and len(people.nodes) == 3
    orgs = to_network(g, classes=["Organization", "Incident"])
    assert {n.cls for n in orgs.nodes} == {"PoliceAgency", "OversightAgency", "PoliceShooting"}
    assert {e.label for e in orgs.edges} == {"agency"}
    with_articles = to_network(g, classes=["Person", "Article"])
    assert {n.cls for n in with_articles.nodes} == {"Person", "Article"}
    assert {e.label for e in with_articles.edges} == {"mentionedIn"}
    with pytest.raises(VisualizeError, match="unknown class Persn"):
        to_network(g, classes=["Persn"])


def test_label_falls_back_to_local_name_and_empty_graph_renders() -> None:
    g = Graph()
    g.add((ID["person-x"], RDF.type, CG.Person))
    net = to_network(g)
    assert net.nodes[0].label == "person-x"
    assert to_network(Graph()).nodes == ()
    assert "cg-data" in render_html(to_network(Graph()), "empty")


def test_layout_is_spread_and_finite(net: Network) -> None:
    points = {(n.x, n.y) for n in net.nodes}
    assert len(points) == len(net.nodes), "two nodes share a position"
    g = sample_graph()
    g.add((ID["person-lonely"], RDF.type, CG.Person))
    g.add((ID["person-lonely"], RDFS.label, Literal("Lonely")))
    assert len({(n.x, n.y) for n in to_network(g).nodes}) == len(net.nodes) + 1


def test_cli_viz_writes_the_page(tmp_path, capsys) -> None:
    from casegraph.cli import main

    ttl = tmp_path / "g.ttl"
    sample_graph().serialize(ttl, format="turtle")
    out = tmp_path / "g.html"
    assert main(["viz", str(ttl), "--out", str(out), "--focus", "Portage Park", "--hops", "1"]) == 0
    assert "nodes" in capsys.readouterr().out
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} >= {"Portage Park", "Chicago", "March for Anthony Alvarez"}
    assert data["title"] == "g.ttl"
    assert main(["viz", str(ttl), "--out", str(out), "--classes", "Persn"]) == 2
    assert "unknown class Persn" in capsys.readouterr().err
