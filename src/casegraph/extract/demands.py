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

from ..models import GROUP, ORGANIZATION, PERSON, Fact, Mention
from . import lexicon as lx
from .context import Context, Sentence, by_title, incident_ref
from .entities import family_mention
from .names import norm

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
            r"jail\w*|behind bars|murder charges?|tried for|grand jury)\b",
            re.I,
        ),
    ),
    (
        "Discipline",
        "demand.type-discipline",
        re.compile(
            r"\b(fire|fired|firing|dismiss\w*|terminat\w*|suspend\w*|suspension|decertif\w*|"
            r"certification|strip\w* of|off the (?:force|streets?|job)|lose (?:his|her|their) jobs?|"
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
        re.compile(
            r"\b(investigat\w*|probe|inquiry|review of|look into|special prosecutor|second look|reopen\w*|"
            r"(?:independent|outside|external|federal|full|thorough) review|"
            r"review (?:the|this|that|his|her|their) (?:case|shooting|killing|death|incident|evidence|findings)|"
            r"re-?examin\w*|take (?:these|the|this) cases? out of local hands)\b",
            re.I,
        ),
    ),
    (
        "PolicyReform",
        "demand.type-policy",
        re.compile(
            r"\b(ordinance|law|legislation|polic(?:y|ies)|ban(?:s|ned|ning)?|oversight|community control|defund\w*|"
            r"reform\w*|referendum|vote on|budget|training|body cameras? for|civilian review|"
            r"no-knock|chokeholds?|consent decree|review board|oversight board|independent board|"
            r"civilian (?:panel|board|commission)|review panel)\b",
            re.I,
        ),
    ),
    (
        "EndViolence",
        "demand.type-end-violence",
        re.compile(
            r"\b(stop (?:killing|shooting)|must stop|killings? (?:to )?(?:stop|end)|end (?:to )?police "
            r"violence|stop now|no more (?:[\w-]+ ){0,3}(?:killings?|shootings?|deaths?))\b",
            re.I,
        ),
    ),
    ("Accountability", "demand.type-accountability", re.compile(r"\b(accountab\w*|justice)\b", re.I)),
]
OTHER = ("OtherDemand", "demand.type-other")
WHAT_NOUNS = {"demand", "set", "list", "call", "case", "answer", "change", "action", "justice", "release"}
RESPOND_VERBS = {"respond", "answer", "meet", "agree", "reply", "address"}
CLAUSE_DEPS = {"relcl", "acl", "prep", "advcl", "ccomp", "xcomp"}
STRONG = {
    "demand",
    "call",
    "urge",
    "press",
    "implore",
    "petition",
    "want",
    "ask",
}  # verbs that make any request a demand
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
    id: str = ""


def extract(ctx: Context) -> list[Fact]:
    drafts: dict[tuple[str, str | None, str | None], Draft] = {}
    for sent in ctx.sentences:
        if sent.start < ctx.headline_end:
            continue
        for trig in sent.tokens:
            if not _is_demand(trig):
                continue
            claimant = _claimant(ctx, trig)
            # one does not demand of oneself: "members of the group ..., urging members to ban"
            addressees: list[str | None] = [a for a in _addressees(ctx, trig) if a != claimant] or [None]
            for item, rule_verb in _asked(ctx, trig):
                for concept, rule_type in _classify_all(item):
                    if concept == OTHER[0] and (addressees == [None] or trig.lemma_.lower() not in STRONG):
                        continue
                    for addr in addressees:
                        _note(
                            drafts, concept, addr, claimant, sent, f"{rule_verb}+{rule_type.split('.', 1)[1]}"
                        )
    for concept, claimant, sent, rule in _slogans(ctx):
        _note(drafts, concept, None, claimant, sent, rule)
    return [_fact(ctx, d) for d in drafts.values()]


def _note(
    drafts: dict[tuple[str, str | None, str | None], Draft],
    concept: str,
    addr: str | None,
    claimant: str | None,
    sent: Sentence,
    rule: str,
) -> None:
    """Add a sighting of a demand. The same demand of the same addressee by another claimant is
    another demand ("Protesters demanded charges. The family is calling for an arrest."); one
    whose claimant is not known goes to the first of its kind, which takes a claimant found later."""
    same = [d for key, d in drafts.items() if key[:2] == (concept, addr)]
    d = next((d for d in same if d.claimant == claimant), None) if claimant else (same[0] if same else None)
    if d is None:
        d = next((d for d in same if d.claimant is None), None)
    if d is None:
        suffix = f"@{claimant}" if same else ""
        d = drafts[(concept, addr, claimant)] = Draft(
            concept, addr, claimant, id=f"demand@{concept}@{addr}{suffix}"
        )
    d.claimant = d.claimant or claimant
    if sent not in d.sentences:
        d.sentences.append(sent)
        d.rules.append(rule)


def _classify_all(item: str) -> list[tuple[str, str]]:
    """Every specific kind of request in the item ("fired and charged" is two); a bare call for
    accountability or justice only when nothing more specific is asked."""
    found = [(c, r) for c, r, pat in TYPES if pat.search(item)]
    kinds = {c for c, _ in found}
    if "Transparency" in kinds:  # "make public every internal investigation" asks for records
        found = [x for x in found if x[0] != "Investigation"]
    if NOT_CHARGED.search(item):  # "the decision not to charge him" is what they object to
        found = [x for x in found if x[0] != "Prosecution"]
    specific = [x for x in found if x[0] != "Accountability"]
    return specific or found or [OTHER]


NOT_CHARGED = re.compile(
    r"\b(?:not to (?:charge|prosecute)|no charges|declin\w* to (?:charge|prosecute))\b", re.I
)
PARTICIPLE_TAIL = re.compile(r",\s+(?:chanting|holding|carrying|waving|saying|shouting|singing)\b", re.I)
SLOGAN_VERBS = {"chant", "read", "shout", "yell", "say"}
SLOGAN_NOUNS = {"sign", "signs", "placard", "placards", "banner", "banners", "chant", "chants", "t-shirt"}


def _slogans(ctx: Context) -> list[tuple[str, str | None, Sentence, str]]:
    """Chants and signs: each quoted slogan after "chanted", "signs read(ing)" is a demand of the
    crowd that carried it."""
    out: list[tuple[str, str | None, Sentence, str]] = []
    for sent in ctx.sentences:
        if sent.start < ctx.headline_end or '"' not in sent.text and "“" not in sent.text:
            continue
        cue = next((t for t in sent.tokens if t.lemma_.lower() in SLOGAN_VERBS and _slogan_context(t)), None)
        if cue is None:
            continue
        claimant = _crowd(ctx, cue)
        kind = "chant" if cue.lemma_.lower() in ("chant", "shout", "yell") else "sign"
        for m in re.finditer(r"[\"“]([^\"“”]{2,120})[\"”]", sent.text):
            concept, rule = _classify(m.group(1))
            if concept != OTHER[0]:
                out.append((concept, claimant, sent, f"demand.{kind}+{rule.split('.', 1)[1]}"))
    return out


def _slogan_context(tok: Token) -> bool:
    if tok.lemma_.lower() in ("chant", "shout", "yell"):
        return True
    words = {t.lower_ for t in tok.sent}
    return bool(words & SLOGAN_NOUNS)


def _crowd(ctx: Context, cue: Token) -> str | None:
    """Who chanted or held the signs: the verb's subject (the crowd, the protesters), else the
    last group named before."""
    head = cue
    for _ in range(3):
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                key = _resolve(ctx, c, prefer=(GROUP, ORGANIZATION, PERSON))
                if key:
                    return key
        if head.head == head:
            break
        head = head.head
    return _last(ctx, ctx.char(cue), (GROUP,))


def _is_demand(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma == "demand":
        return True
    if tok.pos_ not in ("VERB", "AUX") or lemma not in DEMAND_VERBS:
        return False
    if lemma == "call":  # "called on X to", "called for X", "called for X to resign" (parsed as a clause)
        return any(
            (c.dep_ == "prep" and c.lower_ in ("on", "for", "upon"))
            or (c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children))
            for c in tok.children
        )
    if lemma == "push":
        return any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
    if lemma == "want":
        return any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
    if lemma == "ask":
        asks = any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for") for c in tok.children
        )
        return asks and not _is_question(tok)
    return lemma != "vow"


def _is_question(tok: Token) -> bool:
    return tok.sent.text.rstrip().endswith("?")


def _asked(ctx: Context, trig: Token) -> list[tuple[str, str]]:
    """What is asked, as text items: the complement of the verb, split at ";" for lists."""
    # names are not requests: "an investigation by the State Law Enforcement Division" asks for no law
    text = "".join(
        t.text_with_ws if not ctx.mentions_at(ctx.char(t), (ORGANIZATION, PERSON)) else " "
        for t in trig.sent
        if t.i > trig.i
    )
    text = PARTICIPLE_TAIL.split(text, maxsplit=1)[0]  # "..., chanting "Fire X"" is a slogan of its own
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


MEMBER_NOUNS = {"organizer", "member", "leader", "founder"}


def _claimant(ctx: Context, trig: Token) -> str | None:
    head = trig
    if trig.pos_ == "NOUN":  # "the group's demands", "X issued a list of demands"
        for poss in (c for c in trig.children if c.dep_ == "poss"):
            key = _resolve(ctx, poss, prefer=(GROUP, ORGANIZATION, PERSON))
            if key:
                return key
        while head.dep_ in ("pobj", "prep", "dobj") and head.head != head:
            head = head.head
    while head.dep_ in ("xcomp", "conj", "advcl") and head.head != head:
        head = head.head
    if head.dep_ == "acl" and head.head.dep_ in ("dobj", "pobj"):
        # "X introduced a resolution calling for ...", "X filed a lawsuit seeking ...": X asks
        noun = head.head
        head = noun.head.head if noun.dep_ == "pobj" else noun.head
    for c in head.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            key = _resolve(ctx, c, prefer=(GROUP, ORGANIZATION, PERSON))
            if key:
                return key
    return _opening_subject(ctx, trig)


def _opening_subject(ctx: Context, trig: Token) -> str | None:
    """No subject found in the parse (it took "Riggs's family disputes that account and has asked"
    for a noun phrase and "that" for the subject): the name the sentence opens with, before its
    first verb, when that verb comes before the trigger."""
    sent = trig.sent
    verb = next((t for t in sent if t.pos_ in ("VERB", "AUX")), trig)
    if verb.i > trig.i or verb.i == sent.start:
        return None
    lead = ctx.mentions_between(ctx.char(sent[0]), ctx.char(verb), (GROUP, ORGANIZATION, PERSON))
    if not lead or lead[0].start != ctx.char(sent[0]):
        return None
    fam = [m for m in lead if m.subkind == "Family"]
    if fam:
        return fam[-1].key
    last = lead[-1]
    after = ctx.token_from(last.end)
    nxt = ctx.tokens[after.i + 1] if after is not None and after.i + 1 < len(ctx.tokens) else None
    possessive = after is not None and after.lower_ in ("'s", "’s")
    if last.kind == PERSON and possessive and nxt is not None and nxt.lower_ in ("family", "relatives"):
        return _family_mention(ctx, last.key, nxt)  # "Keyes's family disputes ...": his family
    return last.key


def _addressees(ctx: Context, trig: Token) -> list[str]:
    """ "calling on X to", "urge X to", "want X to", "pressing X and Y to"."""
    objs: list[Token] = []
    for c in trig.children:
        if c.dep_ in ("dobj", "nsubj") and c.i > trig.i and c.lemma_.lower() not in WHAT_NOUNS:
            objs.append(c)
        if c.dep_ in ("npadvmod", "appos") and c.i > trig.i and c.pos_ == "PROPN":
            objs.append(c)  # the parser hangs a second addressee there: "pressing X and the chair, Y, to"
        if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
            objs.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "advcl" and trig.lemma_ == "call"):
            # "demanding that the city release ...": the city is asked; in "demanding that Officer X
            # be fired" (a passive) X is what the demand is about, not whom it is addressed to
            objs.extend(g for g in c.children if g.dep_ == "nsubj" and g.i > trig.i)
    objs.extend(_responders(trig))
    out: list[str] = []
    for o in objs:
        for t in (o, *[c for c in o.conjuncts]):
            key = _resolve(ctx, t, prefer=(PERSON, ORGANIZATION))
            if key and key not in out and not key.startswith("group:"):
                out.append(key)
    return out


def _responders(trig: Token) -> list[Token]:
    """ "... until Chief X or Deputy Chief Y responded to what they were asking for": whoever has
    to answer a demand is its addressee."""
    for anc in trig.ancestors:
        if anc.lemma_.lower() in RESPOND_VERBS:
            return [c for c in anc.children if c.dep_ == "nsubj"]
    return []


def _core(tok: Token) -> list[Token]:
    """A noun phrase without its clauses and prepositional phrases."""
    skip = {t.i for c in tok.children if c.dep_ in CLAUSE_DEPS for t in c.subtree}
    return [t for t in tok.subtree if t.i not in skip]


def _resolve(ctx: Context, tok: Token, prefer: tuple[str, ...]) -> str | None:
    """The mention at a token or its phrase; pronouns and titles ("the mayor") back to a name."""
    spans = [ctx.char(t) for t in _core(tok)]
    lo, hi = min(spans), max(spans) + 1
    hits = ctx.mentions_between(lo, hi + 200, prefer)
    hits = [m for m in hits if m.start < hi + 1]
    at = [m for m in hits if m.start <= ctx.char(tok) < m.end]
    if at:
        return at[0].key
    if hits:
        fam = [m for m in hits if m.subkind == "Family"]
        return (fam or sorted(hits, key=lambda m: prefer.index(m.kind)))[0].key
    low, lemma, pos = tok.lower_, tok.lemma_.lower(), ctx.char(tok)
    if low in ("we", "i"):
        speaker = _quote_speaker(ctx, pos)  # "We are calling on ...," Ortega said
        if speaker:
            return speaker
    if low in ("they", "we") and tok.pos_ == "PRON":
        return _last(ctx, pos, (GROUP,)) or _last(ctx, pos, (ORGANIZATION,))
    if low in ("he", "she", "i"):
        return _last(ctx, pos, (PERSON,))
    if lemma in ("group", "organization", "coalition", "alliance", "members") and _definite(tok):
        return _last_org(ctx, pos, "AdvocacyGroup")
    of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    if low in lx.QUANTITIES and of:  # "Hundreds of students rallied ..., demanding": the students
        return _resolve(ctx, of[0], prefer)
    if lemma in MEMBER_NOUNS and tok.tag_ == "NNS":
        # "Organizers are demanding", "Members of the group urged": the body they belong to
        return _resolve(ctx, of[0], prefer) if of else _last_org(ctx, pos, "AdvocacyGroup", strict=True)
    if lemma in ("family", "relatives"):
        fams = [m for m in ctx.mentions if m.subkind == "Family" and m.start <= pos + 10]
        return fams[-1].key if fams else _victims_family(ctx, tok)
    if lemma in ("city", "village", "town") and _definite(tok):
        return _city_government(ctx, tok)
    if lemma == "general" or (lemma == "attorney" and any(c.lower_ == "general" for c in tok.children)):
        return _attorney_general(ctx, tok)
    if lemma in TITLE_NOUNS:
        return by_title(ctx, lemma)
    return None


def _definite(tok: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "our", "their", "its") for c in tok.children
    )


def _quote_speaker(ctx: Context, pos: int) -> str | None:
    for f in ctx.facts:
        if f.kind == "Quote" and f.role("speaker") and any(e.start <= pos < e.end for e in f.evidence):
            return f.role("speaker")[0]
    return None


def _last_org(ctx: Context, pos: int, subkind: str, strict: bool = False) -> str | None:
    """The last organization of ``subkind`` named before ``pos``, else (unless ``strict``) the
    last organization."""
    before = [m for m in ctx.mentions if m.kind == ORGANIZATION and m.start <= pos]
    kind = [m for m in before if m.subkind == subkind] or ([] if strict else before)
    return kind[-1].key if kind else None


def _victims_family(ctx: Context, tok: Token) -> str | None:
    """ "the family wants ...", no relative named: the family of the victim of the incident the
    sentence is about, made a mention like the families the entity stage finds."""
    if not _definite(tok):
        return None
    ref = incident_ref(ctx, ctx.sentence_at(ctx.char(tok)))
    incident = next((f for f in ctx.facts if ref and f"fact:{f.id}" == ref[0]), None)
    victim = incident.role("victim")[0] if incident and incident.role("victim") else None
    return _family_mention(ctx, victim, tok) if victim else None


def _family_mention(ctx: Context, person: str, tok: Token) -> str:
    """The key of the family of ``person``, mentioned at ``tok`` (added as a mention if the
    entity stage found none there)."""
    key = "family:" + person
    if not any(m.key == key for m in ctx.mentions_at(ctx.char(tok))):
        full = max((m.name for m in ctx.mentions_of(person)), key=len, default=ctx.key_name(person))
        ctx.mentions.append(family_mention(ctx, person, full, tok, "ent.family-by-reference"))
    return key


def _city_government(ctx: Context, tok: Token) -> str | None:
    """ "the city" asked to act: the government of the article's city, "City of X"."""
    cities = [m for m in ctx.mentions if m.kind == "Place" and m.subkind == "City"]
    if not cities:
        return None
    return _synthetic_org(ctx, tok, f"City of {cities[0].name}", "GovernmentBody", "ent.city-government")


def _attorney_general(ctx: Context, tok: Token) -> str | None:
    """ "the (state) attorney general", unnamed: that office of the article's state, if one is named."""
    named = _resolve_span_mention(ctx, tok, ORGANIZATION)
    if named:
        return named
    states = sorted(
        {
            m.name
            for m in ctx.mentions
            if m.kind == "Place" and m.subkind == "Region" and "county" not in m.name.lower()
        }
    )
    label = f"{states[0]} Attorney General's Office" if len(states) == 1 else "Attorney General's Office"
    return _synthetic_org(ctx, tok, label, "Prosecutor", "ent.attorney-general")


def _resolve_span_mention(ctx: Context, tok: Token, kind: str) -> str | None:
    lo = min(ctx.char(t) for t in tok.subtree)
    hi = max(ctx.char(t) + len(t.text) for t in tok.subtree)
    hits = [m for m in ctx.mentions if m.kind == kind and lo <= m.start < hi]
    return hits[0].key if hits else None


def _synthetic_org(ctx: Context, tok: Token, label: str, subkind: str, rule: str) -> str:
    """An organization the article names only by a common noun ("the city"), made a mention so
    that it becomes an entity like any other."""
    key = "org:" + norm(label)
    if not any(m.key == key for m in ctx.mentions):
        start = ctx.char(tok)
        ctx.mentions.append(
            Mention(key, label, ORGANIZATION, subkind, ctx.article.source, start, start + len(tok.text), rule)
        )
    return key


def _last(ctx: Context, pos: int, kinds: tuple[str, ...]) -> str | None:
    before = [m for m in ctx.mentions if m.end <= pos and m.kind in kinds and m.subkind != "Family"]
    return before[-1].key if before else None


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
    evidence = ctx.evidence_each(d.sentences, d.rules)
    return Fact(
        d.id,
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
