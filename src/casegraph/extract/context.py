"""Per-article state shared by the extractors: sentences with article offsets, mentions found so
far, and helpers to make evidence. Offsets are always into ``Article.text``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import Article, Evidence, Fact, Mention
from .confidence import confidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Sentence:
    """A sentence trimmed of surrounding white space; ``start``/``end`` index the article text."""

    index: int
    start: int
    end: int
    text: str
    span: Span
    paragraph: int
    tokens: tuple[Token, ...] = ()  # the span's tokens, made once (spaCy builds a new object per access)
    ents: tuple[Span, ...] = ()  # the doc's entities inside the sentence (Span.ents scans the whole doc)


@dataclass
class Context:
    """What the extractors know about one article while they work on it."""

    article: Article
    doc: Doc
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)
    headline_end: int = 0  # article offset where the headline (if any) ends
    facts: list[Fact] = field(default_factory=list)
    _starts: list[int] | None = None
    _tokens: list[Token] | None = None
    _index: tuple[int, list[Mention], list[int]] | None = None
    _sent_starts: list[int] | None = None
    quoted: list[tuple[int, int]] = field(default_factory=list)  # quotation spans, set by the quotes stage
    _kinds: dict[str, tuple[int, list[Mention]]] = field(default_factory=dict)
    _keys: tuple[int, dict[str, list[Mention]]] | None = None
    # The part of the article the doc covers, as article offsets: the whole body, or one window
    # of a very long article (see :func:`casegraph.extract.extract_windows`).
    window: tuple[int, int] | None = None

    @property
    def tokens(self) -> list[Token]:
        """The doc's tokens, made once."""
        if self._tokens is None:
            self._tokens = list(self.doc)
        return self._tokens

    @property
    def offset(self) -> int:
        """Article offset of the doc's first character."""
        return self.window[0] if self.window else self.article.body_start

    @property
    def body(self) -> str:
        """The text the doc covers (the body, or the window)."""
        return self.article.text[self.offset : self.window[1]] if self.window else self.article.body

    @property
    def first_window(self) -> bool:
        """Whether the doc starts where the body does (false for the later windows of a long one)."""
        return self.offset == self.article.body_start

    def char(self, tok: Token) -> int:
        """Article offset of a token."""
        return self.offset + tok.idx

    def token_from(self, pos: int) -> Token | None:
        """The first token starting at or after article offset ``pos`` (binary search)."""
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        i = bisect.bisect_left(self._starts, pos - self.offset)
        return self.doc[i] if i < len(self._starts) else None

    def token_at(self, pos: int) -> Token | None:
        """The token covering article offset ``pos``, if any (binary search)."""
        nxt = self.token_from(pos + 1)
        i = (nxt.i if nxt is not None else len(self.tokens)) - 1
        if i < 0:
            return None
        tok = self.tokens[i]
        rel = pos - self.offset
        return tok if tok.idx <= rel < tok.idx + max(len(tok.text), 1) else None

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence containing article offset ``pos`` (or the last one starting before it)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return self.sentences[max(i, 0)]

    def evidence(self, sents: Sentence | list[Sentence], rule: str) -> Evidence:
        """Evidence covering one sentence, or the run from the first to the last of several."""
        group = sents if isinstance(sents, list) else [sents]
        start, end = min(s.start for s in group), max(s.end for s in group)
        return Evidence(self.article.source, start, end, self.article.text[start:end], rule, confidence(rule))

    def evidence_each(self, sents: list[Sentence], rules: list[str]) -> tuple[Evidence, ...]:
        """One evidence record per sentence, each with the rule that found the fact there."""
        return tuple(self.evidence(s, r) for s, r in zip(sents, rules, strict=True))

    def mentions_between(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> list[Mention]:
        """Mentions inside [start, end), in text order (binary search over the sorted mentions)."""
        ordered, starts = self._by_start()
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return [m for m in ordered[lo:hi] if m.end <= end and (kinds is None or m.kind in kinds)]

    def mentions_at(self, pos: int, kinds: tuple[str, ...] | None = None) -> list[Mention]:
        """Mentions covering article offset ``pos`` (names are short: look back 300 characters)."""
        ordered, starts = self._by_start()
        hi = bisect.bisect_right(starts, pos)
        lo = bisect.bisect_left(starts, pos - 300)
        return [m for m in ordered[lo:hi] if pos < m.end and (kinds is None or m.kind in kinds)]

    def sentences_between(self, start: int, end: int) -> list[Sentence]:
        """Sentences overlapping [start, end)."""
        first, last = self.sentence_at(start).index, self.sentence_at(max(start, end - 1)).index
        return [s for s in self.sentences[first : last + 1] if s.start < end and start < s.end]

    def of_kind(self, kind: str) -> list[Mention]:
        """Mentions of one kind in text order (cached until extractors add mentions)."""
        self._by_start()
        assert self._index is not None
        cache = self._kinds.get(kind)
        if cache is None or cache[0] != self._index[0]:
            cache = (self._index[0], [m for m in self._index[1] if m.kind == kind])
            self._kinds[kind] = cache
        return cache[1]

    def mentions_of(self, key: str) -> list[Mention]:
        """Every mention of one entity key, in text order."""
        self._by_start()
        assert self._index is not None
        if self._keys is None or self._keys[0] != self._index[0]:
            table: dict[str, list[Mention]] = {}
            for m in self._index[1]:
                table.setdefault(m.key, []).append(m)
            self._keys = (self._index[0], table)
        return self._keys[1].get(key, [])

    def _by_start(self) -> tuple[list[Mention], list[int]]:
        """Mentions sorted by start, rebuilt when extractors have added mentions since."""
        if self._index is None or self._index[0] != len(self.mentions):
            ordered = sorted(self.mentions, key=lambda m: (m.start, m.end))
            self._index = (len(self.mentions), ordered, [m.start for m in ordered])
        return self._index[1], self._index[2]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The longest mention overlapping [start, end)."""
        hits = [m for m in self.mentions if m.start < end and start < m.end]
        return max(hits, key=lambda m: m.end - m.start) if hits else None

    def key_name(self, key: str) -> str:
        for m in self.mentions:
            if m.key == key:
                return m.name
        return key.split(":", 1)[-1]

    def first(self, key: str) -> Mention | None:
        return next((m for m in self.mentions if m.key == key), None)


_PARA = re.compile(r"\n\s*\n")


def build_sentences(body: str, base: int, doc: Doc) -> list[Sentence]:
    """Sentences of ``doc`` (the text ``body``, found at article offset ``base``), trimmed, with
    paragraph numbers, as article offsets."""
    para_starts = [0] + [m.end() for m in _PARA.finditer(body)]
    out: list[Sentence] = []
    ents = list(doc.ents)
    ent_starts = [e.start for e in ents]
    for span in doc.sents:
        raw = span.text
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if not text:
            continue
        b = span.start_char + lead
        para = bisect.bisect_right(para_starts, b) - 1
        start = base + b
        lo, hi = bisect.bisect_left(ent_starts, span.start), bisect.bisect_left(ent_starts, span.end)
        sent_ents = tuple(e for e in ents[lo:hi] if e.end <= span.end)
        out.append(Sentence(len(out), start, start + len(text), text, span, para, tuple(span), sent_ents))
    return out


def incident_ref(ctx: Context, sent: Sentence) -> tuple[str, ...]:
    """What a demand, protest or action in ``sent`` concerns: the incident whose victim is named
    in the sentence, else the article's first incident; as ``("fact:<id>",)`` or ``()``."""
    incidents = [f for f in ctx.facts if f.kind == "Incident"]
    if not incidents:
        return ()
    named = {m.key for m in ctx.mentions_between(sent.start, sent.end)}
    for f in incidents:
        if set(f.role("victim")) & named:
            return (f"fact:{f.id}",)
    return (f"fact:{incidents[0].id}",)


def by_title(ctx: Context, word: str) -> str | None:
    """ "the mayor" -> the person titled Mayor in this article; "the department" -> its police
    agency. None when the article names no such person or body."""
    people = [m for m in ctx.of_kind("Person") if m.title and word in m.title.lower().split()]
    if people:
        return people[0].key
    if word == "department":
        agencies = [m for m in ctx.of_kind("Organization") if m.subkind == "PoliceAgency"]
        return agencies[0].key if agencies else None
    return None
