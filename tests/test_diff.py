"""casegraph diff: entities and facts added, removed and changed, by label, class and sentence."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal

from casegraph.cli import main
from casegraph.diff import diff_graphs, format_diff
from casegraph.graphio import load_graph
from casegraph.ontology import CG, ID


def test_identical_graphs(seeds_build, capsys):
    ttl = str(seeds_build[1] / "casegraph.ttl")
    assert main(["diff", ttl, ttl]) == 0
    assert "describe the same entities and facts" in capsys.readouterr().out


def test_added_removed_and_changed_in_human_terms(seeds_build, tmp_path, capsys):
    old = load_graph(seeds_build[1] / "casegraph.ttl")
    new = load_graph(seeds_build[1] / "casegraph.ttl")
    quote = next(iter(new.subjects(RDF.type, CG.Quote)))
    sentence = str(new.value(new.value(quote, CG.evidence), CG.sentence))
    for t in list(new.triples((quote, None, None))):
        new.remove(t)
    new.add((ID["person-jane-doe"], RDF.type, CG.Person))
    new.add((ID["person-jane-doe"], RDFS.label, Literal("Jane Doe")))
    new.set((ID["org-city-council"], RDFS.label, Literal("Chicago City Council")))
    d = diff_graphs(old, new)
    assert [n.label for n in d.added] == ["Jane Doe"]
    assert [n.iri for n in d.removed] == [str(quote)] and d.removed[0].sentences[0][1] == sentence
    text = format_diff(d)
    assert "+ entity Person 'Jane Doe' <person-jane-doe>" in text
    assert "- fact Quote " in text and sentence[:40] in text
    assert "~ entity GovernmentBody/Organization 'Chicago City Council' <org-city-council>" in text
    assert "    + rdfs:label: Chicago City Council" in text and "    - rdfs:label: City Council" in text
    new.serialize(tmp_path / "new.ttl", format="turtle")
    assert main(["diff", str(seeds_build[1] / "casegraph.ttl"), str(tmp_path / "new.ttl")]) == 0
    assert "1 added, 1 removed" in capsys.readouterr().out
