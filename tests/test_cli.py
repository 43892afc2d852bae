"""The command line in-process: exit codes, one-line errors, explain, build --store, merging."""

from __future__ import annotations

import pytest

from casegraph.cli import main
from casegraph.errors import EXIT_FAILED, EXIT_PARTIAL
from paths import SEEDS


@pytest.fixture(scope="module")
def built(seeds_build):
    return seeds_build[1] / "casegraph.ttl"


def test_explain_lists_sentences_articles_and_rules(built, capsys):
    assert main(["explain", str(built), "Anthony Alvarez"]) == 0
    out = capsys.readouterr().out
    assert "Police shooting of Anthony Alvarez" in out
    assert "000_fe4b59820a7e53fa.txt [" in out and "rule=incident." in out and "confidence=" in out


def test_explain_unknown_name_is_one_line_error(built, capsys):
    assert main(["explain", str(built), "Nobody Atall"]) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Nobody Atall" in err[0]


def test_one_incident_node_across_articles(built):
    from rdflib.namespace import PROV

    from casegraph.graphio import load_graph
    from casegraph.ontology import CG

    g = load_graph(built)
    victims = {}
    for inc in g.subjects(CG.victim, None):
        for v in g.objects(inc, CG.victim):
            victims.setdefault(v, set()).add(inc)
    alvarez = [incs for v, incs in victims.items() if str(v).endswith("person-anthony-alvarez")]
    assert alvarez and len(alvarez[0]) == 1
    (incident,) = alvarez[0]
    assert len(set(g.objects(incident, PROV.wasDerivedFrom))) >= 2


def test_bad_article_is_skipped_with_exit_3(tmp_path, capsys, nlp, monkeypatch):
    import casegraph.nlp as nlp_mod

    monkeypatch.setattr(nlp_mod, "load", lambda name=None: nlp)
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text((SEEDS / "000_fe4b59820a7e53fa.txt").read_text(encoding="utf-8"))
    (src / "bad.txt").write_text("no date header here")
    code = main(["build", str(src), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == EXIT_PARTIAL
    assert "bad.txt: no 'date YYYY-MM-DD' header" in captured.err
    assert (tmp_path / "out" / "casegraph.ttl").exists()
    assert "(1 skipped)" in captured.out


def test_build_store_then_query_without_reparsing(tmp_path, capsys, nlp, monkeypatch):
    import casegraph.nlp as nlp_mod

    monkeypatch.setattr(nlp_mod, "load", lambda name=None: nlp)
    store = tmp_path / "store"
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", str(store)]) == 0
    capsys.readouterr()
    q = "PREFIX cg: <https://w3id.org/casegraph/ns#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a cg:Person }"
    assert main(["query", str(store), q, "--format", "csv"]) == 0
    n = int(capsys.readouterr().out.strip().splitlines()[-1])
    assert n >= 5
