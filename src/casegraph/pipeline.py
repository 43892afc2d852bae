"""The build: article files -> one knowledge graph -> Turtle and HTML in an output folder."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph

from . import nlp as nlp_mod
from .errors import EXIT_OK, EXIT_PARTIAL, ArticleError, CasegraphError
from .export import atomic_write, to_turtle
from .extract import extract
from .ingest import Skipped, read_articles
from .mapping import to_graph
from .models import Article, Extraction
from .ontology import CG
from .resolve import resolve

if TYPE_CHECKING:
    from spacy.language import Language

Progress = Callable[[str], None]
PARALLEL_FROM = 64  # articles; below this, starting a second process costs more than it saves
FACT_CLASSES = (
    "Incident",
    "PoliceShooting",
    "UseOfForce",
    "Demand",
    "Protest",
    "Quote",
    "Membership",
    "OfficialAction",
)
ENTITY_CLASSES = ("Person", "Organization", "Group", "Family", "Place")


@dataclass
class BuildResult:
    """What a build did: counts for the summary, the files written, the articles skipped."""

    articles: int
    triples: int
    counts: dict[str, int]
    files: list[Path]
    skipped: list[ArticleError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.skipped else EXIT_OK

    def summary(self) -> str:
        ent = ", ".join(f"{self.counts.get(c, 0)} {c}" for c in ENTITY_CLASSES)
        facts = ", ".join(f"{self.counts.get(c, 0)} {c}" for c in FACT_CLASSES)
        lines = [
            f"casegraph: {self.articles} articles -> {self.triples} triples in {self.seconds:.1f} s"
            + (f" ({len(self.skipped)} skipped)" if self.skipped else ""),
            f"  entities: {ent}",
            f"  facts:    {facts}",
        ]
        lines += [f"  wrote {p}" for p in self.files]
        return "\n".join(lines)


def parse_all(articles: Sequence[Article], nlp: Language, n_process: int | None = None) -> Iterable[object]:
    """Run spaCy over every article body in one ``nlp.pipe`` pass (two processes for big batches)."""
    procs = n_process or (min(2, os.cpu_count() or 1) if len(articles) >= PARALLEL_FROM else 1)
    return nlp.pipe((a.body for a in articles), batch_size=32, n_process=procs)


def extract_all(
    articles: Sequence[Article], nlp: Language, skipped: Skipped, n_process: int | None = None
) -> list[Extraction]:
    """Extract every article; an article whose extraction fails is reported and skipped."""
    out: list[Extraction] = []
    for art, doc in zip(articles, parse_all(articles, nlp, n_process), strict=True):
        try:
            out.append(extract(art, doc))  # type: ignore[arg-type]
        except Exception as exc:  # a bug on one article must not lose the others
            skipped.add(
                ArticleError(art.path or art.source, f"extraction failed: {type(exc).__name__}: {exc}")
            )
    return out


def build_graph(articles: Sequence[Article], nlp: Language, skipped: Skipped | None = None) -> Graph:
    """Articles -> the resolved knowledge graph (no files written)."""
    exs = extract_all(articles, nlp, skipped or Skipped())
    return to_graph(exs, resolve(exs))


def count_classes(g: Graph) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for cls in (*ENTITY_CLASSES, *FACT_CLASSES):
        counts[cls] = sum(1 for _ in g.subjects(RDF.type, CG[cls]))
    return dict(counts)


def build(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    model: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    nlp: Language | None = None,
    store: str | os.PathLike[str] | None = None,
) -> BuildResult:
    """Build the graph of every article under ``paths`` into ``out``/casegraph.ttl and .html
    (and a persistent Oxigraph store in ``store``, when given)."""
    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    skipped = Skipped()
    articles = read_articles(paths, skipped)
    _report(skipped.errors, say, strict)
    if not articles:
        raise CasegraphError("no usable articles (*.txt with a 'date YYYY-MM-DD' header) in the given paths")
    pipeline = nlp or nlp_mod.load(model)
    before = len(skipped.errors)
    graph = build_graph(articles, pipeline, skipped)
    _report(skipped.errors[before:], say, strict)
    files = write_outputs(graph, Path(out))
    if store is not None:
        from .store import write_store

        files.append(write_store(files[0], store))
    return BuildResult(
        len(articles) - (len(skipped.errors) - before),
        len(graph),
        count_classes(graph),
        files,
        list(skipped.errors),
        time.perf_counter() - t0,
    )


def _report(errors: list[ArticleError], say: Progress, strict: bool) -> None:
    for err in errors:
        if strict:
            raise err
        say(f"skipped {err}")


def write_outputs(graph: Graph, out: Path) -> list[Path]:
    """Write casegraph.ttl and casegraph.html atomically; returns the paths written."""
    from .visualize import to_network, write_html

    ttl = atomic_write(out / "casegraph.ttl", to_turtle(graph))
    html = out / "casegraph.html"
    write_html(to_network(graph), html)
    return [ttl, html]
