"""A read-only SPARQL 1.1 Protocol endpoint over a pyoxigraph store, on 127.0.0.1.

GET ``?query=``, POST ``application/sparql-query`` and POST form-encoded ``query=`` are answered
on any path (``/sparql`` by convention); results are JSON, XML, CSV or TSV by the ``Accept``
header (JSON by default), graphs Turtle or N-Triples. Updates are refused with 403. Every answer
carries ``Access-Control-Allow-Origin: *`` so that YASGUI in a browser can use the endpoint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .query import is_update
from .store import SourceLike, open_source

RESULT_TYPES = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("application/xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
]
GRAPH_TYPES = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
]
MAX_BODY = 1_000_000
F = TypeVar("F")


def _choose(accept: str, table: list[tuple[str, F]]) -> tuple[str, F]:
    """The first media type of ``table`` that the Accept header names (else the table's first)."""
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    for media in wanted:
        for name, fmt in table:
            if media == name:
                return name, fmt
    return table[0]


def answer(store: ox.Store, query: str, accept: str) -> tuple[int, str, bytes]:
    """(status, content type, body) for one query; pure except for reading the store."""
    if is_update(query):
        return 403, "text/plain; charset=utf-8", b"this endpoint is read-only: SPARQL Update is refused\n"
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}\n".encode()
    except (RuntimeError, OSError, ValueError) as exc:
        return 500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode()
    if isinstance(result, ox.QueryTriples):
        media, rdf_fmt = _choose(accept, GRAPH_TYPES)
        body = result.serialize(format=rdf_fmt)
    else:
        media, res_fmt = _choose(accept, RESULT_TYPES)
        body = result.serialize(format=res_fmt)
    charset = "; charset=utf-8" if not media.endswith("xml") else ""
    return 200, media + charset, body or b""


def make_handler(store: ox.Store) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``store``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "casegraph-sparql/1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            params = parse_qs(urlsplit(self.path).query)
            if "update" in params:
                self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only\n")
            elif "query" not in params:
                self._send(400, "text/plain; charset=utf-8", b"missing ?query= (a SPARQL query)\n")
            else:
                self._send(*answer(store, params["query"][0], self.headers.get("Accept", "")))

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(413, "text/plain; charset=utf-8", b"query too large\n")
                return
            body = self.rfile.read(length).decode("utf-8", "replace")
            ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only\n")
                return
            query = body if ctype == "application/sparql-query" else None
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body)
                if "update" in form:
                    self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only\n")
                    return
                query = form.get("query", [None])[0]
            if query is None:
                self._send(
                    400, "text/plain; charset=utf-8", b"send a query as application/sparql-query or form\n"
                )
                return
            self._send(*answer(store, query, self.headers.get("Accept", "")))

        def do_OPTIONS(self) -> None:  # noqa: N802 - CORS preflight
            self._send(204, "text/plain", b"")

        def _send(self, status: int, ctype: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # quiet; the CLI prints the address once

    return Handler


def make_server(source: SourceLike, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A SPARQL endpoint server over a graph file, store folder or Store (port 0: a free one)."""
    server = ThreadingHTTPServer((host, port), make_handler(open_source(source)))
    server.daemon_threads = True
    return server


def endpoint_url(server: ThreadingHTTPServer) -> str:
    """The endpoint's URL, e.g. ``http://127.0.0.1:8000/sparql``."""
    host, port = server.server_address[:2]
    if isinstance(host, bytes):
        host = host.decode()
    return f"http://{host}:{port}/sparql"


def serve_in_thread(server: ThreadingHTTPServer) -> Callable[[], None]:
    """Start ``server`` in a daemon thread; returns the function that stops it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(5)

    return stop
