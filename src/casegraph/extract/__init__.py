"""spaCy ``Doc`` -> :class:`~casegraph.models.Extraction`: entities first, then one module per
fact kind, each reading the mentions the entity stage found."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..models import Article, Extraction, Fact
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


def extract(article: Article, doc: Doc) -> Extraction:
    """Everything one article says, as mentions and facts with evidence."""
    ctx = Context(article, doc, build_sentences(article, doc), headline_end=headline_end(article))
    ctx.mentions = find_mentions(ctx)
    facts: list[Fact] = []
    for _name, fn in FACT_EXTRACTORS:
        new = fn(ctx)
        ctx.facts.extend(new)
        facts.extend(new)
    return Extraction(
        article, tuple(ctx.mentions), tuple(facts), tuple((s.start, s.end) for s in ctx.sentences)
    )
