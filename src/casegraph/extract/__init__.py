"""spaCy ``Doc`` -> :class:`~casegraph.models.Extraction`: entities first, then one module per
fact kind, each reading the mentions the entity stage found."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Article, Extraction, Fact, Mention
from . import actions, demands, incidents, protests, quotes, roles
from .context import Context, build_sentences
from .entities import find_mentions

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXTRACTOR_VERSION = "0.1.0"

FactExtractor = Callable[[Context], list[Fact]]
# Order matters: later extractors read the facts of earlier ones (demands and actions point at
# incidents through ``ctx``).
FACT_EXTRACTORS: list[tuple[str, FactExtractor]] = [
    ("incidents", incidents.extract),
    ("quotes", quotes.extract),
    ("memberships", roles.extract),
    ("demands", demands.extract),
    ("protests", protests.extract),
    ("actions", actions.extract),
]

_TERMINAL = re.compile(r"[.!?\"”’)]\s*$")


def headline_end(article: Article) -> int:
    """Article offset where the leading headline lines (no final punctuation) end."""
    pos = article.body_start
    text = article.text
    for para in re.finditer(r"[^\n]+", text[article.body_start :]):
        line = para.group(0).strip()
        if not line:
            continue
        if _TERMINAL.search(line):
            break
        pos = article.body_start + para.end()
    return pos


def extract(
    article: Article,
    doc: Doc,
    *,
    window: tuple[int, int] | None = None,
    headline: int | None = None,
    incidents: Iterable[Fact] = (),
) -> Extraction:
    """Everything one article says, as mentions and facts with evidence.

    ``doc`` parses the body, or only the ``window`` (article offsets) of a very long body; then
    ``headline`` is where the article's headline ends and ``incidents`` are the incidents found in
    earlier windows, for later facts to point at. The result holds this window's findings only."""
    lo, hi = window or (article.body_start, len(article.text))
    ctx = Context(
        article,
        doc,
        build_sentences(article.text[lo:hi], lo, doc),
        headline_end=headline_end(article) if headline is None else headline,
        window=window,
    )
    ctx.mentions = find_mentions(ctx)
    ctx.facts.extend(incidents)
    facts: list[Fact] = []
    for _name, fn in FACT_EXTRACTORS:
        new = fn(ctx)
        ctx.facts.extend(new)
        facts.extend(new)
    return Extraction(
        article, tuple(ctx.mentions), tuple(facts), tuple((s.start, s.end) for s in ctx.sentences)
    )


def extract_windows(article: Article, docs: Iterable[tuple[int, Doc]]) -> Extraction:
    """One extraction of a body too long to hold as one ``Doc``: ``docs`` parse consecutive
    windows of it, each given with its article offset, and are read one at a time (a window's
    doc can be freed before the next is parsed). Names and facts are found window by window; a
    fact found in several windows (same id: same incident victim, same demand of the same body)
    is one fact with the evidence of all; an incident found earlier is known to later windows."""
    headline = headline_end(article)
    mentions: list[Mention] = []
    facts: dict[str, Fact] = {}
    sentences: list[tuple[int, int]] = []
    for start, doc in docs:
        known = [f for f in facts.values() if f.kind == "Incident"]
        ex = extract(article, doc, window=(start, start + len(doc.text)), headline=headline, incidents=known)
        mentions.extend(ex.mentions)
        sentences.extend(ex.sentences)
        for f in ex.facts:
            facts[f.id] = _merge_fact(facts[f.id], f) if f.id in facts else f
    return Extraction(article, tuple(mentions), tuple(facts.values()), tuple(sentences))


def _merge_fact(first: Fact, later: Fact) -> Fact:
    """``first`` with the evidence of ``later`` added, and the roles and values only ``later`` has."""
    roles = dict(first.roles)
    values = dict(first.values)
    return replace(
        first,
        evidence=first.evidence + tuple(e for e in later.evidence if e not in first.evidence),
        roles=first.roles + tuple((p, keys) for p, keys in later.roles if p not in roles),
        values=first.values + tuple((p, v) for p, v in later.values if p not in values),
        concept=first.concept or later.concept,
    )
