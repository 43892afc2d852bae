"""Pushing to a real Virtuoso (private instance, HTTP Digest auth) and querying it back.

The instance is started by scripts/start-virtuoso.sh in a temporary folder on free 127.0.0.1
ports and stopped by its PID. Virtuoso cuts SELECT results at 10,000 rows (ResultSetMaxRows), so
big answers are compared by COUNT and by paging with ORDER BY / LIMIT / OFFSET.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import RDFS, Graph, Literal, Namespace

from casegraph.cli import main
from casegraph.export import to_turtle
from casegraph.query import run_query
from casegraph.store import push
from paths import CONTRACT_QUERIES, ROOT
from test_export import sample_graph

pytestmark = pytest.mark.store

START = ROOT / "scripts" / "start-virtuoso.sh"
PASSWORD = "cgTest7pw"  # a throw-away instance: alphanumeric, as Virtuoso's SET PASSWORD wants
GRAPH = "https://w3id.org/casegraph/test/graph"
MAX_ROWS = 10_000
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
ID = Namespace("https://w3id.org/casegraph/id/")


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a private Virtuoso instance (user dba, password PASSWORD)."""
    if shutil.which("virtuoso-t") is None:
        pytest.skip("virtuoso-t missing: run bash scripts/install-system-deps.sh")
    folder = tmp_path_factory.mktemp("virtuoso")
    proc = subprocess.run(
        ["bash", str(START), str(folder), PASSWORD],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "VIRTUOSO_TIMEOUT": "60"},
    )
    pid_file = folder / "virtuoso.pid"
    if proc.returncode != 0:
        if pid_file.exists():
            _stop(int(pid_file.read_text()))
        log = (
            (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            if (folder / "virtuoso.log").exists()
            else ""
        )
        pytest.fail(f"Virtuoso did not start: {proc.stderr.strip()}\n{log}")
    http_port, _, pid = proc.stdout.split()
    try:
        yield f"http://127.0.0.1:{http_port}"
    finally:
        _stop(int(pid))


def _select(base: str, query: str) -> tuple[list[str], list[tuple[str, ...]], requests.Response]:
    resp = requests.post(
        f"{base}/sparql",
        data={"query": query, "default-graph-uri": GRAPH},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert resp.status_code == 200, f"{resp.status_code}: {resp.text[:500]}"
    doc = resp.json()
    names = doc["head"]["vars"]
    rows = [tuple(_value(b.get(v)) for v in names) for b in doc["results"]["bindings"]]
    return names, rows, resp


def _value(binding: dict[str, str] | None) -> str:
    """A binding's lexical value; Virtuoso writes xsd:boolean true/false as 1/0."""
    if binding is None:
        return ""
    if binding.get("datatype") == XSD_BOOLEAN and binding["value"] in ("0", "1"):
        return "true" if binding["value"] == "1" else "false"
    return binding["value"]


def _count(base: str, where: str = "?s ?p ?o") -> int:
    _, rows, _ = _select(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(rows[0][0])


def _local(path: Path, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else t.value for t in row) for row in run_query(path, query).rows)


def test_cli_push_then_query_matches_the_local_graph(virtuoso: str, tmp_path: Path) -> None:
    ttl = tmp_path / "casegraph.ttl"
    ttl.write_text(to_turtle(sample_graph()), encoding="utf-8")
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    os.environ["CG_VIRTUOSO_PW"] = PASSWORD
    args = ["push", str(ttl), "--endpoint", endpoint, "--graph", GRAPH, "--user", "dba"]
    args += ["--password-env", "CG_VIRTUOSO_PW", "--format", "nt", "--replace"]
    assert main(args) == 0
    assert main(args) == 0  # --replace: a second push does not double the graph
    assert _count(virtuoso) == len(sample_graph())
    compared = 0
    for path in sorted(CONTRACT_QUERIES.glob("cq0[1-7]_*.rq")):
        query = path.read_text(encoding="utf-8")
        _, rows, _ = _select(virtuoso, query)
        assert sorted(rows) == _local(ttl, query), path.name
        compared += 1
    assert compared == 7
    # the hostile literal (quotes, backslashes, newline, RTL override, emoji) survives the trip
    _, rows, _ = _select(virtuoso, f"SELECT ?l WHERE {{ <{ID['person-hostile']}> <{RDFS.label}> ?l }}")
    assert rows == [(str(next(sample_graph().objects(ID["person-hostile"], RDFS.label))),)]


def test_push_beyond_the_row_cap_in_chunks(virtuoso: str) -> None:
    n = MAX_ROWS + 2_000
    g = Graph()
    for i in range(n):
        g.add((ID[f"thing-{i:05d}"], RDFS.label, Literal(f"thing {i}")))
    result = push(
        g,
        f"{virtuoso}/sparql-graph-crud-auth",
        GRAPH,
        replace=True,
        user="dba",
        password=PASSWORD,
        chunk_size=5_000,
    )
    assert (result.triples, result.requests) == (n, 3)
    assert _count(virtuoso) == n
    _, rows, resp = _select(virtuoso, "SELECT ?s ?l WHERE { ?s ?p ?l }")
    assert len(rows) == MAX_ROWS  # Virtuoso's silent cap: never trust one big SELECT
    # OFFSET past 10,000 sorted rows is refused (SR353): page by key instead
    seen: list[tuple[str, ...]] = []
    last = ""
    while True:
        query = f'SELECT ?s ?l WHERE {{ ?s ?p ?l FILTER(STR(?s) > "{last}") }} ORDER BY STR(?s) LIMIT 5000'
        page = _select(virtuoso, query)[1]
        if not page:
            break
        seen += page
        last = page[-1][0]
    assert sorted(seen) == sorted((str(s), str(o)) for s, _, o in g)
    # a Graph Store Protocol GET is capped too (about 10,000 triples): its triples are right, not all
    resp = requests.get(
        f"{virtuoso}/sparql-graph-crud-auth",
        params={"graph": GRAPH},
        headers={"Accept": "application/n-triples"},
        auth=requests.auth.HTTPDigestAuth("dba", PASSWORD),
        timeout=60,
    )
    assert resp.status_code == 200, resp.text[:300]
    back = set(Graph().parse(data=resp.text, format="nt"))
    assert back and back <= set(g)
