"""Check a casegraph graph against the SHACL shapes of the data contract.

The shapes are written so that no inference is needed (the contract types every node with its
top class, and concept schemes are checked with ``sh:in``), so validation runs with
``inference="none"``: RDFS inference over a whole-corpus graph costs far more than the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from casegraph.ontology import load_ontology, load_shapes

__all__ = ["ValidationReport", "validate"]


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    ``conforms`` is pySHACL's verdict (warnings and infos do not break it), ``text`` its
    human-readable report and ``violations`` the number of results of severity ``sh:Violation``.
    """

    conforms: bool
    text: str
    violations: int


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    """The shapes graph, parsed once per process.

    pySHACL adds two RDFS axioms (``owl:Class rdfs:subClassOf rdfs:Class`` and the like) to a shapes
    graph the first time it uses it, and leaves it alone afterwards, so sharing it is safe.
    """
    return load_shapes()


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    """The ontology graph, parsed once per process (pySHACL copies it into a clone of the data)."""
    return load_ontology()


def validate(data: Graph) -> ValidationReport:
    """Validate ``data`` against the casegraph shapes, with the ontology as pySHACL's ``ont_graph``.

    ``data`` is not modified: pySHACL mixes the ontology into a copy of it.
    """
    conforms, results, text = shacl_validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    return ValidationReport(conforms=bool(conforms), text=str(text), violations=_count_violations(results))


def _count_violations(results: Graph) -> int:
    """Count the ``sh:ValidationResult`` nodes of severity ``sh:Violation`` in a results graph."""
    return sum(
        1
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if (result, SH.resultSeverity, SH.Violation) in results
    )
