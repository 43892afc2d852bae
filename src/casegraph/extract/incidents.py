"""Incidents: police shot or used force on a person.

A trigger (a shooting verb or noun, a force word, a killing) whose victim is a named person
makes an incident; all sentences about the same victim add evidence and attributes to one
incident per victim and article: age, fatal, date, place, agency and the officers involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import ORGANIZATION, PERSON, PLACE, Fact, Mention
from . import lexicon as lx
from .context import Context, Sentence
from .dates import find_dates

if TYPE_CHECKING:
    from spacy.tokens import Token

SHOOT_LEMMAS = {"shoot", "gun", "fire"}
SHOOT_NOUNS = {"shooting", "shootings", "gunfire", "shot", "shots"}
FORCE_WORDS = {
    "taser",
    "tase",
    "tased",
    "stun",
    "restrain",
    "restraint",
    "restrained",
    "knee",
    "chokehold",
    "choke",
    "beat",
    "beating",
    "beaten",
    "punch",
    "punched",
    "tackle",
    "tackled",
    "pin",
    "pinned",
    "pepper",
    "baton",
    "kneel",
    "kneeling",
    "strangle",
    "asphyxia",
    "prone",
    "struck",
    "kick",
    "kicked",
    "bit",
    "k9",
    "dog",
    "force",
}
KILL_WORDS = {"kill", "killing", "death", "die", "slay"}
POLICE_CUES = re.compile(
    r"\b(police|officers?|cops?|deput(?:y|ies)|sheriff|troopers?|sergeant|sgt\.|detective|agents?|"
    r"patrol|law enforcement|custody|department)\b",
    re.IGNORECASE,
)
FATAL = re.compile(
    r"\b(killed|killing|fatal(?:ly)?|died|dies|death|dead|deadly|slain|murder(?:ed)?|"
    r"homicide|funeral|memorial|vigil for)\b",
    re.IGNORECASE,
)
NONFATAL = re.compile(
    r"\b(non-?fatal|wounded|injured|survived|hospitali[sz]ed|(?:stable|critical|serious) "
    r"condition|recovering|paralyzed)\b",
    re.IGNORECASE,
)
OFFICER_TITLES = {
    "officer",
    "deputy",
    "sgt.",
    "sergeant",
    "detective",
    "trooper",
    "patrolman",
    "corporal",
    "cpl.",
    "agent",
    "lt.",
    "lieutenant",
    "officers",
    "deputies",
    "troopers",
    "detectives",
}
CHARGED = {"charge", "indict", "accuse", "arrest", "convict", "sentence", "acquit", "fire"}
AGE_AFTER = re.compile(r"^,\s*(\d{1,3}),")
AGE_WHO = re.compile(r"^,\s*who was (\d{1,3})\b")
AGE_APPOS = re.compile(r"^,\s*an?\s+(\d{1,3})-year-old\b")  # "X, a 19-year-old college student"
# The sentence after the victim's, about the victim: "He survived." / "She died Sunday."
PRONOUN_OUTCOME = re.compile(
    r"^(?:He|She) (?:survived|died|was pronounced dead|is expected to survive|remains? hospitali[sz]ed)\b"
)
AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:[a-z]+\s+){0,2}$")
AGE_ANAPHOR = re.compile(r"\bthe (\d{1,3})-year-old\b(?!\s+(?:officer|deputy|cop|trooper|man who|woman who))")


@dataclass
class Draft:
    """An incident being assembled from several sentences."""

    victim: str
    first: Sentence
    sentences: list[Sentence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    shooting: bool = False
    force: bool = False
    fatal: bool | None = None
    age: int | None = None
    date: object | None = None
    places: list[Mention] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)


def extract(ctx: Context) -> list[Fact]:
    """One incident per named victim of police force in the article."""
    drafts: dict[str, Draft] = {}
    for sent in ctx.sentences:
        if sent.start < ctx.headline_end:
            continue
        for trig in sent.tokens:
            kind = _trigger_kind(trig)
            if kind is None:
                continue
            if not _police_context(ctx, sent):
                continue
            victim = _victim(ctx, trig)
            if victim is not None:
                d = drafts.setdefault(victim.key, Draft(victim.key, sent))
            elif drafts and kind != "kill" and _refers_back(trig):
                d = list(drafts.values())[-1]  # "the shooting", "the deadly March 31 shooting"
            elif kind == "shoot" and (named := _victim_named_in(ctx, sent, drafts)) is not None:
                d = named  # "Ortega raised a pellet gun before officers opened fire ... on Sept. 9"
            else:
                continue
            _add(ctx, d, sent, trig, kind)
    officers = {m.key for m in ctx.mentions if m.kind == PERSON and _officer_evidence(ctx, m)}
    for key in [k for k in drafts if k in officers and len(drafts) > 1]:
        del drafts[key]  # an officer named near a shooting verb is not its victim
    for d in drafts.values():
        _attributes(ctx, d)
    _assign_officers(ctx, drafts)
    return [_fact(ctx, d) for d in drafts.values() if d.shooting or d.force or d.fatal is True]


def _trigger_kind(tok: Token) -> str | None:
    low, lemma = tok.lower_, tok.lemma_.lower()
    if lemma == "shoot" or low in SHOOT_NOUNS and low != "shots" or (lemma == "fire" and _fire_at(tok)):
        return "shoot"
    if low in ("gunned", "gun") and any(c.lower_ == "down" for c in tok.children):
        return "shoot"
    if lemma == "wound" and tok.pos_ == "VERB":
        return "shoot" if re.search(r"\b(shot|shots|fired|fire|gun\w*)\b", tok.sent.text, re.I) else "force"
    if low in FORCE_WORDS and low != "force" or (low == "force" and tok.head.lower_ in ("use", "excessive")):
        return "force"
    if lemma in KILL_WORDS or low in ("killed", "killing", "death", "died"):
        return "kill"
    return None


def _fire_at(tok: Token) -> bool:
    """ "opened fire on X", "fired at X", "fired his gun" (not "fired the officer")."""
    kids = {c.lower_ for c in tok.subtree}
    return bool(kids & {"at", "on", "shots", "gun", "weapon", "rounds", "shot"}) or tok.head.lemma_ == "open"


def _victim(ctx: Context, trig: Token) -> Mention | None:
    """The person the trigger happened to: its object, the subject of a passive, "shooting of X",
    "X's death"."""
    toks = _victim_tokens(trig)
    if _trigger_kind(trig) == "force":
        toks += [t for t in trig.subtree if t.dep_ == "poss"]
    for tok in toks:
        m = _person_at(ctx, tok)
        if m is not None and not _is_officer_mention(m):
            return m
    for tok in toks:  # "shot and killed him", "the shooting of the 21-year-old"
        if tok.lower_ in ("him", "her") or re.fullmatch(r"\d{1,3}-year-old", tok.text):
            return _last_person(ctx, ctx.char(trig))
        if tok.lemma_.lower() in GENERIC_VICTIMS and tok.dep_ in ("dobj", "pobj", "nsubjpass"):
            return _identified(ctx)  # "shot and killed a man ... The man was identified as X"
    return None


GENERIC_VICTIMS = {
    "man",
    "woman",
    "teen",
    "teenager",
    "boy",
    "girl",
    "person",
    "driver",
    "motorist",
    "resident",
    "suspect",
    "father",
    "mother",
    "student",
    "veteran",
}
IDENTIFIED = re.compile(r"\bidentified\s+(?:him|her|the\s+\w+(?:\s+\w+)?)?\s*as\s+", re.I)


def _identified(ctx: Context) -> Mention | None:
    """The person an unnamed victim turns out to be: "identified as X", else the first person the
    article names who holds no title and is not quoted as a speaker's relative."""
    for m in IDENTIFIED.finditer(ctx.body):
        end = ctx.offset + m.end()
        after = ctx.mentions_between(end, end + 60, (PERSON,))
        if after and after[0].start - end < 3:
            return after[0]
    text = ctx.article.text
    for p in ctx.of_kind(PERSON):  # victims are introduced with their age: "Marcus Trell, 34,"
        if (
            p.start >= ctx.headline_end
            and not p.title
            and not _in_quote(ctx, p.start)
            and (
                AGE_AFTER.match(text[p.end : p.end + 8])
                or AGE_BEFORE.search(text[max(0, p.start - 30) : p.start])
            )
        ):
            return p
    return None


def _in_quote(ctx: Context, pos: int) -> bool:
    return any(s <= pos < e for s, e in ctx.quoted)


def _last_person(ctx: Context, pos: int) -> Mention | None:
    before = [m for m in ctx.mentions if m.kind == PERSON and m.end <= pos and not _is_officer_mention(m)]
    return before[-1] if before else None


def _victim_named_in(ctx: Context, sent: Sentence, drafts: dict[str, Draft]) -> Draft | None:
    """The one incident already found whose victim the sentence names (a shooting verb with no
    victim of its own is about them)."""
    named = {m.key for m in ctx.mentions_between(sent.start, sent.end, (PERSON,))}
    hits = [d for key, d in drafts.items() if key in named]
    return hits[0] if len(hits) == 1 else None


def _refers_back(trig: Token) -> bool:
    return trig.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in trig.children
    )


def _victim_tokens(trig: Token) -> list[Token]:
    out: list[Token] = []
    for c in trig.children:
        if c.dep_ in ("dobj", "nsubjpass", "poss", "compound", "npadvmod"):
            out.append(c)
        if c.dep_ == "prep" and c.lower_ in ("of", "on", "at"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "conj" and c.pos_ == "VERB":
            out.extend(g for g in c.children if g.dep_ == "dobj")
    if trig.dep_ == "conj" and trig.head.pos_ == "VERB":
        out.extend(c for c in trig.head.children if c.dep_ in ("dobj", "nsubjpass"))
    if trig.dep_ in ("relcl", "acl") and trig.lemma_ in ("kill", "shoot"):
        out.extend(c for c in trig.children if c.dep_ == "dobj")
    if trig.dep_ == "acl" and trig.tag_ == "VBN":  # "a teenager killed in Columbus"
        out.append(trig.head)
    if trig.lemma_ == "die":
        out.extend(c for c in trig.children if c.dep_ == "nsubj")
    if trig.dep_ == "amod" or trig.dep_ == "compound":
        out.append(trig.head)
    if trig.dep_ == "dobj":  # "used a Taser on X", "fired shots at X"
        for c in trig.head.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "into"):
                out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def _person_at(ctx: Context, tok: Token) -> Mention | None:
    """The person mention at a token, or at a noun whose appositive/compound names one
    ("13-year-old Adam Toledo", "the 21-year-old" -> the article's victim is handled later)."""
    for t in (tok, *[c for c in tok.children if c.dep_ in ("appos", "compound")]):
        pos = ctx.char(t)
        for m in ctx.mentions:
            if m.kind == PERSON and m.start <= pos < m.end:
                return m
    return None


def _is_officer_mention(m: Mention) -> bool:
    return m.title is not None and m.title.split()[-1].lower() in OFFICER_TITLES


def _police_context(ctx: Context, sent: Sentence) -> bool:
    """Police are involved: named in the sentence, the one before, the paragraph, or someone in
    the sentence is an officer by title, here or elsewhere in the article ("Greer shot X")."""
    prev = ctx.sentences[sent.index - 1].text if sent.index > 0 else ""
    if POLICE_CUES.search(sent.text) or POLICE_CUES.search(prev):
        return True
    para = " ".join(s.text for s in ctx.sentences if s.paragraph == sent.paragraph)
    if POLICE_CUES.search(para):
        return True
    return any(
        any(_is_officer_mention(o) for o in ctx.mentions_of(m.key))  # "Officer Nathan Greer" ... "Greer shot"
        for m in ctx.mentions_between(sent.start, sent.end, (PERSON,))
    )


def _add(ctx: Context, d: Draft, sent: Sentence, trig: Token, kind: str) -> None:
    if sent not in d.sentences:
        d.sentences.append(sent)
        d.rules.append(f"incident.{kind}-victim")
    d.shooting |= kind == "shoot"
    d.force |= kind == "force"
    if d.date is None:
        d.date = _date_of(ctx, sent, trig)
    d.places.extend(_places_of(ctx, sent, trig))
    for m in ctx.mentions_between(sent.start, sent.end, (ORGANIZATION,)):
        if m.subkind == "PoliceAgency" and m.key not in d.agencies:
            d.agencies.append(m.key)


def _anchors(trig: Token) -> set[int]:
    """The trigger and, for a noun ("used a Taser on X"), the verb it belongs to."""
    out = {trig.i}
    # only an instrument's verb ("used a Taser on X"); a shooting noun's verb is someone else's act
    # ("released video of the March 29 shooting on Thursday")
    if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ == "dobj" and _trigger_kind(trig) == "force":
        verb = next((a for a in trig.ancestors if a.pos_ == "VERB"), None)
        if verb is not None:
            out.add(verb.i)
    if trig.lower_ == "fire" and trig.dep_ == "dobj" and trig.head.lemma_ == "open":
        out.add(trig.head.i)  # "opened fire ... on Sept. 9": the date hangs on "opened"
    return out


def _date_of(ctx: Context, sent: Sentence, trig: Token) -> object | None:
    """A date attached to the trigger ("the March 31 shooting", "killed ... on July 6")."""
    anchors = _anchors(trig)
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):  # "Monday night" is often a TIME
            continue
        head, hops = ent.root, 0
        while hops < 4 and head.i not in anchors and head.head != head:
            head, hops = head.head, hops + 1
        if head.i in anchors:
            found = find_dates(ent.text, ctx.article.published, future=False)
            if found:
                return found[0][1]
    return None


def _places_of(ctx: Context, sent: Sentence, trig: Token) -> list[Mention]:
    """Places in a prepositional phrase under the trigger ("... in Chicago's Portage Park")."""
    out: list[Mention] = []
    anchors = _anchors(trig)
    roots = [trig] + [t for t in sent.tokens if t.i in anchors and t.i != trig.i]
    preps = [c for r in roots for c in r.subtree if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
    for prep in preps:
        for t in prep.subtree:
            m = next(iter(ctx.mentions_at(ctx.char(t), (PLACE,))), None)
            if m is not None and m not in out:
                out.append(m)
    return out


PLACE_PREPS = ("in", "at", "near", "outside", "on", "along", "behind", "inside")
SHOOT_TEXT = re.compile(
    r"\b(shot|shooting|shoots|gunfire|gunned|opened fire|fired (?:at|on|his|her|their|a|several|multiple|\d+))\b",
    re.I,
)
FORCE_TEXT = re.compile(
    r"\b(taser|tased|stun gun|restrain\w*|knee|chokehold|choked?|beat(?:en|ing)?|punch\w*|"
    r"tackl\w*|pinned|pepper spray|baton|prone|asphyxia\w*|kneel\w*)\b",
    re.I,
)


def _attributes(ctx: Context, d: Draft) -> None:
    text = " ".join(s.text for s in d.sentences)
    named = [
        s
        for s in ctx.sentences
        if s.start >= ctx.headline_end and d.victim in {m.key for m in ctx.mentions_between(s.start, s.end)}
    ]
    after = [ctx.sentences[s.index + 1] for s in named if s.index + 1 < len(ctx.sentences)]
    about = " ".join([s.text for s in named] + [s.text for s in after if PRONOUN_OUTCOME.match(s.text)])
    if NONFATAL.search(text) or NONFATAL.search(about):
        d.fatal = False
    elif FATAL.search(text) or FATAL.search(about):
        d.fatal = True
    d.shooting |= SHOOT_TEXT.search(text) is not None
    d.force |= not d.shooting and FORCE_TEXT.search(text + " " + about) is not None
    d.age = _age(ctx, d)


def _age(ctx: Context, d: Draft) -> int | None:
    """ "X, 22,", "22-year-old X", "X, who was 36,", or "the 21-year-old" in the victim's sentences."""
    text = ctx.article.text
    for m in (x for x in ctx.mentions if x.key == d.victim):
        for pattern, chunk in (
            (AGE_AFTER, text[m.end : m.end + 8]),
            (AGE_WHO, text[m.end : m.end + 14]),
            (AGE_APPOS, text[m.end : m.end + 20]),
            (AGE_BEFORE, text[max(0, m.start - 30) : m.start]),
        ):
            hit = pattern.search(chunk)
            if hit and 0 < int(hit.group(1)) < 120:
                return int(hit.group(1))
    for s in d.sentences:
        hit = AGE_ANAPHOR.search(s.text)
        if hit:
            return int(hit.group(1))
    for s in ctx.sentences:
        if d.victim in {m.key for m in ctx.mentions_between(s.start, s.end)}:
            hit = re.search(r"\bwas (\d{1,3})\b", s.text)
            if hit and re.search(r"\b(years? old|aged?)\b|, was \d", s.text):
                return int(hit.group(1))
    return None


def _assign_officers(ctx: Context, drafts: dict[str, Draft]) -> None:
    """Officers named with an officer title, as an officer ("X, the officer"), or charged with the
    shooting; each goes to the incident whose victim shares their paragraph (else the first)."""
    if not drafts:
        return
    order = list(drafts.values())
    for m in ctx.mentions:
        if m.kind != PERSON or m.key in drafts or not _officer_evidence(ctx, m):
            continue
        para = ctx.sentence_at(m.start).paragraph
        target = next((d for d in order if any(s.paragraph == para for s in d.sentences)), order[0])
        if m.key not in target.officers:
            target.officers.append(m.key)


INVOLVED = re.compile(
    r"\b(shot|shoot\w*|fired|fire|killed|kill\w*|struck|tased|restrain\w*|knelt|kneel\w*|"
    r"charged|indicted|convicted|acquitted|suspended|leave|desk duty|resign\w*|"
    r"involved|accused|arrested|sentenced|trial|verdict)\b",
    re.I,
)


def _officer_evidence(ctx: Context, m: Mention) -> bool:
    if _is_officer_mention(m):
        # a titled officer counts when the article says what they did, not when they only speak
        return any(INVOLVED.search(ctx.sentence_at(x.start).text) for x in ctx.mentions_of(m.key))
    tok = ctx.token_at(m.end - 1)
    if tok is None:
        return False
    for c in tok.children:
        if c.dep_ == "appos" and c.lemma_.lower() in lx.OFFICER_NOUNS:
            return True
    head = tok.head
    if tok.dep_ == "nsubj" and head.lemma_ == "be":
        return any(c.dep_ == "attr" and c.lemma_.lower() in lx.OFFICER_NOUNS for c in head.children)
    if tok.dep_ in ("nsubjpass", "nsubj") and head.lemma_ in CHARGED | {"face"} and head.lemma_ != "fire":
        sent = ctx.sentence_at(m.start).text
        return bool(re.search(r"\b(charge|murder|manslaughter|indict|accused)", sent, re.IGNORECASE))
    # firing a gun does not make someone an officer: the victim may have fired too
    return False


def _fact(ctx: Context, d: Draft) -> Fact:
    sub = "PoliceShooting" if d.shooting else ("UseOfForce" if d.force else None)
    name = ctx.key_name(d.victim)
    what = {"PoliceShooting": "Police shooting of", "UseOfForce": "Police use of force on"}.get(
        sub or "", "Death of"
    )
    roles: list[tuple[str, tuple[str, ...]]] = [("victim", (d.victim,))]
    place = _best_place(ctx, d)
    if place:
        roles.append(("location", (place,)))
    if d.agencies:
        roles.append(("agency", (d.agencies[0],)))
    else:
        agency = _article_agency(ctx)
        if agency:
            roles.append(("agency", (agency,)))
    if d.officers:
        roles.append(("officer", tuple(d.officers)))
    values: list[tuple[str, object]] = [("age", d.age), ("fatal", d.fatal), ("date", d.date)]
    evidence = ctx.evidence_each(d.sentences, d.rules)
    return Fact(
        f"incident@{d.victim}",
        "Incident",
        sub,
        f"{what} {name}",
        ctx.article.source,
        evidence,
        roles=tuple(roles),
        values=tuple((k, v) for k, v in values if v is not None),
    )


def _best_place(ctx: Context, d: Draft) -> str | None:
    rank = {"Site": 0, "Neighborhood": 1, "City": 2, "Region": 3}
    if d.places:
        return min(d.places, key=lambda m: rank.get(m.subkind or "", 4)).key
    cities = [m for m in ctx.mentions if m.kind == PLACE and m.subkind == "City"]
    return cities[0].key if cities else None


def _article_agency(ctx: Context) -> str | None:
    agencies = {m.key for m in ctx.mentions if m.kind == ORGANIZATION and m.subkind == "PoliceAgency"}
    return next(iter(agencies)) if len(agencies) == 1 else None
