"""Quotations and their speakers.

A quotation is text between matching quotation marks (curly or straight); one that runs over
several paragraphs (an opening mark without a closing one, the next paragraph opening again)
is one quote, and so is one split by its attribution (“We want answers,” she said, “and now.”).
The speaker is the subject of a speech verb in the quote's sentence ("X said", "said X",
"according to X"); a pronoun speaker is the last person quoted or named before it, and a
paragraph that is only a quotation continues the previous speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import GROUP, ORGANIZATION, PERSON, Fact
from .context import Context, Sentence, by_title

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH_VERBS = {
    "say",
    "add",
    "tell",
    "ask",
    "state",
    "write",
    "explain",
    "note",
    "announce",
    "argue",
    "declare",
    "insist",
    "recall",
    "continue",
    "urge",
    "shout",
    "chant",
    "cry",
    "call",
    "warn",
    "testify",
    "claim",
    "acknowledge",
    "respond",
    "reply",
    "describe",
    "tweet",
    "post",
    "conclude",
    "allege",
    "admit",
    "recount",
    "maintain",
    "contend",
    "stress",
    "emphasize",
    "lament",
    "plead",
    "yell",
    "answer",
    "read",
}
SPEECH_WORDS = re.compile(
    r"\b(said|says|say|added|adds|told|tells|asked|stated|wrote|writes|explained|noted|announced|argued|"
    r"declared|insisted|recalled|continued|urged|shouted|chanted|cried|called out|warned|testified|"
    r"claimed|acknowledged|responded|replied|answered|according to|in a statement|read)\b",
    re.IGNORECASE,
)
SOURCE_NOUNS = {
    "statement",
    "release",
    "report",
    "letter",
    "post",
    "email",
    "complaint",
    "filing",
    "lawsuit",
    "memo",
    "ruling",
    "order",
    "tweet",
    "video",
    "announcement",
    "motion",
}
PRONOUNS = {"he", "she", "they", "i", "we"}
OPEN, CLOSE = "“", "”"


@dataclass(frozen=True)
class Span:
    start: int  # article offsets of the quoted words, marks excluded
    end: int
    open_mark: int  # offset of the opening mark


def extract(ctx: Context) -> list[Fact]:
    """Every quotation of the article with its speaker."""
    spans = find_quotes(ctx)
    ctx.quoted = [(q.open_mark, q.end + 1) for q in spans]
    found: list[tuple[list[Span], list[Sentence], str | None, str]] = []
    last_speaker: str | None = None
    for parts in _merge_split(ctx, spans):
        text = " ".join(_clean(ctx.article.text[p.start : p.end]) for p in parts).strip()
        if not _worth_keeping(text) or parts[0].open_mark < ctx.headline_end:
            continue
        sents = _sentences(ctx, parts)
        speaker, rule = _speaker(ctx, parts, sents, last_speaker)
        if speaker is not None:
            last_speaker = speaker
        prev = found[-1] if found else None
        if prev and prev[2] == speaker and prev[1][-1].paragraph == sents[0].paragraph:
            # the same speaker goes on in the same paragraph: one quotation
            found[-1] = (prev[0] + parts, _union(prev[1], sents), speaker, prev[3])
            continue
        found.append((parts, sents, speaker, rule))
    return [
        _fact(ctx, parts, sents, _text(ctx, parts), speaker, rule) for parts, sents, speaker, rule in found
    ]


def _text(ctx: Context, parts: list[Span]) -> str:
    return " ".join(_clean(ctx.article.text[p.start : p.end]) for p in parts).strip()


def _union(a: list[Sentence], b: list[Sentence]) -> list[Sentence]:
    return sorted({s.index: s for s in a + b}.values(), key=lambda s: s.index)


def find_quotes(ctx: Context) -> list[Span]:
    """Quoted spans of the body, paragraph by paragraph, continuing over paragraph breaks."""
    text, base = ctx.article.text, ctx.offset
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", ctx.body):
        spans.extend(_para_quotes(text, base + para.start(), base + para.end()))
    return spans


def _para_quotes(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in (OPEN, '"'):
            close = _closing(text, i + 1, end, ch)
            if close is None:  # runs to the end of the paragraph (continued in the next one)
                out.append(Span(i + 1, end, i))
                break
            out.append(Span(i + 1, close, i))
            i = close + 1
            continue
        i += 1
    return out


def _closing(text: str, i: int, end: int, opener: str) -> int | None:
    if opener == OPEN:
        j = text.find(CLOSE, i, end)
        nxt = text.find(OPEN, i, end)
        if j != -1 and (nxt == -1 or j < nxt):
            return j
        # a straight quote may close a curly one in sloppy text
        k = text.find('"', i, end)
        return k if k != -1 and (nxt == -1 or k < nxt) else None
    j = text.find('"', i, end)
    if j != -1:
        return j
    k = text.find(CLOSE, i, end)
    return k if k != -1 else None


def _merge_split(ctx: Context, spans: list[Span]) -> list[list[Span]]:
    """Group spans that form one quotation: continued over a paragraph break, or split by an
    attribution ("...," she said, "and ...")."""
    text = ctx.article.text
    groups: list[list[Span]] = []
    for sp in spans:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end : sp.open_mark]
            continued = prev.end == _line_end(text, prev.start) and "\n" in gap and gap.strip() == ""
            split = (
                len(gap) < 60
                and "\n" not in gap
                and SPEECH_WORDS.search(gap) is not None
                and text[prev.end - 1 : prev.end] == ","
                and _starts_lower(text, sp.start)
            )
            if continued or split:
                groups[-1].append(sp)
                continue
        groups.append([sp])
    return groups


def _line_end(text: str, pos: int) -> int:
    j = text.find("\n", pos)
    return len(text) if j == -1 else j


def _starts_lower(text: str, pos: int) -> bool:
    m = re.match(r"\s*(\S)", text[pos : pos + 5])
    return m is not None and m.group(1).islower()


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().rstrip(",").strip()


def _worth_keeping(text: str) -> bool:
    words = text.split()
    return len(words) >= 3 or (len(words) >= 1 and text.endswith(("!", "?")))


def _sentences(ctx: Context, parts: list[Span]) -> list[Sentence]:
    """Sentences overlapping the quotation, plus the attribution sentence right after it."""
    start, end = parts[0].open_mark, parts[-1].end
    sents = ctx.sentences_between(start, end + 1)
    if sents:
        nxt = sents[-1].index + 1
        tail = ctx.article.text[sents[-1].end : ctx.sentences[nxt].start] if nxt < len(ctx.sentences) else ""
        if nxt < len(ctx.sentences) and "\n" not in tail and _is_attribution(ctx.sentences[nxt], end):
            sents.append(ctx.sentences[nxt])
    return sents or [ctx.sentence_at(start)]


def _is_attribution(sent: Sentence, quote_end: int) -> bool:
    return sent.start <= quote_end + 3 and SPEECH_WORDS.search(sent.text[:40]) is not None


def _speaker(
    ctx: Context, parts: list[Span], sents: list[Sentence], last: str | None
) -> tuple[str | None, str]:
    inside = [(p.open_mark, p.end + 1) for p in parts]
    for sent in sents:
        for tok in sent.tokens:
            if _in(ctx.char(tok), inside) or not _is_speech(tok):
                continue
            key = _subject_key(ctx, tok, inside, last)
            if key:
                return key, "quote.speech-verb"
    key = _according_to(ctx, sents, inside)
    if key:
        return key, "quote.according-to"
    if _only_quotes(ctx, parts, sents) and last:
        return last, "quote.continues-speaker"
    return None, "quote.unattributed"


def _in(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _is_speech(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS


def _subject_key(ctx: Context, verb: Token, inside: list[tuple[int, int]], last: str | None) -> str | None:
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass") or _in(ctx.char(child), inside):
            continue
        if child.lower_ in PRONOUNS:
            return _pronoun(ctx, child, last, inside)
        key = _mention_key(ctx, child)
        if key and key.startswith("family:"):  # "Mills' mother, Dorothy Mills, said": the person named
            named = [
                k
                for t in child.subtree
                for k, kind in [_mention_kind(ctx, t)]
                if k and kind == PERSON and ctx.char(t) > ctx.char(child)
            ]
            key = named[0] if named else key
        if key:
            return key
        if child.pos_ == "NOUN" and any(c.lower_ == "the" for c in child.children):
            titled = by_title(ctx, child.lemma_.lower())  # "the mayor said"
            if titled:
                return titled
        if child.lemma_.lower() in SOURCE_NOUNS or child.pos_ in ("NOUN", "PROPN"):
            keys = [(k, kind) for t in child.subtree for k, kind in [_mention_kind(ctx, t)] if k]
            people = [k for k, kind in keys if kind == PERSON]
            if people or keys:
                return (people or [k for k, _ in keys])[0]
    return None


def _mention_key(ctx: Context, tok: Token) -> str | None:
    return _mention_kind(ctx, tok)[0]


def _mention_kind(ctx: Context, tok: Token) -> tuple[str | None, str | None]:
    pos = ctx.char(tok)
    for m in ctx.mentions:
        if m.start <= pos < m.end and m.kind in (PERSON, ORGANIZATION, GROUP):
            return m.key, m.kind
    return None, None


def _pronoun(ctx: Context, tok: Token, last: str | None, inside: list[tuple[int, int]]) -> str | None:
    """ "she said": the last person named outside quotation marks before this quotation (the
    narrative introduces the next speaker: "Salinas' mother, Carmen Salinas, spoke. "...," she
    said"); "they said": the last group or organization."""
    opening = min((s for s, _ in inside), default=ctx.char(tok))
    quoted = ctx.quoted
    if tok.lower_ in ("they", "we"):
        groups = [m for m in ctx.mentions if m.kind in (GROUP, ORGANIZATION) and m.end <= opening]
        return groups[-1].key if groups else last
    people = [m for m in ctx.of_kind(PERSON) if m.end <= opening and not _in(m.start, quoted)]
    return people[-1].key if people else last


def _according_to(ctx: Context, sents: list[Sentence], inside: list[tuple[int, int]]) -> str | None:
    for sent in sents:
        m = re.search(r"\b(?:according to|in a statement from|statement by|said by)\s+", sent.text, re.I)
        if not m:
            continue
        pos = sent.start + m.end()
        hits = [
            x
            for x in ctx.mentions
            if x.start >= pos and x.start < sent.end and x.kind != "Place" and not _in(x.start, inside)
        ]
        if hits:
            return hits[0].key
    return None


def _only_quotes(ctx: Context, parts: list[Span], sents: list[Sentence]) -> bool:
    text = ctx.article.text
    rest = "".join(text[s.start : s.end] for s in sents)
    for p in parts:
        rest = rest.replace(text[p.open_mark : p.end + 1], "")
    return len(re.sub(r"[\W_]+", "", rest)) < 3


def _fact(
    ctx: Context, parts: list[Span], sents: list[Sentence], text: str, speaker: str | None, rule: str
) -> Fact:
    who = ctx.key_name(speaker) if speaker else "unattributed"
    label = f"{who}: “{text[:80]}{'…' if len(text) > 80 else ''}”"
    roles = (("speaker", (speaker,)),) if speaker else ()
    return Fact(
        f"quote@{parts[0].start}",
        "Quote",
        None,
        label,
        ctx.article.source,
        (ctx.evidence(sents, rule),),
        roles=roles,
        values=(("quoteText", text),),
    )
