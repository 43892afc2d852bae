"""The read-only SPARQL endpoint, driven by a real HTTP client."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import requests

from casegraph.serve import endpoint_url, make_server, serve_in_thread
from test_export import HOSTILE, sample_graph

Q = (
    "SELECT ?label WHERE { <https://w3id.org/casegraph/id/person-hostile> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = make_server(sample_graph(), port=0)
    stop = serve_in_thread(server)
    yield endpoint_url(server)
    stop()


def test_get_json_with_cors(url: str) -> None:
    resp = requests.get(url, params={"query": Q}, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/sparql-results+json")
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert resp.json()["results"]["bindings"][0]["label"]["value"] == HOSTILE


def test_post_query_body_and_form(url: str) -> None:
    body = requests.post(
        url,
        data=Q.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
        timeout=10,
    )
    assert body.status_code == 200 and body.headers["Content-Type"].startswith(
        "application/sparql-results+xml"
    )
    [sol] = list(ox.parse_query_results(body.content, format=ox.QueryResultsFormat.XML))
    assert sol["label"].value == HOSTILE
    form = requests.post(url, data={"query": Q}, headers={"Accept": "text/csv"}, timeout=10)
    assert list(csv.reader(io.StringIO(form.text))) == [["label"], [HOSTILE]]
    tsv = requests.get(url, params={"query": Q}, headers={"Accept": "text/tab-separated-values"}, timeout=10)
    assert tsv.text.startswith("?label\n")


def test_construct_as_turtle(url: str) -> None:
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    resp = requests.get(url, params={"query": q}, headers={"Accept": "text/turtle"}, timeout=10)
    assert resp.headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(resp.content, format=ox.RdfFormat.TURTLE))) == len(sample_graph())


def test_updates_are_refused(url: str) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert (
        requests.post(
            url, data=update, headers={"Content-Type": "application/sparql-update"}, timeout=10
        ).status_code
        == 403
    )
    assert requests.post(url, data={"update": update}, timeout=10).status_code == 403
    assert requests.get(url, params={"query": update}, timeout=10).status_code == 403
    assert requests.get(url, params={"query": "ASK { <urn:a> ?p ?o }"}, timeout=10).json()["boolean"] is False


def test_bad_requests(url: str) -> None:
    assert requests.get(url, timeout=10).status_code == 400
    assert requests.get(url, params={"query": "SELECT WHERE {"}, timeout=10).status_code == 400
    pre = requests.options(url, headers={"Origin": "http://yasgui.example"}, timeout=10)
    assert pre.status_code == 204 and pre.headers["Access-Control-Allow-Origin"] == "*"
