"""SPARQL over a graph file or an Oxigraph store, with bundled named queries and result formatters.

Queries run on pyoxigraph (an order of magnitude faster than rdflib's engine). Parameters are
never formatted into the query text: they are passed as RDF terms through pyoxigraph's
``substitutions`` (SPARQL-dev SEP-0007), so a value such as ``x" } ; DROP ALL #`` is just a string.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .export import PREFIXES, atomic_write
from .store import SourceLike, open_source, ox_format

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD = "http://www.w3.org/2001/XMLSchema#"
FORMATS = ("table", "csv", "tsv", "json")

_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_TOKEN = re.compile(r"(<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')|#[^\n]*")
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class QueryResult:
    """A query's answer: ``kind`` is ``select``, ``ask``, ``graph`` (CONSTRUCT/DESCRIBE) or ``update``."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)


# --- running ---------------------------------------------------------------------------------------


def _strip_comments(query: str) -> str:
    """The query without ``#`` comments; ``#`` inside IRIs and strings is kept."""
    return _TOKEN.sub(lambda m: m.group(1) or "", query)


def is_update(query: str) -> bool:
    """True when the text is a SPARQL Update (its first keyword after the prologue is an update verb)."""
    body = _strip_comments(query)
    rest = body[_PROLOGUE.match(body).end() :]  # type: ignore[union-attr]
    word = re.match(r"[A-Za-z]+", rest)
    return bool(word) and word.group(0).upper() in _UPDATE_KEYWORDS  # type: ignore[union-attr]


def to_term(value: str | Term) -> Term:
    """A parameter value as an RDF term: integers, decimals and dates typed, anything else a string.

    The value is never parsed as SPARQL, so quotes, braces and newlines are harmless.
    """
    if not isinstance(value, str):
        return value
    if _INTEGER.fullmatch(value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if _DECIMAL.fullmatch(value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "decimal"))
    if _DATE.fullmatch(value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)


def _substitutions(query: str, bindings: Mapping[str, str | Term]) -> dict[ox.Variable, Term]:
    subs = {}
    for name, value in bindings.items():
        var = name.lstrip("?$")
        if not re.search(rf"[?$]{re.escape(var)}\b", query):
            raise QueryError(f"--param {var}: the query has no variable ?{var}")
        subs[ox.Variable(var)] = to_term(value)
    return subs


def _collect(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        rows = tuple(tuple(sol[i] for i in range(len(names))) for sol in result)
        return QueryResult("select", names, rows)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    return QueryResult("graph", triples=tuple(result))


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]


def run_query(
    source: SourceLike,
    query: str,
    bindings: Mapping[str, str | Term] | None = None,
    allow_update: bool = False,
) -> QueryResult:
    """Run a SPARQL query (or, with ``allow_update``, an update) over a graph file, store folder or Store.

    ``bindings`` maps variable names to values bound safely as RDF terms (see :func:`to_term`);
    a bound variable must appear in the SELECT clause (a pyoxigraph rule). An update on a graph
    file rewrites the file; on a store folder it changes the store.
    """
    if is_update(query):
        if not allow_update:
            raise QueryError(
                "this is a SPARQL Update (INSERT/DELETE/LOAD/CLEAR/DROP/CREATE); "
                "queries are read-only unless you pass --update"
            )
        return _run_update(source, query)
    store = open_source(source)
    subs = _substitutions(query, bindings or {})
    try:
        return _collect(store.query(query, substitutions=subs or None, use_default_graph_as_union=True))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {_first_line(exc)}") from None


def _run_update(source: SourceLike, query: str) -> QueryResult:
    writable_dir = isinstance(source, str | os.PathLike) and Path(source).is_dir()
    store = open_source(source, writable=True)
    try:
        store.update(query)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL Update syntax error: {_first_line(exc)}") from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"update failed: {_first_line(exc)}") from None
    if isinstance(source, str | os.PathLike) and not writable_dir:
        _write_back(store, Path(source))
    else:
        store.flush()
    return QueryResult("update")


def _write_back(store: ox.Store, path: Path) -> None:
    """Rewrite a graph file after an update (Turtle with the deterministic writer)."""
    from .export import to_turtle

    fmt = ox_format(path)
    quads = list(store.quads_for_pattern(None, None, None, None))
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        atomic_write(path, ox.serialize(quads, format=fmt, prefixes=PREFIXES) or b"")
        return
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    if fmt == ox.RdfFormat.TURTLE:
        atomic_write(path, to_turtle(triples))
    else:
        atomic_write(path, ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b"")


# --- bundled queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedQuery:
    """A bundled query: its name, description, parameters (name -> help) and SPARQL text."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str


def _parse_header(name: str, text: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        m = re.match(r"#\s*(name|description|param):\s*(.*)", line)
        if not m:
            continue
        if m.group(1) == "param":
            pname, _, phelp = m.group(2).partition(" - ")
            params.append((pname.strip(), phelp.strip()))
        else:
            meta[m.group(1)] = m.group(2).strip()
    return NamedQuery(meta.get("name", name), meta.get("description", ""), tuple(params), text)


def bundled_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ``casegraph/queries/*.rq``, by name."""
    folder = resources.files("casegraph") / "queries"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            q = _parse_header(entry.name[:-3], entry.read_text(encoding="utf-8"))
            found[q.name] = q
    return found


def get_query(name: str) -> NamedQuery:
    """A bundled query by name, or a QueryError listing the names there are."""
    queries = bundled_queries()
    if name not in queries:
        raise QueryError(f"no bundled query {name!r}; try one of: {', '.join(queries)} (or --list)")
    return queries[name]


def list_queries() -> str:
    """One paragraph per bundled query: name, description, parameters."""
    out = []
    for q in bundled_queries().values():
        out.append(f"{q.name}: {q.description}")
        out.extend(f"    --param {p}=...  {h}" for p, h in q.params)
    return "\n".join(out)


def read_query(text_or_path: str) -> str:
    """The query text: the file's content when ``text_or_path`` names an existing file, else itself."""
    if "\n" not in text_or_path and len(text_or_path) < 4096:
        path = Path(text_or_path)
        if path.suffix in (".rq", ".sparql", ".ru") or path.is_file():
            if not path.is_file():
                raise QueryError(f"{path}: no such query file")
            return path.read_text(encoding="utf-8")
    return text_or_path


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["victim=Adam Toledo", ...]`` -> ``{"victim": "Adam Toledo"}``."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE")
        params[key.strip()] = value
    return params


# --- formatting --------------------------------------------------------------------------------------


def compact(term: Term | None) -> str:
    """A short human form: IRIs as prefixed names, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _cell(text: str, width: int = 80) -> str:
    flat = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_table(result: QueryResult) -> str:
    """Aligned columns for a terminal (long values cut at 80 characters, newlines flattened)."""
    if result.kind != "select":
        return _format_other(result)
    cells = [[_cell(compact(t)) for t in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    """SPARQL 1.1 CSV: IRIs and literals as plain strings, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): CRLF lines."""
    if result.kind != "select":
        return _format_other(result)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_csv_value(t) for t in row] for row in result.rows)
    return buf.getvalue()


def format_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` header, values in N-Triples syntax (tabs escaped)."""
    if result.kind != "select":
        return _format_other(result)
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),  # RDF-star
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    if result.kind != "select":
        return _format_other(result)
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _format_other(result: QueryResult) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "update":
        return ""
    from .export import to_turtle

    return to_turtle(list(result.triples))


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result in one of :data:`FORMATS` (CONSTRUCT/DESCRIBE results are written as Turtle)."""
    try:
        return FORMATTERS[fmt](result)
    except KeyError:
        raise QueryError(f"unknown result format {fmt!r}: use one of {', '.join(FORMATS)}") from None
