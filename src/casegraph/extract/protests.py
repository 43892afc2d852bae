"""Protests: marches, rallies, vigils, sit-ins, held or announced.

Each sentence that speaks of a protest (a trigger noun such as "march" or "vigil", or a verb such
as "marched" or "gathered" whose subject is people) becomes a *sighting* with the date, time,
places and organizers its clause states. Sightings with the same resolved date are one event; an
undated sighting joins the nearest dated event when it refers back to it ("the rally", "the
event") or sits in the same or the next paragraph without naming other places. Places come from
the preposition that governs them ("from X", "march to X", "start at X", "outside X") and the verb
of its clause; organizers from "organized by X", "X, which organized the march", "X plans a
march". Every rule below has an id that ends up on the evidence it produced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import GROUP, ORGANIZATION, PERSON, PLACE, Evidence, Fact, Mention
from .context import Context, Sentence, incident_ref
from .dates import WEEKDAY, find_dates, find_time, find_weekends, is_future
from .names import norm

if TYPE_CHECKING:
    from spacy.tokens import Token

# trigger lemma -> the name used in the rule id ("protest.held-rally", "protest.scheduled-march")
TRIGGER_NOUNS = {
    "march": "march",
    "rally": "rally",
    "protest": "protest",
    "vigil": "vigil",
    "demonstration": "demonstration",
    "sit-in": "sit-in",
    "die-in": "sit-in",
    "gathering": "gathering",
    "walkout": "walkout",
    "walk-out": "walkout",
    "procession": "march",
}
TRIGGER_VERBS = {
    "march": "verb",
    "rally": "verb",
    "gather": "verb",
    "assemble": "verb",
    "block": "verb",
    "demonstrate": "verb",
    "protest": "verb",
}
# verbs that are a march only when protesters do them
MOTION_VERBS = {"walk", "parade", "proceed", "snake", "wind", "move"}
PROTESTER_NOUNS = {"marcher", "protester", "protestor", "demonstrator", "activist"}
# nouns that refer back to an event already described ("the event had started out as a rally")
ANAPHORA_NOUNS = set(TRIGGER_NOUNS) | {"event"}
DEFINITE = {"the", "this", "that", "its", "their", "his", "her"}
# subjects that make "gathered", "marched", "blocked" a protest rather than e.g. "data gathered"
HUMAN_NOUNS = {
    "people", "person", "crowd", "demonstrator", "protester", "protestor", "activist", "marcher",
    "resident", "supporter", "member", "student", "family", "relative", "neighbor", "hundred",
    "dozen", "thousand", "group", "organizer", "participant", "mourner", "community", "worker",
    "leader", "friend", "clergy", "youth", "teen", "woman", "man", "parent", "they", "we", "he",
    "she", "i", "attendee", "speaker",
}  # fmt: skip
RELATIVE_PRONOUNS = {"that", "who", "which"}
MONTH_CONTEXT = {
    "in",
    "since",
    "until",
    "by",
    "of",
    "early",
    "late",
    "mid",
    "last",
    "this",
    "next",
    "through",
}
# verbs that make a place the start or the end of a march
START_VERBS = {"start", "begin", "meet", "kick", "depart", "leave", "launch", "set", "step"}
END_VERBS = {"end", "finish", "conclude", "arrive", "culminate", "wrap", "stop", "march", "walk", "head",
             "proceed", "move", "go", "make", "continue", "return"}  # fmt: skip
LOCATION_PREPS = {"at", "outside", "in", "on", "near", "around", "inside", "across", "along", "through",
                  "before", "beside", "by", "into", "within", "in front of", "outside of"}  # fmt: skip
START_PREPS = {"from"}
END_PREPS = {"to", "toward", "towards", "onto"}
# organizers: verb lemma -> rule id; passive ("organized by X") and active ("X organized the march")
ORGANIZE_VERBS = {
    "organize": "protest.organized-by",
    "coordinate": "protest.organized-by",
    "sponsor": "protest.organized-by",
    "host": "protest.organized-by",
    "convene": "protest.organized-by",
    "arrange": "protest.organized-by",
    "lead": "protest.organized-by",
    "call": "protest.organized-by",
    "put": "protest.organized-by",  # "put together by", with the particle checked below
    "plan": "protest.planned-by",
    "hold": "protest.planned-by",
    "stage": "protest.planned-by",
}
ACTIVE_ONLY = {"plan", "hold", "stage"}
PASSIVE_ONLY = {"put"}
# head nouns of a place named in a protest's location phrase that the entity stage missed
FACILITY_NOUNS = {
    "academy", "building", "center", "centre", "courthouse", "hall", "headquarters", "office", "park",
    "plaza", "square", "station", "precinct", "church", "school", "library", "capitol", "statehouse",
    "museum", "memorial", "bridge", "street", "avenue", "boulevard", "road", "campus", "stadium",
}  # fmt: skip
TIME_NOUNS = {
    "morning",
    "afternoon",
    "evening",
    "night",
    "noon",
    "day",
    "weekend",
    "p.m.",
    "a.m.",
    "pm",
    "am",
    "midnight",
}
SUBKIND_RANK = {"Site": 0, "Neighborhood": 1, None: 2, "City": 3, "Region": 4}
CITY_LIST_MIN = 3  # "marches were held in A, B, C ...": one protest per city
SPEAKERS = (PERSON, ORGANIZATION, GROUP)


@dataclass
class Sighting:
    """One sentence that speaks of a protest, with what it says about it."""

    sent: Sentence
    rule: str
    noun: str
    date: dt.date | None = None
    from_weekday: bool = False
    future: bool = False
    time: tuple[int, int] | None = None
    location: list[Mention] = field(default_factory=list)
    start: list[Mention] = field(default_factory=list)
    end: list[Mention] = field(default_factory=list)
    organizers: list[tuple[str, str]] = field(default_factory=list)  # (key, rule)
    anaphoric: bool = False


@dataclass
class Event:
    sightings: list[Sighting]

    @property
    def date(self) -> dt.date | None:
        return next((s.date for s in self.sightings if s.date), None)

    def places(self, attr: str) -> list[Mention]:
        out: dict[str, Mention] = {}
        for s in self.sightings:
            for m in getattr(s, attr):
                out.setdefault(m.key, m)
        return list(out.values())


def extract(ctx: Context) -> list[Fact]:
    """Every protest the article reports or announces, one fact per distinct event."""
    sightings = [s for sent in ctx.sentences if sent.start >= ctx.headline_end for s in _sightings(ctx, sent)]
    facts: list[Fact] = []
    rest: list[Sighting] = []
    for s in sightings:
        cities = _city_list(s)
        if cities:
            facts.extend(_city_facts(ctx, s, cities))
        else:
            rest.append(s)
    _align_weekdays(rest)
    return [_fact(ctx, ev) for ev in _events(rest)] + facts


# --- sightings ---------------------------------------------------------------------------------


def _sightings(ctx: Context, sent: Sentence) -> list[Sighting]:
    triggers = [(t, r) for t in sent.tokens if (r := _trigger(t))]
    if not triggers:
        return []
    toks = [t for t, _ in triggers]
    anchors = _anchors(toks)
    future = is_future(sent.text)
    noun = next((TRIGGER_NOUNS[_word(t)] for t in toks if _word(t) in TRIGGER_NOUNS and t.pos_ != "VERB"),
                "protest")  # fmt: skip
    s = Sighting(sent, f"protest.{'scheduled' if future else 'held'}-{triggers[0][1]}", noun, future=future)
    s.date, s.from_weekday = _date(ctx, sent, anchors, future)
    s.time = find_time(sent.text) if s.date else None
    _places(ctx, sent, anchors, toks, s)
    s.organizers = _organizers(ctx, sent, anchors, toks)
    s.anaphoric = _anaphoric(sent)
    return [s]


def _word(tok: Token) -> str:
    """The token's lemma, joined with a hyphenated tail ("sit" "-" "in" -> "sit-in")."""
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not doc[tok.i + 1].whitespace_:
        return f"{tok.lower_}-{doc[tok.i + 2].lower_}"
    return tok.lemma_.lower()


def _trigger(tok: Token) -> str | None:
    word = _word(tok)
    if tok.pos_ == "VERB" and word in TRIGGER_VERBS:
        return TRIGGER_VERBS[word] if _human_subject(tok) else None
    if tok.pos_ == "VERB" and word in MOTION_VERBS:  # "marchers walked from X to Y"
        subj = _subject(tok)
        return "verb" if subj is not None and subj.lemma_.lower() in PROTESTER_NOUNS else None
    if word not in TRIGGER_NOUNS or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
        return None
    if word == "march" and _is_month(tok):
        return None
    return TRIGGER_NOUNS[word]


def _is_month(tok: Token) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    prev = tok.nbor(-1) if tok.i > tok.sent.start else None
    if nxt is not None and nxt.like_num:
        return True
    # capitalized inside a sentence ("in March", "since early March") it is the month
    return tok.text == "March" and prev is not None and (prev.lower_ in MONTH_CONTEXT or not prev.is_punct)


def _subject(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return tok.head
            return child
    if tok.dep_ in ("conj", "xcomp") and tok.head is not tok:
        return _subject(tok.head)
    return None


def _human_subject(tok: Token) -> bool:
    subj = _subject(tok)
    if subj is None:
        return False
    return subj.lemma_.lower() in HUMAN_NOUNS or subj.lower_ in HUMAN_NOUNS or subj.like_num


def _anchors(triggers: list[Token]) -> set[int]:
    """Token indices a date or place may hang from to belong to the protest: the triggers, their
    heads up to the root, and verbs conjoined with those ("start at X and end at Y")."""
    out: set[int] = set()
    for t in triggers:
        out.add(t.i)
        out.update(a.i for a in t.ancestors)
    for i in list(out):
        tok = triggers[0].doc[i]
        out.update(c.i for c in tok.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return out


def _attached(tok: Token, anchors: set[int]) -> bool:
    """Whether ``tok`` hangs from an anchor without passing through another verb first (a verb
    joined to the one before by "and" counts as the same: "starting at X and ending at Y")."""
    cur, came_by = tok, ""
    while True:
        if cur.i in anchors:
            return True
        if cur.head is cur or (cur is not tok and cur.pos_ in ("VERB", "AUX") and came_by != "conj"):
            return False
        cur, came_by = cur.head, cur.dep_


def _anaphoric(sent: Sentence) -> bool:
    return any(
        t.lemma_.lower() in ANAPHORA_NOUNS and any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE
                                                   for c in t.children)
        for t in sent.tokens
    )  # fmt: skip


def _date(ctx: Context, sent: Sentence, anchors: set[int], future: bool) -> tuple[dt.date | None, bool]:
    published = ctx.article.published
    found = find_dates(sent.text, published, future) + find_weekends(sent.text, published, future)
    weekdays = {sent.start + m.start(2) for m in WEEKDAY.finditer(sent.text)}
    for off, d in sorted(found):
        tok = ctx.token_at(sent.start + off)
        if tok is not None and _attached(tok, anchors):
            return d, sent.start + off in weekdays
    return None, False


# --- places ------------------------------------------------------------------------------------


def _places(ctx: Context, sent: Sentence, anchors: set[int], triggers: list[Token], s: Sighting) -> None:
    seen: set[int] = set()
    for tok in sent.tokens:
        if tok.dep_ != "pobj" or tok.i in seen:
            continue
        role = _place_role(tok, anchors, triggers)
        if role is None:
            continue
        for obj in [tok, *_conjuncts(tok)]:
            seen.add(obj.i)
            place = _place_for(ctx, obj)
            if place is not None and all(place.key != m.key for m in getattr(s, role)):
                getattr(s, role).append(place)


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ == "conj":
            out.append(c)
            out.extend(_conjuncts(c))
    return out


def _preposition(tok: Token) -> tuple[str, Token] | None:
    """The preposition governing a pobj, as text ("in front of" is one) and its head."""
    prep = tok.head
    if prep.dep_ not in ("prep", "agent", "dative") and prep.pos_ != "ADP":
        return None
    word, head = prep.lower_, prep.head
    while head.lemma_.lower() in TIME_NOUNS and head.head is not head:  # "Tuesday evening outside X"
        head = head.head
    if word == "of" and head.lower_ == "front" and head.head.dep_ == "prep":
        return f"{head.head.lower_} front of", head.head.head
    if word == "of" and head.lower_ == "outside":
        return "outside of", head.head
    return word, head


def _place_role(tok: Token, anchors: set[int], triggers: list[Token]) -> str | None:
    found = _preposition(tok)
    if found is None:
        return None
    word, head = found
    if head.pos_ in ("NOUN", "PROPN") and head.i not in anchors and head.lemma_.lower() not in ANAPHORA_NOUNS:
        return None  # the place modifies another noun ("the academy on X", "a man from X")
    if not _attached(head, anchors):
        return None
    verb = (
        head if head.pos_ in ("VERB", "AUX") else next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    )
    lemma = verb.lemma_.lower() if verb is not None else ""
    if word in START_PREPS:
        return "start"
    if word in END_PREPS:
        return "end" if lemma in END_VERBS or lemma in TRIGGER_VERBS or head in triggers else None
    if word not in LOCATION_PREPS and word not in ("in front of", "outside of"):
        return None
    if lemma in START_VERBS or (verb is not None and _starts_as(verb)):
        return "start"
    if lemma in END_VERBS - {"march", "walk", "head", "proceed", "move", "go", "make", "continue"}:
        return "end"
    return "location"


def _starts_as(verb: Token) -> bool:
    return verb.lemma_.lower() in ("start", "begin") or any(
        c.lower_ == "out" and c.dep_ == "prt" for c in verb.children
    )


def _place_for(ctx: Context, tok: Token) -> Mention | None:
    """The Place mention a prepositional object names, or one made from the phrase when the entity
    stage missed a facility named there ("outside the Xville police headquarters")."""
    start = ctx.char(tok.left_edge)
    end = ctx.char(tok) + len(tok.text)
    places = [m for m in ctx.mentions if m.kind == PLACE and m.start < end and start < m.end]
    if places:
        return min(places, key=lambda m: abs(m.end - end))
    return _phrase_place(ctx, tok)


def _phrase_place(ctx: Context, head: Token) -> Mention | None:
    toks = [t for t in head.doc[head.left_edge.i : head.i + 1] if t.dep_ not in ("det", "poss", "case")]
    toks = [t for t in toks if not (t.dep_ == "amod" and t.i == toks[0].i and t.is_lower)]
    if not toks or head.lemma_.lower() not in FACILITY_NOUNS or not any(t.text[:1].isupper() for t in toks):
        return None
    if any(t.pos_ not in ("PROPN", "NOUN", "ADJ", "NUM") for t in toks):
        return None
    start, end = ctx.char(toks[0]), ctx.char(head) + len(head.text)
    if any(m.kind == PERSON and m.start < end and start < m.end for m in ctx.mentions):
        return None
    name = ctx.article.text[start:end]
    m = Mention(
        f"place:{norm(name)}", name, PLACE, "Site", ctx.article.source, start, end, "protest.place-phrase"
    )
    ctx.mentions.append(m)
    return m


# --- organizers --------------------------------------------------------------------------------


def _organizers(
    ctx: Context, sent: Sentence, anchors: set[int], triggers: list[Token]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for tok in sent.tokens:
        rule = ORGANIZE_VERBS.get(_lemma(tok)) if tok.pos_ == "VERB" else None
        if rule is None:
            continue
        for m in _passive_agents(ctx, tok, anchors, triggers) + _active_subjects(ctx, tok, triggers):
            out.append((m.key, rule))
    if any(t.lemma_.lower() == "organizer" for t in sent.tokens):
        groups = ctx.mentions_between(sent.start, sent.end, (ORGANIZATION,))
        out.extend((m.key, "protest.organizers-group") for m in groups if m.subkind == "AdvocacyGroup")
    return list(dict.fromkeys(out))


def _lemma(tok: Token) -> str:
    """The lemma, mended where the model gets it wrong ("staged" -> "stag")."""
    lemma = tok.lemma_.lower()
    return LEMMA_FIXES.get(lemma, lemma)


LEMMA_FIXES = {"stag": "stage"}


def _passive_agents(ctx: Context, verb: Token, anchors: set[int], triggers: list[Token]) -> list[Mention]:
    lemma = _lemma(verb)
    # "a rally on Saturday organized by X": a participle the parser hung on another word still
    # says who organized the one event of the sentence
    participle = verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN"
    if lemma in ACTIVE_ONLY or (verb.i not in anchors and verb.head not in triggers and not participle):
        return []
    if lemma == "put" and not any(c.lower_ == "together" for c in verb.children):
        return []
    out: list[Mention] = []
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        out.extend(_actors(ctx, agent.left_edge, agent.right_edge))
    return out


def _active_subjects(ctx: Context, verb: Token, triggers: list[Token]) -> list[Mention]:
    lemma = _lemma(verb)
    if lemma in PASSIVE_ONLY:
        return []
    # "X called for a march" (not "called the march a success"); "X led a march"
    objs = [c for c in verb.children if c.dep_ == "dobj" and lemma != "call"]
    objs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children]
    if not any(o in triggers for o in objs):
        return []
    subj = _subject(verb)
    out = _actors(ctx, subj.left_edge, subj.right_edge) if subj is not None else []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        out.extend(_actors(ctx, prep.left_edge, prep.right_edge))
    return out


def _actors(ctx: Context, first: Token, last: Token) -> list[Mention]:
    start, end = ctx.char(first), ctx.char(last) + len(last.text)
    text = ctx.article.text
    found = ctx.mentions_between(start, end, SPEAKERS)
    # "the Marsh family": the family, not Marsh
    in_family = {f.family_of for f in found if f.subkind == "Family" and f.family_of}
    return [
        m
        for m in found
        if text[m.end : m.end + 2] not in ("'s", "’s")  # "Haines's mother": the mother, not Haines
        and not (m.key in in_family and text[m.end : m.end + 8].strip().lower().startswith("family"))
        and not any(
            o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in found
        )
    ]


# --- events ------------------------------------------------------------------------------------


def _city_list(s: Sighting) -> list[Mention]:
    cities = [m for m in s.location if m.subkind == "City"]
    return cities if len(cities) >= CITY_LIST_MIN and s.date is None else []


def _city_facts(ctx: Context, s: Sighting, cities: list[Mention]) -> list[Fact]:
    ev = ctx.evidence(s.sent, "protest.city-list")
    concerns = incident_ref(ctx, s.sent)
    return [
        Fact(
            f"protest@{s.sent.start}:{c.key}",
            "Protest",
            None,
            f"{s.noun.capitalize()} in {c.name}",
            ctx.article.source,
            (ev,),
            roles=(("location", (c.key,)), ("concerns", concerns)) if concerns else (("location", (c.key,)),),
        )
        for c in cities
    ]


def _align_weekdays(sightings: list[Sighting]) -> None:
    """A weekday read backward that names the weekday of an announced protest a week later is that
    protest ("come out Saturday" after "a march Saturday" is scheduled)."""
    announced = {s.date for s in sightings if s.future and s.date}
    for s in sightings:
        if s.date and s.from_weekday and not s.future and s.date + dt.timedelta(days=7) in announced:
            s.date += dt.timedelta(days=7)
            s.rule = "protest.same-weekday"


def _events(sightings: list[Sighting]) -> list[Event]:
    events: dict[dt.date, Event] = {}
    for s in sightings:
        if s.date:
            events.setdefault(s.date, Event([])).sightings.append(s)
    dated = list(events.values())
    loose: list[Event] = []
    for s in (x for x in sightings if x.date is None):
        target = _attach_to(s, dated)
        if target is not None:
            target.sightings.append(s)
        elif s.location or s.start or s.end:
            loose.append(Event([s]))
    for ev in dated:
        ev.sightings.sort(key=lambda x: x.sent.index)
    return sorted(dated + loose, key=lambda e: e.sightings[0].sent.index)


def _attach_to(s: Sighting, dated: list[Event]) -> Event | None:
    def distance(ev: Event) -> tuple[int, int]:
        gaps = [x.sent.index - s.sent.index for x in ev.sightings]
        before = [-g for g in gaps if g < 0]
        return (min(before), 0) if before else (min(abs(g) for g in gaps), 1)

    if not dated:
        return None
    best = min(dated, key=distance)
    if s.anaphoric:
        return best
    near = min(abs(x.sent.paragraph - s.sent.paragraph) for x in best.sightings) <= 1
    own = {m.key for m in s.location}
    theirs = {m.key for m in best.places("location")}
    return best if near and not (own and theirs and not own & theirs) else None


def _location(ev: Event) -> list[Mention]:
    places = ev.places("location")
    if not places:
        return []
    best = min(places, key=lambda m: SUBKIND_RANK.get(m.subkind, 2))
    ends = [m for m in ev.places("end") if m.subkind == "Site"]
    if best.subkind != "Site" and ends:
        return [ends[0]]
    return [best]


def _fact(ctx: Context, ev: Event) -> Fact:
    first = ev.sightings[0]
    date = ev.date
    time = next((s.time for s in ev.sightings if s.time and s.date == date), None)
    where, start, end = _location(ev), ev.places("start")[:1], ev.places("end")[:1]
    organizers = list(dict.fromkeys(k for s in ev.sightings for k, _ in s.organizers))
    roles = [
        (name, tuple(m.key for m in ms))
        for name, ms in (("location", where), ("startLocation", start), ("endLocation", end))
        if ms
    ]
    if organizers:
        roles.append(("organizer", tuple(organizers)))
    concerns = _concerns(ctx, ev)
    if concerns:
        roles.append(("concerns", concerns))
    values: list[tuple[str, object]] = []
    if date:
        values.append(("date", date))
        if time:
            values.append(("startTime", dt.datetime(date.year, date.month, date.day, *time)))
    return Fact(
        f"protest@{first.sent.start}",
        "Protest",
        None,
        _label(ev, where, start, end, date),
        ctx.article.source,
        _evidence(ctx, ev),
        roles=tuple(roles),
        values=tuple(values),
    )


def _concerns(ctx: Context, ev: Event) -> tuple[str, ...]:
    incidents = [f for f in ctx.facts if f.kind == "Incident"]
    for s in ev.sightings:
        named = {m.key for m in ctx.mentions_between(s.sent.start, s.sent.end)}
        if any(set(f.role("victim")) & named for f in incidents):
            return incident_ref(ctx, s.sent)
    return incident_ref(ctx, ev.sightings[0].sent)


def _evidence(ctx: Context, ev: Event) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for s in ev.sightings:
        rule = s.rule
        if s.date is None and s is not ev.sightings[0]:
            rule = "protest.anaphora" if s.anaphoric else "protest.nearby-undated"
        out.append(ctx.evidence(s.sent, rule))
        out.extend(ctx.evidence(s.sent, r) for _, r in s.organizers[:1])
    return tuple(out)


def _label(
    ev: Event, where: list[Mention], start: list[Mention], end: list[Mention], date: dt.date | None
) -> str:
    noun = next((s.noun for s in ev.sightings if s.noun != "protest"), ev.sightings[0].noun)
    parts = [noun.capitalize()]
    if start:
        parts.append(f"from {start[0].name}")
    if end:
        parts.append(f"to {end[0].name}")
    if where and not (end and where[0].key == end[0].key):
        parts.append(f"at {where[0].name}")
    if date:
        parts.append(f"on {date.isoformat()}")
    return " ".join(parts)
