"""The build: article files -> one knowledge graph -> Turtle and HTML in an output folder."""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph

from . import nlp as nlp_mod
from .cache import CACHE_DIRNAME, ExtractionCache, Failed, open_cache
from .curation import Curation, curated_graph, find_curation, load_curation
from .errors import EXIT_OK, EXIT_PARTIAL, ArticleError, CasegraphError
from .export import write_turtle
from .extract import extract, extract_windows
from .ingest import Skipped, read_articles
from .mapping import to_graph
from .models import Article, Extraction
from .ontology import CG
from .resolve import resolve

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Progress = Callable[[str], None]
PARALLEL_FROM = 64  # articles; below this, starting a second process costs more than it saves
# spaCy refuses texts over nlp.max_length (1,000,000 chars) and its memory grows with the length of
# a text, so a longer body is parsed and extracted in windows of at most this size.
CHUNK_CHARS = 100_000
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
    reused: int = 0  # articles whose extraction came from the cache
    curation: list[str] = field(default_factory=list)  # what the curation file changed, warnings
    parsed: int = 0  # articles run through spaCy and the extractor by this build
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, in stage order

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
        if self.reused:
            lines.append(
                f"  cache:    {self.reused} of {self.articles} articles reused, {self.articles - self.reused} parsed"
            )
        lines += [f"  {line}" for line in self.curation]
        lines += [f"  wrote {p}" for p in self.files]
        return "\n".join(lines)


def parse_all(
    articles: Sequence[Article], nlp: Language, n_process: int | None = None
) -> Iterator[tuple[int, int, Doc]]:
    """Run spaCy over every article body in lazy ``nlp.pipe`` passes, as ``(article index, article
    offset, doc)``: one doc per body, or, for a body longer than :data:`CHUNK_CHARS`, one per
    consecutive window of it (see :func:`windows`), each doc's text exactly that window. An
    article's docs come one after another; the bodies of one doc come first, in batches of 32,
    then the windows of long bodies one at a time (spaCy's memory grows with the text of a batch).
    Two processes parse a big batch of bodies, or a long body of several windows."""
    short: list[tuple[int, int, str]] = []
    long: list[tuple[int, int, str]] = []
    for i, art in enumerate(articles):
        pieces = windows(art.body, CHUNK_CHARS)
        (short if len(pieces) == 1 else long).extend((i, art.body_start + at, piece) for at, piece in pieces)
    yield from _pipe(short, nlp, 32, n_process or _processes(len(short) >= PARALLEL_FROM))
    yield from _pipe(long, nlp, 1, n_process or _processes(len(long) > 2))


def _processes(parallel: bool) -> int:
    return min(2, os.cpu_count() or 1) if parallel else 1


def _pipe(
    pieces: list[tuple[int, int, str]], nlp: Language, batch: int, procs: int
) -> Iterator[tuple[int, int, Doc]]:
    if not pieces:
        return
    docs = nlp.pipe((text for _i, _at, text in pieces), batch_size=batch, n_process=procs)
    for (i, at, _text), doc in zip(pieces, docs, strict=True):
        yield i, at, doc


def windows(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` in consecutive pieces of at most ``size`` chars, with their offsets; each cut
    after a blank line if there is one (else a line end, else a space, else hard), so that
    ``"".join(pieces) == text``."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = next(
            (at + len(sep) for sep in ("\n\n", "\n", " ") if (at := text.rfind(sep, start, end)) >= 0), end
        )
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def extract_all(
    articles: Sequence[Article],
    nlp: Language,
    skipped: Skipped,
    n_process: int | None = None,
    failed: dict[str, str] | None = None,
) -> list[Extraction]:
    """Extract every article; an article whose extraction fails is reported and skipped (and
    its source mapped to the problem in ``failed``, when the failure is not a lack of memory).
    A long article is extracted window by window as its docs arrive, so only one is held."""
    out: dict[int, Extraction] = {}
    for i, group in itertools.groupby(parse_all(articles, nlp, n_process), key=lambda p: p[0]):
        art = articles[i]
        docs = ((at, doc) for _i, at, doc in group)
        try:
            if len(art.text) - art.body_start > CHUNK_CHARS:  # parsed in windows
                out[i] = extract_windows(art, docs)
            else:
                out[i] = extract(art, next(docs)[1])
        # a bug on one article must not lose the others (groupby skips the rest of its docs)
        except Exception as exc:
            problem = f"extraction failed: {type(exc).__name__}: {exc}"
            skipped.add(ArticleError(art.path or art.source, problem))
            if failed is not None and not isinstance(exc, MemoryError):
                failed[art.source] = problem
    return [out[i] for i in sorted(out)]


def extract_cached(
    articles: Sequence[Article],
    get_nlp: Callable[[], Language],
    skipped: Skipped,
    cache: ExtractionCache | None,
) -> list[Extraction]:
    """Like :func:`extract_all`, but articles found in ``cache`` are not parsed again, and spaCy is
    only loaded (``get_nlp``) when some article is missing. An article whose extraction failed is
    cached as failed, and skipped again without parsing. Keeps the order of ``articles``."""
    with no_gc():
        found = {a.source: cache.get(a) for a in articles} if cache else {}
    missing = [a for a in articles if found.get(a.source) is None]
    failed: dict[str, str] = {}
    fresh = (
        {ex.article.source: ex for ex in extract_all(missing, get_nlp(), skipped, None, failed)}
        if missing
        else {}
    )
    if cache:
        for ex in fresh.values():
            cache.put(ex)
        for art in missing:
            if art.source in failed:
                cache.put_failure(art, failed[art.source])
    out: list[Extraction] = []
    for art in articles:
        got = fresh[art.source] if art.source in fresh else found.get(art.source)
        if isinstance(got, Failed):
            skipped.add(ArticleError(art.path or art.source, f"{got.message} (cached verdict)"))
        elif got is not None:
            out.append(got)
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
    curation: str | os.PathLike[str] | None = None,
    cache: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> BuildResult:
    """Build the graph of every article under ``paths`` into ``out``/casegraph.ttl and .html
    (and a persistent Oxigraph store in ``store``, when given).

    Extractions are cached per article in ``cache`` (default ``out/.casegraph-cache``) unless
    ``use_cache`` is false; the curation file ``curation`` (default: ``casegraph.toml`` beside
    the articles) is applied to the resolved graph."""
    paths = list(paths)
    t0 = time.perf_counter()
    clock = _Clock()
    say = progress or (lambda _m: None)
    skipped = Skipped()
    articles = read_articles(paths, skipped)
    _report(skipped.errors, say, strict)
    for art in articles:
        if art.encoding not in ("utf-8", "utf-8-bom"):
            say(f"{art.path or art.source}: decoded as {art.encoding}")
    if not articles:
        raise CasegraphError("no usable articles (*.txt with a 'date YYYY-MM-DD' header) in the given paths")
    cur = _curation(paths, curation)
    clock.lap("read")
    store_dir = Path(cache) if cache is not None else Path(out) / CACHE_DIRNAME
    ext_cache = open_cache(store_dir, model, nlp) if use_cache else None
    before = len(skipped.errors)
    exs = extract_cached(articles, lambda: nlp or nlp_mod.load(model), skipped, ext_cache)
    _report(skipped.errors[before:], say, strict)
    clock.lap("extract")
    with no_gc():
        resolution = resolve(exs)
        clock.lap("resolve")
        graph, report = curated_graph(cur, exs, resolution)
        del exs, resolution  # the graph holds it all now: free the rest before the outputs are made
        clock.lap("map")
        if ext_cache is not None:
            ext_cache.prune(unused=cache is None)
        files = write_outputs(graph, Path(out), clock)
    if store is not None:
        from .store import write_store

        files.append(write_store(files[0], store))
        clock.lap("store")
    return BuildResult(
        len(articles) - (len(skipped.errors) - before),
        len(graph),
        count_classes(graph),
        files,
        list(skipped.errors),
        time.perf_counter() - t0,
        reused=ext_cache.hits if ext_cache else 0,
        curation=report,
        parsed=ext_cache.misses if ext_cache else len(articles),
        timings=clock.laps,
    )


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: building a graph of 100,000s of (acyclic) terms
    triggers full collections that each scan the whole heap, which made mapping a third slower
    at 1,000 articles. Reference counting still frees everything; the collector is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Clock:
    """Seconds spent in each stage of a build, for :attr:`BuildResult.timings`."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self.last, 3)
        self.last = now


def _curation(
    paths: Sequence[str | os.PathLike[str]], given: str | os.PathLike[str] | None
) -> Curation | None:
    """The curation file given, else every ``casegraph.toml`` beside the articles, else none."""
    files = [Path(given)] if given is not None else find_curation(paths)
    cur = None
    for f in files:
        cur = load_curation(f) if cur is None else cur + load_curation(f)
    return cur


def _report(errors: list[ArticleError], say: Progress, strict: bool) -> None:
    for err in errors:
        if strict:
            raise err
        say(f"skipped {err}")


def write_outputs(graph: Graph, out: Path, clock: _Clock | None = None) -> list[Path]:
    """Write casegraph.ttl and casegraph.html atomically; returns the paths written."""
    from .visualize import to_network, write_html

    lap = clock.lap if clock else lambda _stage: None
    clean_stale_temps(out)
    ttl = write_turtle(graph, out / "casegraph.ttl")
    lap("turtle")
    network = to_network(graph)
    lap("network")
    html = out / "casegraph.html"
    write_html(network, html)
    lap("html")
    return [ttl, html]


def clean_stale_temps(out: Path) -> None:
    """Remove the temporary files a killed build left in ``out`` (``.casegraph.ttl.*.tmp``, ...);
    they never replaced a target, so nothing is lost."""
    if out.is_dir():
        for tmp in out.glob(".casegraph.*.tmp"):
            tmp.unlink(missing_ok=True)
