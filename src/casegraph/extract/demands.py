"""Demands: someone asks someone for something.

A demand verb ("demand", "call on X to", "urge", "want X to", "press", "push for", "ask") or a
modal claim ("... must stop") opens a demand; its subject is the claimant, its object the
addressee, and what is asked (the verb's complement) decides the type by the lexicon below.
A list of demands ("fire X; release Y; explain Z") gives one demand per item. One demand per
(type, addressee) and article, with every sentence that makes it as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import GROUP, ORGANIZATION, PERSON, Evidence, Fact, Mention
from .context import Context, Sentence, incident_ref

if TYPE_CHECKING:
    from spacy.tokens import Token

DEMAND_VERBS = {
    "demand",
    "urge",
    "press",
    "want",
    "ask",
    "insist",
    "seek",
    "petition",
    "push",
    "call",
    "implore",
    "plead",
    "beg",
    "lobby",
    "vow",
}
# (concept, rule id, pattern over what is asked), checked in order.
TYPES: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "Resignation",
        "demand.type-resignation",
        re.compile(
            r"\b(resign\w*|step(?:s|ped)? down|removed from office|removal of|oust\w*|recall)\b", re.I
        ),
    ),
    (
        "Prosecution",
        "demand.type-prosecution",
        re.compile(
            r"\b(charg\w*|arrest\w*|indict\w*|prosecut\w*|convict\w*|locked up|lock (?:him|her|them) up|"
            r"jail\w*|behind bars|murder charges?|tried for)\b",
            re.I,
        ),
    ),
    (
        "Discipline",
        "demand.type-discipline",
        re.compile(
            r"\b(fire|fired|firing|dismiss\w*|terminat\w*|suspend\w*|suspension|decertif\w*|"
            r"certification|strip\w* of|off the (?:force|street|job)|lose (?:his|her|their) jobs?|"
            r"relieved of|discipline\w*)\b",
            re.I,
        ),
    ),
    (
        "Transparency",
        "demand.type-transparency",
        re.compile(
            r"\b(releas\w*|make public|made public|public(?:ly)? release|footage|video|tapes?|records|"
            r"names? of|identify|transparen\w*|disclos\w*)\b",
            re.I,
        ),
    ),
    (
        "Investigation",
        "demand.type-investigation",
        re.compile(r"\b(investigat\w*|probe|inquiry|review of|look into|special prosecutor)\b", re.I),
    ),
    (
        "PolicyReform",
        "demand.type-policy",
        re.compile(
            r"\b(ordinance|law|legislation|polic(?:y|ies)|ban\w*|oversight|community control|defund\w*|"
            r"reform\w*|referendum|vote on|budget|training|body cameras? for|civilian review|"
            r"no-knock|chokeholds?|consent decree)\b",
            re.I,
        ),
    ),
    (
        "EndViolence",
        "demand.type-end-violence",
        re.compile(
            r"\b(stop (?:killing|shooting)|must stop|killings? (?:to )?(?:stop|end)|end (?:to )?police "
            r"violence|stop now)\b",
            re.I,
        ),
    ),
    ("Accountability", "demand.type-accountability", re.compile(r"\b(accountab\w*|justice)\b", re.I)),
]
OTHER = ("OtherDemand", "demand.type-other")
STRONG = {"demand", "call", "urge", "press", "implore", "petition"}  # verbs that make any request a demand
TITLE_NOUNS = {
    "mayor",
    "chief",
    "superintendent",
    "sheriff",
    "governor",
    "prosecutor",
    "attorney",
    "commissioner",
    "president",
    "chair",
    "alderman",
    "council",
    "department",
    "city",
    "board",
    "office",
}


@dataclass
class Draft:
    concept: str
    addressee: str | None
    claimant: str | None
    sentences: list[Sentence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def extract(ctx: Context) -> list[Fact]:
    drafts: dict[tuple[str, str | None], Draft] = {}
    for sent in ctx.sentences:
        if sent.start < ctx.headline_end:
            continue
        for trig in sent.tokens:
            if not _is_demand(trig):
                continue
            claimant = _claimant(ctx, trig)
            addressees: list[str | None] = list(_addressees(ctx, trig)) or [None]
            for item, rule_verb in _asked(ctx, trig):
                concept, rule_type = _classify(item)
                if concept == OTHER[0] and (addressees == [None] or trig.lemma_.lower() not in STRONG):
                    continue
                for addr in addressees:
                    d = drafts.setdefault((concept, addr), Draft(concept, addr, claimant))
                    d.claimant = d.claimant or claimant
                    if sent not in d.sentences:
                        d.sentences.append(sent)
                        d.rules.append(f"{rule_verb}+{rule_type.split('.', 1)[1]}")
    return [_fact(ctx, d) for d in drafts.values()]


def _is_demand(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma == "demand":
        return True
    if tok.pos_ not in ("VERB", "AUX") or lemma not in DEMAND_VERBS:
        return False
    if lemma == "call":
        return any(c.dep_ == "prep" and c.lower_ in ("on", "for", "upon") for c in tok.children)
    if lemma == "push":
        return any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
    if lemma == "want":
        return any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
    if lemma == "ask":
        return any(c.dep_ in ("xcomp", "ccomp") for c in tok.children) and not _is_question(tok)
    return lemma != "vow"


def _is_question(tok: Token) -> bool:
    return tok.sent.text.rstrip().endswith("?")


def _asked(ctx: Context, trig: Token) -> list[tuple[str, str]]:
    """What is asked, as text items: the complement of the verb, split at ";" for lists."""
    text = "".join(t.text_with_ws for t in trig.sent if t.i > trig.i)
    nxt = (
        ctx.sentences[_sent_index(ctx, trig) + 1] if _sent_index(ctx, trig) + 1 < len(ctx.sentences) else None
    )
    if nxt is not None and re.match(r"^\s*(?:Their|The|His|Her|Our)\s+(?:list|demands)\s*:", nxt.text):
        text += " " + nxt.text
    items = [i for i in re.split(r";|\n", text) if i.strip()]
    rule = f"demand.verb-{trig.lemma_.lower()}"
    return [(i, rule) for i in items] or [(text, rule)]


def _sent_index(ctx: Context, tok: Token) -> int:
    return ctx.sentence_at(ctx.char(tok)).index


def _classify(item: str) -> tuple[str, str]:
    for concept, rule, pattern in TYPES:
        if pattern.search(item):
            return concept, rule
    return OTHER


def _claimant(ctx: Context, trig: Token) -> str | None:
    head = trig
    while head.dep_ in ("xcomp", "conj", "advcl") and head.head != head:
        head = head.head
    for c in head.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            key = _resolve(ctx, c, prefer=(GROUP, ORGANIZATION, PERSON))
            if key:
                return key
    return None


def _addressees(ctx: Context, trig: Token) -> list[str]:
    """ "calling on X to", "urge X to", "want X to", "pressing X and Y to"."""
    objs: list[Token] = []
    for c in trig.children:
        if c.dep_ in ("dobj", "nsubj") and c.i > trig.i:
            objs.append(c)
        if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
            objs.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ in ("ccomp", "xcomp"):
            objs.extend(g for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.i > trig.i)
    out: list[str] = []
    for o in objs:
        for t in (o, *[c for c in o.conjuncts]):
            key = _resolve(ctx, t, prefer=(PERSON, ORGANIZATION))
            if key and key not in out and not key.startswith("group:"):
                out.append(key)
    return out


def _resolve(ctx: Context, tok: Token, prefer: tuple[str, ...]) -> str | None:
    """The mention at a token or its subtree; pronouns and titles ("the mayor") back to a name."""
    spans = [ctx.char(t) for t in tok.subtree]
    lo, hi = min(spans), max(spans) + 1
    hits = [m for m in ctx.mentions if lo <= m.start < hi + 1 and m.kind in prefer]
    at = [m for m in hits if m.start <= ctx.char(tok) < m.end]
    if at:
        return at[0].key
    if hits:
        fam = [m for m in hits if m.subkind == "Family"]
        return (fam or sorted(hits, key=lambda m: prefer.index(m.kind)))[0].key
    low = tok.lower_
    if low in ("they", "we") and tok.pos_ == "PRON":
        return _last(ctx, ctx.char(tok), (GROUP,)) or _last(ctx, ctx.char(tok), (ORGANIZATION,))
    if low in ("he", "she", "i"):
        return _last(ctx, ctx.char(tok), (PERSON,))
    if tok.lemma_.lower() in TITLE_NOUNS:
        return _by_title(ctx, tok.lemma_.lower())
    return None


def _last(ctx: Context, pos: int, kinds: tuple[str, ...]) -> str | None:
    before = [m for m in ctx.mentions if m.end <= pos and m.kind in kinds and m.subkind != "Family"]
    return before[-1].key if before else None


def _by_title(ctx: Context, word: str) -> str | None:
    """ "the mayor" -> the person titled Mayor; "the department" -> the police agency."""
    people: list[Mention] = [
        m for m in ctx.mentions if m.kind == PERSON and m.title and word in m.title.lower()
    ]
    if people:
        return people[0].key
    if word == "department":
        agencies = [m for m in ctx.mentions if m.subkind == "PoliceAgency"]
        return agencies[0].key if agencies else None
    return None


def _fact(ctx: Context, d: Draft) -> Fact:
    roles: list[tuple[str, tuple[str, ...]]] = []
    if d.claimant:
        roles.append(("claimant", (d.claimant,)))
    if d.addressee:
        roles.append(("addressee", (d.addressee,)))
    about = incident_ref(ctx, d.sentences[0])
    if about:
        roles.append(("concerns", about))
    who = ctx.key_name(d.claimant) if d.claimant else "someone"
    whom = f" of {ctx.key_name(d.addressee)}" if d.addressee else ""
    label = f"{who} demands {_words(d.concept)}{whom}"
    evidence: tuple[Evidence, ...] = tuple(
        ctx.evidence(s, r) for s, r in zip(d.sentences, d.rules, strict=True)
    )
    return Fact(
        f"demand@{d.concept}@{d.addressee}",
        "Demand",
        None,
        label,
        ctx.article.source,
        evidence,
        roles=tuple(roles),
        concept=d.concept,
    )


def _words(concept: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", concept).lower()
