"""Errors casegraph raises, each naming the bad input and what to do about it.

The CLI turns a :class:`CasegraphError` into one line on stderr and the exit code in
:data:`EXIT_CODES`; nothing here prints.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # validate: the graph violates the shapes
EXIT_USAGE = 2  # bad command line
EXIT_PARTIAL = 3  # build: the graph was written, but some articles were skipped
EXIT_FAILED = 4  # nothing was written


class CasegraphError(Exception):
    """Base class: a problem with the user's input that the user can fix."""

    exit_code = EXIT_FAILED


class ArticleError(CasegraphError):
    """An article file that cannot be used; the build skips it and goes on."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ModelError(CasegraphError):
    """The spaCy pipeline could not be loaded."""


class GraphError(CasegraphError):
    """A graph file or store that cannot be read."""


class QueryError(CasegraphError):
    """A SPARQL query that cannot be parsed or run."""

    exit_code = EXIT_USAGE


class StoreError(CasegraphError):
    """A remote triple store refused a request or could not be reached."""
