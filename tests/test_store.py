"""On-disk Oxigraph stores, and pushing to a real Oxigraph server over the Graph Store Protocol."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from casegraph.errors import GraphError, StoreError
from casegraph.export import to_turtle
from casegraph.query import run_query
from casegraph.store import open_source, push, write_store
from test_export import sample_graph

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "contract" / "queries"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture()
def ttl(tmp_path: Path) -> Path:
    path = tmp_path / "casegraph.ttl"
    path.write_text(to_turtle(sample_graph()), encoding="utf-8")
    return path


def _rows(result) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else t.value for t in row) for row in result.rows)


def test_write_store_then_query_it_read_only(ttl: Path, tmp_path: Path) -> None:
    store_dir = write_store(ttl, tmp_path / "store")
    assert len(open_source(store_dir)) == len(sample_graph())
    for path in sorted(CONTRACT.glob("*.rq")):
        q = path.read_text(encoding="utf-8")
        assert _rows(run_query(store_dir, q)) == _rows(run_query(ttl, q)), path.name
    write_store(sample_graph(), store_dir)  # replaces an existing store
    assert len(open_source(store_dir)) == len(sample_graph())


def test_open_source_errors(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="no such"):
        open_source(tmp_path / "missing.ttl")
    with pytest.raises(GraphError, match="not an Oxigraph store"):
        open_source(tmp_path)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot load"):
        open_source(bad)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def oxigraph_server(tmp_path: Path):
    port = _free_port()
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def _remote(base: str, query: str) -> list[tuple[str, ...]]:
    resp = requests.get(
        f"{base}/query",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    resp.raise_for_status()
    doc = resp.json()
    names = doc["head"]["vars"]
    return sorted(tuple(b.get(v, {}).get("value", "") for v in names) for b in doc["results"]["bindings"])


@pytest.mark.store
def test_push_to_a_real_oxigraph_server(ttl: Path, oxigraph_server: str) -> None:
    result = push(ttl, f"{oxigraph_server}/store", replace=True, chunk_size=50)
    assert result.triples == len(sample_graph()) and result.requests == -(-len(sample_graph()) // 50)
    push(ttl, f"{oxigraph_server}/store", replace=True, chunk_size=50, fmt="ttl")  # replace: no doubling
    assert _remote(oxigraph_server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == [(str(len(sample_graph())),)]
    for path in sorted(CONTRACT.glob("*.rq")):
        q = path.read_text(encoding="utf-8")
        assert _remote(oxigraph_server, q) == _rows(run_query(ttl, q)), path.name
    push(ttl, f"{oxigraph_server}/store", graph="https://example.org/g", replace=True)
    n = _remote(oxigraph_server, "SELECT (COUNT(*) AS ?n) { GRAPH <https://example.org/g> { ?s ?p ?o } }")
    assert n == [(str(len(sample_graph())),)]


@pytest.mark.store
def test_push_refused_is_one_clear_line(ttl: Path, oxigraph_server: str) -> None:
    with pytest.raises(StoreError, match=r"HTTP 4\d\d") as err:
        push(ttl, f"{oxigraph_server}/nowhere", user="u", password="s3cret-pw")
    assert "\n" not in str(err.value) and "s3cret-pw" not in str(err.value)


def test_push_unreachable_retries_then_fails(ttl: Path) -> None:
    t0 = time.monotonic()
    with pytest.raises(StoreError, match="cannot reach"):
        push(ttl, f"http://127.0.0.1:{_free_port()}/store", retries=2)
    assert time.monotonic() - t0 >= 1.4  # 0.5 + 1.0 s of backoff


@pytest.mark.store
def test_cli_push(ttl: Path, oxigraph_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    from casegraph.cli import main

    os.environ["CG_TEST_PW"] = "hunter2"
    code = main(
        [
            "push",
            str(ttl),
            "--endpoint",
            f"{oxigraph_server}/store",
            "--replace",
            "--user",
            "me",
            "--password-env",
            "CG_TEST_PW",
        ]
    )
    out = capsys.readouterr()
    assert code == 0 and "pushed" in out.out and "hunter2" not in out.out + out.err
