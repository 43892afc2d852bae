"""Reading graphs from files: Turtle and the other RDF formats, by file extension."""

from __future__ import annotations

import os
from pathlib import Path

import rdflib

from .errors import GraphError

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def rdf_format(path: str | os.PathLike[str]) -> str:
    """rdflib format name for a file, from its extension (Turtle when unknown)."""
    return FORMATS.get(Path(path).suffix.lower(), "turtle")


def load_graph(path: str | os.PathLike[str]) -> rdflib.Graph:
    """Parse an RDF file into an rdflib Graph (quads formats are merged into one graph)."""
    p = Path(path)
    if not p.is_file():
        raise GraphError(f"{p}: no such graph file")
    fmt = rdf_format(p)
    try:
        if fmt in ("nquads", "trig"):
            ds = rdflib.Dataset()
            ds.parse(p, format=fmt)
            g = rdflib.Graph()
            for s, pr, o, _ in ds.quads((None, None, None, None)):
                g.add((s, pr, o))
            return g
        return rdflib.Graph().parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphError(f"{p}: cannot parse as {fmt}: {str(exc).splitlines()[0][:200]}") from None
