"""SPARQL over graph files and stores: bundled queries, safe parameters, result formats, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from casegraph.cli import main
from casegraph.errors import QueryError
from casegraph.export import to_turtle
from casegraph.query import (
    bundled_queries,
    format_csv,
    format_json,
    format_table,
    format_tsv,
    is_update,
    run_query,
)
from test_export import HOSTILE, sample_graph

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "contract" / "queries"


@pytest.fixture()
def ttl(tmp_path: Path) -> Path:
    path = tmp_path / "casegraph.ttl"
    path.write_text(to_turtle(sample_graph()), encoding="utf-8")
    return path


def _values(result, var: str) -> list[str]:
    i = result.variables.index(var)
    return [row[i].value for row in result.rows if row[i] is not None]


def test_bundled_queries_have_headers_and_run(ttl: Path) -> None:
    queries = bundled_queries()
    assert {
        "demands_to",
        "incidents_by_agency",
        "timeline",
        "most_quoted",
        "members",
        "low_confidence",
    } <= set(queries)
    for q in queries.values():
        assert q.description, q.name
        run_query(ttl, q.text)


def test_timeline_is_in_date_order_and_bound_safely(ttl: Path) -> None:
    result = run_query(ttl, bundled_queries()["timeline"].text, {"victim": "Adam Toledo"})
    dates = _values(result, "date")
    assert dates == sorted(dates) and dates[0] == "2021-03-29" and dates[-1] == "2022-03-15"
    kinds = _values(result, "kind")
    assert str(kinds[0]).endswith("PoliceShooting")
    assert any(k.endswith("EvidenceRelease") for k in kinds) and any(
        k.endswith("ChargesDeclined") for k in kinds
    )
    injection = 'Adam Toledo" } UNION { ?event ?p ?o } #'
    assert run_query(ttl, bundled_queries()["timeline"].text, {"victim": injection}).rows == ()


def test_hostile_parameter_matches_exactly(ttl: Path) -> None:
    result = run_query(ttl, bundled_queries()["demands_to"].text, {"addressee": "Lori Lightfoot"})
    assert _values(result, "claimant") == [HOSTILE]


def test_low_confidence_threshold_is_a_number(ttl: Path) -> None:
    text = bundled_queries()["low_confidence"].text
    assert sorted(_values(run_query(ttl, text), "confidence")) == ["0.4", "0.55"]
    assert _values(run_query(ttl, text, {"threshold": "0.5"}), "confidence") == ["0.4"]


def test_contract_queries_run_unchanged(ttl: Path) -> None:
    for path in sorted(CONTRACT.glob("*.rq")):
        result = run_query(ttl, path.read_text(encoding="utf-8"))
        assert (len(result.rows) == 0) == path.name.startswith("cq08"), path.name


def test_updates_refused_unless_allowed(ttl: Path) -> None:
    for q in [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "PREFIX x: <http://x#> # c\nDELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/x>",
        "CREATE GRAPH <a:g>",
    ]:
        assert is_update(q)
        with pytest.raises(QueryError, match="--update"):
            run_query(ttl, q)
    assert not is_update("SELECT * { ?s ?p 'DELETE' }")
    run_query(ttl, "INSERT DATA { <urn:a> <urn:b> 'c' }", allow_update=True)
    assert run_query(ttl, "ASK { <urn:a> <urn:b> 'c' }").boolean is True


def test_errors_are_query_errors(ttl: Path) -> None:
    with pytest.raises(QueryError, match="syntax"):
        run_query(ttl, "SELECT WHERE {")
    with pytest.raises(QueryError, match="no variable"):
        run_query(ttl, "SELECT ?s { ?s ?p ?o }", {"nope": "x"})


def test_formats_follow_the_sparql_results_specs(ttl: Path) -> None:
    q = (
        "SELECT ?s ?label ?n WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        "OPTIONAL { ?s <https://w3id.org/casegraph/ns#age> ?n } } ORDER BY ?label"
    )
    result = run_query(ttl, q)
    parsed = ox.parse_query_results(format_json(result), format=ox.QueryResultsFormat.JSON)
    assert [[sol[v] for v in result.variables] for sol in parsed] == [list(r) for r in result.rows]
    parsed = ox.parse_query_results(format_tsv(result), format=ox.QueryResultsFormat.TSV)
    assert [[sol[v] for v in result.variables] for sol in parsed] == [list(r) for r in result.rows]
    csv_text = format_csv(result)
    assert csv_text.startswith("s,label,n\r\n") and '"He said ""stop""' in csv_text
    table = format_table(result).splitlines()
    assert table[0].split() == ["s", "label", "n"] and table[-1].startswith("(")
    assert "id:person-adam-toledo" in "\n".join(table)
    assert json.loads(format_json(run_query(ttl, "ASK { ?s ?p ?o }"))) == {"head": {}, "boolean": True}


def test_cli_query(ttl: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["query", "--list"]) == 0
    assert "timeline" in capsys.readouterr().out
    assert (
        main(["query", str(ttl), "--name", "timeline", "--param", "victim=Adam Toledo", "--format", "json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["results"]["bindings"]
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", encoding="utf-8")
    assert main(["query", str(ttl), str(rq), "--format", "csv"]) == 0
    assert capsys.readouterr().out == f"n\r\n{len(sample_graph())}\r\n"
    assert main(["query", str(ttl), "DROP ALL"]) == 2
    assert "--update" in capsys.readouterr().err


def test_bundled_unsourced_answers_like_contract_cq08(tmp_path: Path) -> None:
    from rdflib import Namespace

    cg, ids = Namespace("https://w3id.org/casegraph/ns#"), Namespace("https://w3id.org/casegraph/id/")
    g = sample_graph()
    assert run_query(g, (CONTRACT / "cq08_unsourced.rq").read_text(encoding="utf-8")).rows == ()
    g.remove((ids["evidence-e001"], cg.charEnd, None))  # evidence without an end offset
    g.remove((ids["quote-2"], cg.evidence, None))  # a fact without evidence
    g.remove((ids["article-001-toledo"], cg.sourceFile, None))  # an article without a file
    path = tmp_path / "broken.ttl"
    path.write_text(to_turtle(g), encoding="utf-8")
    cq08 = run_query(path, (CONTRACT / "cq08_unsourced.rq").read_text(encoding="utf-8"))
    fast = run_query(path, bundled_queries()["unsourced"].text)
    assert fast.variables == cq08.variables
    rows = sorted(tuple(str(t) for t in row) for row in fast.rows)
    assert rows == sorted(tuple(str(t) for t in row) for row in cq08.rows)
    assert len(rows) > 5 and any("quote-2" in r[0] for r in rows)


# --- hub-safe bundled queries: same rows as the per-row-label forms they replaced ------------------

_PER_ROW_LABEL = {  # the bundled queries before the hub-safe rewrite (one label lookup per row)
    "incidents_by_agency": """
SELECT ?agency (COUNT(DISTINCT ?incident) AS ?incidents) (COUNT(DISTINCT ?a) AS ?articles)
       (GROUP_CONCAT(DISTINCT ?victim; separator=", ") AS ?victims)
WHERE {
  ?incident a cg:Incident ; cg:agency ?ag ; prov:wasDerivedFrom ?a .
  ?ag rdfs:label ?agency .
  OPTIONAL { ?incident cg:victim/rdfs:label ?victim }
}
GROUP BY ?agency
ORDER BY DESC(?incidents) ?agency""",
    "demands_to": """
SELECT DISTINCT ?addressee ?claimant ?type ?concerns ?file ?demand WHERE {
  ?demand a cg:Demand ; cg:addressee ?ad ; prov:wasDerivedFrom ?a .
  ?ad rdfs:label ?addressee .
  ?a cg:sourceFile ?file .
  OPTIONAL { ?demand cg:claimant/rdfs:label ?claimant }
  OPTIONAL { ?demand cg:demandType ?type }
  OPTIONAL {
    ?demand cg:concerns ?c .
    { ?c cg:victim/rdfs:label ?concerns } UNION { ?c a cg:Person ; rdfs:label ?concerns }
  }
}
ORDER BY ?addressee ?file ?claimant ?demand""",
    "members": """
SELECT ?organization ?member ?role (COUNT(DISTINCT ?a) AS ?articles) WHERE {
  ?m a cg:Membership ; cg:member ?p ; cg:organization ?o ; prov:wasDerivedFrom ?a .
  ?o rdfs:label ?organization .
  ?p rdfs:label ?member .
  OPTIONAL { ?m cg:roleLabel ?role }
}
GROUP BY ?organization ?member ?role
ORDER BY ?organization ?member ?role""",
    "most_quoted": """
SELECT ?speaker (COUNT(DISTINCT ?quote) AS ?quotes) (COUNT(DISTINCT ?a) AS ?articles) (MIN(?text) AS ?example)
WHERE {
  ?quote a cg:Quote ; cg:speaker ?s ; prov:wasDerivedFrom ?a .
  ?s rdfs:label ?speaker .
  OPTIONAL { ?quote cg:quoteText ?text }
}
GROUP BY ?s ?speaker
ORDER BY DESC(?quotes) ?speaker
LIMIT 100""",
}
_PREFIXES = """PREFIX cg: <https://w3id.org/casegraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# A hub agency (3 incidents), a second agency node sharing its label (grouped with it by label),
# an agency with two labels, one without a label, incidents without victims or with unlabelled
# ones; demands with and without claimants/types/concerns; memberships with and without roles.
_HUB_GRAPH = (
    _PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n")
    + """@prefix : <https://w3id.org/casegraph/id/> .
:a1 cg:sourceFile "1.txt" . :a2 cg:sourceFile "2.txt" . :a3 cg:sourceFile "3.txt" .
:cpd a cg:PoliceAgency ; rdfs:label "Chicago Police" ; cg:mentionedIn :a1, :a2, :a3 .
:cpd2 a cg:PoliceAgency ; rdfs:label "Chicago Police" ; cg:mentionedIn :a3 .
:copa a cg:OversightAgency ; rdfs:label "COPA", "Civilian Office" ; cg:mentionedIn :a2 .
:nolabel a cg:PoliceAgency ; cg:mentionedIn :a1 .
:adam a cg:Person ; rdfs:label "Adam Toledo" . :anthony a cg:Person ; rdfs:label "Anthony Alvarez" .
:ghost a cg:Person . :mayor a cg:Person ; rdfs:label "Lori Lightfoot" .
:family a cg:Family ; rdfs:label "Toledo family" .
:i1 a cg:Incident, cg:PoliceShooting ; cg:agency :cpd ; cg:victim :adam ; prov:wasDerivedFrom :a1, :a2 .
:i2 a cg:Incident ; cg:agency :cpd ; cg:victim :anthony ; prov:wasDerivedFrom :a2 .
:i3 a cg:Incident ; cg:agency :cpd, :copa ; prov:wasDerivedFrom :a3 .
:i4 a cg:Incident ; cg:agency :cpd2 ; cg:victim :ghost ; prov:wasDerivedFrom :a3 .
:i5 a cg:Incident ; cg:agency :nolabel ; cg:victim :adam ; prov:wasDerivedFrom :a1 .
:d1 a cg:Demand ; cg:addressee :mayor ; cg:claimant :family ; cg:demandType cg:Release ;
    cg:concerns :i1, :adam ; prov:wasDerivedFrom :a1 .
:d2 a cg:Demand ; cg:addressee :mayor ; prov:wasDerivedFrom :a2, :a3 .
:d3 a cg:Demand ; cg:addressee :cpd, :nolabel ; cg:claimant :ghost ; cg:concerns :i3 ; prov:wasDerivedFrom :a3 .
:m1 a cg:Membership ; cg:member :mayor ; cg:organization :cpd ; cg:roleLabel "boss" ; prov:wasDerivedFrom :a1, :a2 .
:m2 a cg:Membership ; cg:member :adam ; cg:organization :cpd2 ; prov:wasDerivedFrom :a3 .
:m3 a cg:Membership ; cg:member :anthony ; cg:organization :copa ; prov:wasDerivedFrom :a3 .
:m4 a cg:Membership ; cg:member :ghost ; cg:organization :cpd ; prov:wasDerivedFrom :a3 .
:q1 a cg:Quote ; cg:speaker :cpd ; cg:quoteText "b" ; prov:wasDerivedFrom :a1 .
:q2 a cg:Quote ; cg:speaker :cpd ; cg:quoteText "a" ; prov:wasDerivedFrom :a1 .
:q3 a cg:Quote ; cg:speaker :copa ; prov:wasDerivedFrom :a2 .
:q4 a cg:Quote ; cg:speaker :ghost ; cg:quoteText "c" ; prov:wasDerivedFrom :a2 .
"""
)


def _rows(result) -> list[tuple[str, ...]]:
    """Rows as strings; GROUP_CONCAT lists (order unspecified in SPARQL) sorted."""
    out = []
    for row in result.rows:
        cells = ["" if t is None else str(t) for t in row]
        if "victims" in result.variables:
            i = result.variables.index("victims")
            cells[i] = ", ".join(sorted(row[i].value.split(", "))) if row[i] is not None else ""
        out.append(tuple(cells))
    return out


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("incidents_by_agency", {}),
        ("incidents_by_agency", {"agency": "Chicago Police"}),
        ("incidents_by_agency", {"agency": "COPA"}),
        ("demands_to", {}),
        ("demands_to", {"addressee": "Lori Lightfoot"}),
        ("members", {}),
        ("members", {"organization": "Chicago Police"}),
        ("most_quoted", {}),
        ("most_quoted", {"speaker": "Civilian Office"}),
    ],
)
def test_hub_safe_queries_answer_like_per_row_label_forms(
    name: str, params: dict[str, str], tmp_path: Path, ttl: Path
) -> None:
    hub = tmp_path / "hub.ttl"
    hub.write_text(_HUB_GRAPH, encoding="utf-8")
    old, new = _PREFIXES + _PER_ROW_LABEL[name], bundled_queries()[name].text
    for graph in (hub, ttl):
        before, after = run_query(graph, old, params), run_query(graph, new, params)
        assert after.variables == before.variables
        # same rows in the same order (rows tied on every ORDER BY key may swap: compare sorted too)
        assert sorted(_rows(after)) == sorted(_rows(before)), (name, graph.name)
        keys = [before.variables.index(v) for v in before.variables[:1]]
        assert [[r[k] for k in keys] for r in _rows(after)] == [[r[k] for k in keys] for r in _rows(before)]
    assert run_query(hub, new, params).rows, name  # the hand-built graph exercises every query
    if name == "incidents_by_agency" and not params:  # grouped by label: :cpd and :cpd2 together
        assert _rows(run_query(hub, new))[0][:2] == (
            '"Chicago Police"',
            '"4"^^<http://www.w3.org/2001/XMLSchema#integer>',
        )
