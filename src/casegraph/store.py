"""Triple stores: pyoxigraph stores (in memory or on disk) and pushing to remote SPARQL stores.

:func:`open_source` is how every command gets a queryable store: a graph file is bulk-loaded into
an in-memory store, an on-disk store folder (written by :func:`write_store`) is opened read-only.
:func:`push` loads a graph into any store speaking the SPARQL 1.1 Graph Store HTTP Protocol; it
is the only code here that talks to the network.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib

from .errors import GraphError, StoreError
from .export import ntriples_unsorted

if TYPE_CHECKING:
    import requests

SourceLike = str | os.PathLike[str] | ox.Store | rdflib.Graph

_OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def ox_format(path: str | os.PathLike[str]) -> ox.RdfFormat:
    """The pyoxigraph format of a graph file, from its extension (Turtle when unknown)."""
    return _OX_FORMATS.get(Path(path).suffix.lower(), ox.RdfFormat.TURTLE)


def _bulk_load(store: ox.Store, path: Path) -> None:
    try:
        store.bulk_load(path=str(path), format=ox_format(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: cannot load: {str(exc).splitlines()[0][:200]}") from None


def _fill(store: ox.Store, source: str | os.PathLike[str] | rdflib.Graph) -> None:
    if isinstance(source, rdflib.Graph):
        store.bulk_load(ntriples_unsorted(source), format=ox.RdfFormat.N_TRIPLES)
    else:
        _bulk_load(store, Path(source))


def is_store_dir(path: str | os.PathLike[str]) -> bool:
    """True for a folder holding an on-disk Oxigraph (RocksDB) store."""
    return Path(path, "CURRENT").is_file()


def open_source(source: SourceLike, writable: bool = False) -> ox.Store:
    """A pyoxigraph store over a graph file (loaded in memory), a store folder, a Graph or a Store.

    A store folder is opened read-only unless ``writable``; a folder that is not a store is an error.
    """
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, rdflib.Graph):
        store = ox.Store()
        _fill(store, source)
        return store
    path = Path(source)
    if path.is_dir():
        if not is_store_dir(path):
            raise GraphError(f"{path}: a folder, but not an Oxigraph store (write one with build --store)")
        try:
            return ox.Store(str(path)) if writable else ox.Store.read_only(str(path))
        except OSError as exc:
            raise GraphError(f"{path}: cannot open the store: {str(exc).splitlines()[0][:200]}") from None
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file or store folder")
    store = ox.Store()
    _bulk_load(store, path)
    return store


def write_store(source: str | os.PathLike[str] | rdflib.Graph, store_dir: str | os.PathLike[str]) -> Path:
    """Write a persistent on-disk Oxigraph store at ``store_dir`` from a graph file or Graph.

    The store is built in a sibling temporary folder and renamed into place, so an existing store
    is replaced only by a complete new one.
    """
    target = Path(store_dir)
    if target.exists() and not (target.is_dir() and (is_store_dir(target) or not any(target.iterdir()))):
        raise GraphError(f"{target}: exists and is not an Oxigraph store; choose another --store folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        store = ox.Store(str(tmp))
        _fill(store, source)
        store.flush()
        store.optimize()
        del store
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def count_triples(store: ox.Store) -> int:
    """Number of quads in all graphs of the store."""
    return len(store)


# --- pushing to a remote store (SPARQL 1.1 Graph Store HTTP Protocol) ----------------------------

MEDIA_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle"}
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` sent."""

    endpoint: str
    graph: str | None
    triples: int
    requests: int

    def summary(self) -> str:
        target = f"graph <{self.graph}>" if self.graph else "the default graph"
        return f"pushed {self.triples} triples to {target} at {self.endpoint} in {self.requests} request(s)"


def _chunks(store: ox.Store, size: int, fmt: str) -> Iterator[tuple[int, bytes]]:
    """The store's triples (all graphs merged) as serialized chunks of at most ``size`` triples."""
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
    batch: list[ox.Triple] = []
    for quad in store.quads_for_pattern(None, None, None, None):
        batch.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        if len(batch) >= size:
            yield len(batch), _ser(batch, rdf_format)
            batch = []
    if batch:
        yield len(batch), _ser(batch, rdf_format)


def _ser(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    data = ox.serialize(triples, format=fmt)
    assert data is not None
    return data


def _maybe_digest(session: requests.Session, resp: requests.Response) -> bool:
    """Switch Basic credentials to Digest when a 401 asks for Digest, or names no scheme at all.

    Virtuoso answers a request carrying Basic credentials with a bare 401 (no challenge): Digest's
    own handshake then fetches the challenge. A server that asks for Basic is left alone.
    """
    import requests

    auth = session.auth
    challenge = resp.headers.get("WWW-Authenticate", "").strip().lower()
    if resp.status_code != 401 or not (challenge.startswith("digest") or not challenge):
        return False
    if not isinstance(auth, requests.auth.HTTPBasicAuth):
        return False
    session.auth = requests.auth.HTTPDigestAuth(str(auth.username), str(auth.password))
    return True


def _send(
    session: requests.Session, method: str, url: str, body: bytes, headers: dict[str, str], retries: int
) -> requests.Response:
    """One request with retries and exponential backoff on connection errors, 5xx and 429."""
    import requests

    delay = 0.5
    for attempt in range(retries + 1):
        try:
            resp = session.request(method, url, data=body, headers=headers, timeout=300)
            if _maybe_digest(session, resp):
                resp = session.request(method, url, data=body, headers=headers, timeout=300)
        except (requests.ConnectionError, requests.Timeout) as exc:
            if attempt == retries:
                raise StoreError(f"{url}: cannot reach the store: {type(exc).__name__}") from None
        else:
            if resp.status_code not in RETRY_STATUS or attempt == retries:
                return resp
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _check(resp: requests.Response, method: str) -> None:
    if resp.status_code < 300:
        return
    first = (resp.text or "").strip().splitlines()
    detail = first[0][:200] if first else resp.reason
    raise StoreError(f"{method} {resp.url} refused: HTTP {resp.status_code}: {detail}")


def gsp_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL for a named graph (``?graph=``) or the default graph (``?default``)."""
    from urllib.parse import quote

    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}graph={quote(graph, safe='')}" if graph else f"{endpoint}{sep}default"


def push(
    source: SourceLike,
    endpoint: str,
    graph: str | None = None,
    replace: bool = False,
    user: str | None = None,
    password: str | None = None,
    fmt: str = "nt",
    chunk_size: int = 50_000,
    retries: int = 4,
) -> PushResult:
    """Load a graph into a Graph Store Protocol endpoint in chunks (POST appends; PUT replaces).

    With ``replace`` the first chunk is a PUT, so the target graph ends up holding exactly this
    graph. Credentials are sent, never printed or put in error messages.
    """
    import requests

    if fmt not in MEDIA_TYPES:
        raise StoreError(f"unknown push format {fmt!r}: use nt or ttl")
    store = open_source(source)
    url = gsp_url(endpoint, graph)
    headers = {"Content-Type": f"{MEDIA_TYPES[fmt]}; charset=utf-8"}
    total = sent = 0
    with requests.Session() as session:
        if user is not None:
            session.auth = requests.auth.HTTPBasicAuth(user, password or "")
        for n, body in _chunks(store, chunk_size, fmt):
            method = "PUT" if replace and sent == 0 else "POST"
            _check(_send(session, method, url, body, headers, retries), method)
            total, sent = total + n, sent + 1
        if sent == 0 and replace:
            _check(_send(session, "PUT", url, b"", headers, retries), "PUT")
            sent = 1
    return PushResult(endpoint, graph, total, sent)
