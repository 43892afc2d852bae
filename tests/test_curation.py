"""The curation file: merge, split, rename, retype, reject and same_as, each reported; entries
that match nothing are warned about with their line."""

from __future__ import annotations

import shutil

import pytest
from rdflib import OWL, RDF, RDFS, URIRef

import casegraph.nlp as nlp_mod
from casegraph.cli import main
from casegraph.curation import CurationError, parse_curation
from casegraph.graphio import load_graph
from casegraph.ontology import CG, ID
from casegraph.pipeline import build
from paths import SEEDS

CURATION = """\
# merge two people (an artificial correction, to exercise the code)
[[merge]]
ids = ["Lori Lightfoot", "person-jazmine-salas"]

[[split]]
entity = "person-anthony-alvarez"
article = "002_alvarez_charges_declined.txt"
label = "Anthony Alvarez (charging report)"

[[rename]]
entity = "org-city-council"
label = "Chicago City Council"

[[retype]]
entity = "Justice for Anthony"
class = "AdvocacyGroup"

[[reject]]
class = "Quote"
label = "devastated"

[[same_as]]
entity = "person-anthony-alvarez"
iri = "http://www.wikidata.org/entity/Q000001"

[[rename]]
entity = "Nobody Atall"
label = "Somebody"
"""


@pytest.fixture(scope="module")
def warm(tmp_path_factory, nlp):
    """seeds/ copied to a folder, built once so that curated builds reuse the cache."""
    root = tmp_path_factory.mktemp("curation")
    src = root / "in"
    shutil.copytree(SEEDS, src)
    build([src], root / "plain", nlp=nlp, cache=root / "cache")
    return root


@pytest.fixture
def curated(warm, monkeypatch):
    monkeypatch.setattr(nlp_mod, "load", lambda name=None: pytest.fail("spaCy loaded"))
    (warm / "in" / "casegraph.toml").write_text(CURATION)
    result = build([warm / "in"], warm / "curated", cache=warm / "cache")
    yield result, load_graph(warm / "curated" / "casegraph.ttl")
    (warm / "in" / "casegraph.toml").unlink()


def test_every_entry_is_applied_and_reported(curated):
    result, _g = curated
    text = "\n".join(result.curation)
    assert "curation: merged person-jazmine-salas into person-lori-lightfoot" in text
    assert (
        "curation: split person-anthony-alvarez:" in text
        and "-> person-anthony-alvarez-charging-report" in text
    )
    assert "curation: renamed org-city-council 'City Council' -> 'Chicago City Council'" in text
    assert "curation: retyped org-justice-for-anthony as AdvocacyGroup" in text
    assert "curation: rejected 2 fact report(s) (quote-" in text
    assert (
        "curation: linked person-anthony-alvarez owl:sameAs <http://www.wikidata.org/entity/Q000001>" in text
    )
    assert "curation: warning: no entity matches 'Nobody Atall' (" in text and "line 27)" in text
    assert "curation: warning" in result.summary()


def test_the_graph_shows_the_changes(curated):
    _result, g = curated
    assert (ID["person-jazmine-salas"], None, None) not in g
    assert (ID["person-lori-lightfoot"], RDF.type, CG.Person) in g
    assert (ID["person-anthony-alvarez-charging-report"], RDF.type, CG.Person) in g
    assert str(g.value(ID["org-city-council"], RDFS.label)) == "Chicago City Council"
    assert (ID["org-justice-for-anthony"], RDF.type, CG.AdvocacyGroup) in g
    assert (ID["person-anthony-alvarez"], OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q000001")) in g
    quotes = [str(q) for s in g.subjects(RDF.type, CG.Quote) for q in g.objects(s, CG.quoteText)]
    assert quotes and not any("devastated" in q for q in quotes)


def test_curated_build_is_deterministic(curated, warm):
    first = (warm / "curated" / "casegraph.ttl").read_bytes()
    build([warm / "in"], warm / "curated2", cache=warm / "cache")
    assert (warm / "curated2" / "casegraph.ttl").read_bytes() == first


def test_cli_curation_option(warm, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(nlp_mod, "load", lambda name=None: pytest.fail("spaCy loaded"))
    cur = tmp_path / "fix.toml"
    cur.write_text('[[reject]]\narticle = "nope.txt"\n')
    args = ["build", str(warm / "in"), "--out", str(tmp_path / "o"), "--cache", str(warm / "cache")]
    assert main([*args, "--curation", str(cur)]) == 0
    out = capsys.readouterr().out
    assert "curation: warning: [[reject]] no fact matches article='nope.txt'" in out and "line 2)" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[merge]]\nids = 'x'\n", "ids must list at least two"),
        ("[[retype]]\nentity = 'x'\nclass = 'Alien'\n", "is not one of"),
        ("[[frobnicate]]\nx = 1\n", "unknown section [[frobnicate]]"),
        ("[[rename]]\nentity = 'x'\n", "needs label"),
        ("[[same_as]]\nentity = 'x'\niri = 'Q42'\n", "not an absolute IRI"),
        ("[[merge]\n", "not valid TOML"),
    ],
)
def test_bad_files_name_the_problem(text, message):
    with pytest.raises(CurationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_curation(text, "c.toml")
