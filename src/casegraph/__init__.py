"""casegraph: news articles about police shootings -> one RDF knowledge graph.

Nothing heavy runs on import; the spaCy pipeline is loaded by :func:`casegraph.nlp.load`.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
