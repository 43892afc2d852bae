"""Official actions (cg:OfficialAction): what an official body or official did about a case.

A trigger is a verb lemma with the cue that makes it an action ("release" + a video or record,
"place" + on leave, "charge" + an officer, "not file" + charges); the table :data:`TRIGGERS`
names each with a rule id. A trigger counts only when the article asserts it: not in the
headline or a quotation, not negated (except where negation is the point), not under a modal
other than "will", not an imperative, and not governed by a demand ("calling on X to fire ...").

The actor is the agent of a passive ("released by COPA"), else the subject (a mention, or a
noun standing for an organization named before: "the oversight agency", "her office"), else the
official who announced it ("..., police spokesperson X said"); a spokesperson, prosecutor or
chief stands for the office they hold (their Membership). Leave and desk duty with no stated
actor are the police agency's. One fact per (actor, type) per article; an actor-less fact joins
the fact of the same type that has an actor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import ORGANIZATION, PERSON, Fact
from . import lexicon as lx
from .context import Context, Sentence, incident_ref
from .dates import find_dates
from .names import acronym

if TYPE_CHECKING:
    from spacy.tokens import Token

EVIDENCE = "EvidenceRelease"
DISCIPLINE = "DisciplinaryAction"
CHARGING = "Charging"
DECLINED = "ChargesDeclined"
INVESTIGATION = "InvestigationOpened"
COURT = "CourtOutcome"
RESIGNATION = "Resignation"
POLICY = "PolicyChange"
OTHER = "OtherAction"

# --- word lists -------------------------------------------------------------------------------
EVIDENCE_NOUNS = {
    "video",
    "videos",
    "footage",
    "recording",
    "recordings",
    "record",
    "records",
    "tape",
    "tapes",
    "bodycam",
    "audio",
    "images",
    "photos",
    "file",
    "files",
    "transcript",
    "transcripts",
    "name",
    "names",
    "report",
    "findings",
    "camera",
    "clip",
    "clips",
}
CHARGE_NOUNS = {"charge", "charges", "count", "counts", "indictment", "complaint"}
CASE_NOUNS = {
    "case",
    "shooting",
    "shootings",
    "death",
    "killing",
    "incident",
    "arrest",
    "conduct",
    "actions",
    "use",
    "encounter",
    "matter",
    "evidence",
}
PROBE_NOUNS = {"investigation", "probe", "inquiry", "review", "investigations", "inquest"}
LEAVE_NOUNS = {"leave", "duty", "duties", "desk"}
POWER_NOUNS = {"powers", "power", "badge", "duty", "duties", "gun", "authority", "certification"}
DISCIPLINE_NOUNS = {"suspension", "suspensions", "reprimand", "termination", "discipline", "demotion"}
POLICY_NOUNS = {
    "ordinance",
    "policy",
    "policies",
    "law",
    "ban",
    "measure",
    "resolution",
    "legislation",
    "bill",
    "rule",
    "rules",
    "reform",
    "reforms",
    "amendment",
}
WEAPON_NOUNS = {"shot", "shots", "round", "rounds", "gun", "weapon", "bullet", "bullets", "taser", "fire"}
# Verbs under which a trigger is wished for, not done ("calling on X to fire Y").
DEMAND_HEADS = {
    "demand",
    "call",
    "want",
    "urge",
    "ask",
    "push",
    "press",
    "seek",
    "plead",
    "petition",
    "insist",
    "need",
    "hope",
    "expect",
    "plan",
    "intend",
    "wish",
    "prepare",
    "try",
    "refuse",
    "threaten",
    "consider",
    "propose",
    "chant",
    "vow",
    "promise",
    "pledge",
}
# Verbs whose infinitive complement is itself the action ("voted to ban", "decided to fire").
ASSERT_HEADS = {"vote", "decide", "agree", "move", "opt", "elect", "begin", "start"}
MODALS = {"would", "could", "may", "might", "should", "must", "can", "shall", "ought"}
SPEECH = {"say", "announce", "tell", "state", "confirm", "report", "write", "add", "note", "disclose"}
# A common noun standing for an organization named earlier: noun -> (subkinds, name word).
ORG_NOUNS: dict[str, tuple[tuple[str, ...], str]] = {
    "agency": ((), "agency"),
    "department": (("PoliceAgency",), ""),
    "police": (("PoliceAgency",), ""),
    "office": ((), "office"),
    "board": ((), "board"),
    "council": ((), "council"),
    "commission": ((), "commission"),
    "prosecutors": (("Prosecutor",), ""),
    "prosecutor": (("Prosecutor",), ""),
    "sheriff": (("PoliceAgency",), "sheriff"),
    "city": (("GovernmentBody",), "city"),
}
AGENCY_WORDS = {"oversight": "OversightAgency", "police": "PoliceAgency", "prosecutor": "Prosecutor"}
OFFICIAL_KINDS = {"Prosecutor", "OversightAgency", "PoliceAgency", "GovernmentBody"}


# --- triggers ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trigger:
    rule: str
    concept: str
    lemmas: frozenset[str]
    cue: Callable[[Token], bool]
    subject_is_actor: bool = True  # False: the subject is who the action is done to
    negated: str | None = None  # the concept when the trigger is negated


def _kids(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _objects(tok: Token) -> list[Token]:
    """What the verb acts on: direct object or passive subject (a relative pronoun stands for
    the noun it modifies), or the noun a participle modifies ("video released by ...")."""
    out = _kids(tok, ("dobj", "nsubjpass", "obj", "attr"))
    out = [o.head.head if o.tag_ in ("WDT", "WP") and o.head.dep_ == "relcl" else o for o in out]
    if tok.dep_ == "acl":
        out.append(tok.head)
    if tok.dep_ == "ccomp" and not out and tok.head.lemma_ == "recommend":
        out.extend(_kids(tok.head, ("dobj",)))
    return out


def _has_evidence_object(tok: Token) -> bool:
    return any(o.lower_ in EVIDENCE_NOUNS or _compound_in(o, EVIDENCE_NOUNS) for o in _objects(tok))


def _compound_in(tok: Token, words: set[str]) -> bool:
    return any(c.dep_ == "compound" and c.lower_ in words for c in tok.children)


def _make_public(tok: Token) -> bool:
    public = any(c.lower_ == "public" for c in tok.children)
    return public and _has_evidence_object(tok)


def _pobj_in(tok: Token, preps: tuple[str, ...], nouns: set[str]) -> bool:
    for p in tok.children:
        if (
            p.dep_ in ("prep", "dative")
            and p.lower_ in preps
            and any(o.lower_ in nouns for o in p.children if o.dep_ == "pobj")
        ):
            return True
    return False


def _person_object(tok: Token) -> bool:
    objs = _objects(tok)
    if not objs:
        return False
    return all(o.lower_ not in WEAPON_NOUNS for o in objs) and any(_is_person_like(o) for o in objs)


def _is_person_like(tok: Token) -> bool:
    return (
        tok.ent_type_ == "PERSON"
        or tok.pos_ == "PROPN"
        or tok.lower_ in lx.OFFICER_NOUNS | {"him", "her", "them", "both", "he", "she", "they"}
        or (tok.pos_ == "NUM" and tok.dep_ in ("nsubjpass", "dobj"))
        or tok.lower_ in ("all", "three", "two")
    )


def _charge_object(tok: Token) -> bool:
    return any(o.lower_ in CHARGE_NOUNS for o in _objects(tok))


def _probe_object(tok: Token) -> bool:
    return any(o.lower_ in PROBE_NOUNS for o in _objects(tok))


def _case_object(tok: Token) -> bool:
    return any(o.lower_ in CASE_NOUNS for o in _objects(tok))


def _guilty(tok: Token) -> bool:
    """ "found X guilty", "pleaded guilty" (a plea of not guilty decides nothing)."""
    near = [c for c in tok.subtree if c.head == tok or c.head.head == tok]
    if tok.lemma_ == "plead" and any(c.lower_ == "not" for c in near):
        return False
    return any(c.lower_ == "guilty" for c in near)


def _verdict_object(tok: Token) -> bool:
    return any(o.lower_ in ("verdict", "verdicts") for o in _objects(tok))


def _policy_object(tok: Token) -> bool:
    return any(o.lower_ in POLICY_NOUNS or _compound_in(o, POLICY_NOUNS) for o in _objects(tok))


def _ban(tok: Token) -> bool:
    return bool(_objects(tok)) and (tok.head.lemma_ in ASSERT_HEADS or _org_subject(tok))


def _org_subject(tok: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in tok.children)


def _resignation_object(tok: Token) -> bool:
    return any(o.lower_ == "resignation" or _compound_in(o, {"resignation"}) for o in _objects(tok))


def _justified(tok: Token) -> bool:
    return any(t.lower_ in ("justified", "lawful", "reasonable") for t in tok.subtree)


def _ruled_finding(tok: Token) -> bool:
    deps = ("oprd", "attr", "xcomp", "dobj", "npadvmod")
    return any(c.dep_ in deps and c.pos_ == "NOUN" for c in tok.children)


def _of_powers(tok: Token) -> bool:
    """ "relieved of his police powers", "stripping the officer ... of his powers" (the "of"
    phrase may hang anywhere under the verb), "revoked his certification"."""
    if any(o.lower_ in POWER_NOUNS for o in _objects(tok)):
        return True
    return any(t.lower_ in POWER_NOUNS and t.head.lower_ == "of" for t in tok.subtree)


def _take_over_probe(tok: Token) -> bool:
    return any(c.lower_ == "over" for c in tok.children) and _probe_object(tok)


def _into_custody(tok: Token) -> bool:
    return _pobj_in(tok, ("into", "in"), {"custody"})


def _declined_charging(verb: Token) -> bool:
    """What is declined: "to charge", "to prosecute", "to indict", "to file / press / bring / seek
    / pursue charges"."""
    if verb.lemma_ in ("charge", "prosecute", "indict", "file"):
        return True
    return verb.lemma_ in ("press", "bring", "seek", "pursue") and any(
        o.lemma_ == "charge" for o in _objects(verb)
    )


def _always(tok: Token) -> bool:
    return True


TRIGGERS: list[Trigger] = [
    Trigger(
        "action.release-evidence",
        EVIDENCE,
        frozenset({"release", "publish", "post", "share"}),
        _has_evidence_object,
    ),
    Trigger("action.make-public", EVIDENCE, frozenset({"make"}), _make_public),
    Trigger(
        "action.discipline-fire",
        DISCIPLINE,
        frozenset({"fire", "terminate", "dismiss", "suspend", "demote", "discipline"}),
        _person_object,
    ),
    Trigger("action.discipline-powers", DISCIPLINE, frozenset({"relieve", "strip", "revoke"}), _of_powers),
    Trigger(
        "action.discipline-leave",
        DISCIPLINE,
        frozenset({"place", "put", "reassign", "assign", "move", "remain", "be"}),
        lambda t: _pobj_in(t, ("on", "to"), LEAVE_NOUNS),
    ),
    Trigger(
        "action.discipline-noun",
        DISCIPLINE,
        frozenset({"receive", "get", "impose", "issue", "recommend"}),
        lambda t: any(o.lower_ in DISCIPLINE_NOUNS for o in _objects(t)),
    ),
    Trigger(
        "action.charge-verb",
        CHARGING,
        frozenset({"charge", "indict", "arrest", "prosecute"}),
        _always,
        negated=DECLINED,
    ),
    Trigger("action.charge-custody", CHARGING, frozenset({"take"}), _into_custody),
    Trigger(
        "action.charge-face",
        CHARGING,
        frozenset({"face"}),
        _charge_object,
        subject_is_actor=False,
        negated=DECLINED,
    ),
    Trigger(
        "action.charge-file",
        CHARGING,
        frozenset({"file", "bring", "announce", "issue"}),
        _charge_object,
        negated=DECLINED,
    ),
    Trigger(
        "action.decline-verb",
        DECLINED,
        frozenset({"decline", "refuse"}),
        lambda t: any(_declined_charging(c) for c in t.children if c.dep_ == "xcomp"),
    ),
    Trigger(
        "action.decline-justified", DECLINED, frozenset({"rule", "find", "determine", "conclude"}), _justified
    ),
    Trigger(
        "action.investigate-open",
        INVESTIGATION,
        frozenset({"open", "launch", "begin", "start", "initiate", "announce"}),
        _probe_object,
    ),
    Trigger("action.investigate-takeover", INVESTIGATION, frozenset({"take"}), _take_over_probe),
    Trigger(
        "action.investigate-verb",
        INVESTIGATION,
        frozenset({"investigate", "review", "probe", "examine"}),
        _case_object,
    ),
    Trigger("action.court-guilty", COURT, frozenset({"find", "plead"}), _guilty),
    Trigger("action.court-verb", COURT, frozenset({"convict", "acquit", "sentence"}), _person_object),
    Trigger("action.court-verdict", COURT, frozenset({"reach", "return", "deliver"}), _verdict_object),
    Trigger("action.resign-verb", RESIGNATION, frozenset({"resign", "retire", "quit"}), _always),
    Trigger(
        "action.resign-step-down",
        RESIGNATION,
        frozenset({"step"}),
        lambda t: any(c.lower_ == "down" for c in t.children),
    ),
    Trigger(
        "action.resign-noun",
        RESIGNATION,
        frozenset({"submit", "tender", "hand", "announce"}),
        _resignation_object,
    ),
    Trigger("action.policy-adopt", POLICY, frozenset({"adopt", "pass", "approve", "enact"}), _policy_object),
    Trigger("action.policy-ban", POLICY, frozenset({"ban", "prohibit"}), _ban),
    Trigger("action.other-ruling", OTHER, frozenset({"rule"}), _ruled_finding),
]
# Charging is about an officer: these need the person charged to be one.
OFFICER_PATIENT_RULES = {"action.charge-verb", "action.charge-custody", "action.charge-face"}
# Leave and desk duty with no stated actor are the police agency's.
LEAVE_RULES = {"action.discipline-leave"}
# Subject is who it happened to for passives and these rules.
PATIENT_SUBJECT_RULES = {"action.discipline-leave"}
# Only these may be announced for the future ("will investigate", "will be released").
FUTURE_OK = {EVIDENCE, INVESTIGATION, DECLINED}


@dataclass(frozen=True)
class Hit:
    concept: str
    actor: str | None
    date: dt.date | None
    rule: str
    sentence: Sentence
    pos: int


def extract(ctx: Context) -> list[Fact]:
    """Every official action the article asserts, one fact per (actor, type)."""
    quoted = ctx.quoted  # set by the quotes stage, which runs first
    officers = _officer_keys(ctx)
    hits: list[Hit] = []
    for sent in ctx.sentences:
        if sent.start < ctx.headline_end:
            continue
        inside = [(s, e) for s, e in quoted if s < sent.end and sent.start < e]
        for tok in sent.tokens:
            pos = ctx.char(tok)
            if inside and any(s <= pos < e for s, e in inside):
                continue
            hit = _match(ctx, tok, sent, officers)
            if hit is not None:
                hits.append(hit)
    return _merge(ctx, hits)


# --- matching ---------------------------------------------------------------------------------


def _match(ctx: Context, tok: Token, sent: Sentence, officers: set[str]) -> Hit | None:
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    for trig in TRIGGERS:
        if lemma not in trig.lemmas:
            continue
        if not trig.cue(tok):
            continue
        if trig.rule in OFFICER_PATIENT_RULES and not _patient_is_officer(ctx, tok, trig, officers):
            continue
        concept = trig.concept
        if _negated(tok):
            if trig.negated is None:
                return None
            concept = trig.negated
        if not _asserted(tok, allow_future=concept in FUTURE_OK):
            return None
        actor = _actor(ctx, tok, trig, officers)
        if trig.rule == "action.decline-justified" and actor is None:
            return None
        return Hit(concept, actor, _date(ctx, tok, sent), trig.rule, sent, ctx.char(tok))
    return None


def _patient_is_officer(ctx: Context, tok: Token, trig: Trigger, officers: set[str]) -> bool:
    """Charging is about an officer: the person charged, arrested or facing charges is one."""
    if trig.rule == "action.charge-file":
        return True
    cands = _objects(tok) + (
        [c for c in tok.children if c.dep_ == "nsubj"] if trig.rule == "action.charge-face" else []
    )
    if tok.dep_ == "advcl" and not cands:
        cands = [c for c in tok.head.children if c.dep_ == "nsubj"]
    for c in cands:
        if c.lower_ in lx.OFFICER_NOUNS:
            return True
        key = _key_of(ctx, c)
        if key is None and c.lower_ in ("him", "he", "her", "she"):
            key = _pronoun_person(ctx, c)
        if key in officers:
            return True
    return False


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "not") for c in tok.children):
        return True
    return any(
        c.lower_ == "no" and c.dep_ == "det" for o in _kids(tok, ("nsubjpass", "nsubj")) for c in o.children
    )


def _asserted(tok: Token, allow_future: bool) -> bool:
    """Said to have happened (or, with "will", to happen): not wished for, not hypothetical."""
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in MODALS for a in aux):
        return False
    if not allow_future and any(a.lower_ in ("will", "'ll") for a in aux):
        return False
    if tok.tag_ == "VB" and not aux and tok.dep_ in ("ROOT", "conj"):
        return False  # an imperative: "Fire Officer X"
    infinitive = any(a.lower_ == "to" for a in aux)
    head = tok
    while head.dep_ == "conj" and head.head != head:
        head = head.head
        infinitive = infinitive or any(c.lower_ == "to" and c.dep_ == "aux" for c in head.children)
    if infinitive and head.head.lemma_.lower() not in ASSERT_HEADS:
        return False
    for anc in tok.ancestors:
        if anc.lemma_.lower() in DEMAND_HEADS:
            return False
        modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in anc.children)
        if modal and anc.pos_ == "VERB" and anc.lemma_.lower() not in SPEECH:
            return False
    return True


# --- actor ------------------------------------------------------------------------------------


def _actor(ctx: Context, tok: Token, trig: Trigger, officers: set[str]) -> str | None:
    key = _agent(ctx, tok)
    passive = (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        or tok.dep_ == "acl"
        or (tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children))
    )
    if key is None and trig.subject_is_actor and not passive and trig.rule not in PATIENT_SUBJECT_RULES:
        key = _subject(ctx, tok)
    if key is None:
        key = _announcer(ctx, tok)
    if key is not None:
        key = _office_of(ctx, key, trig.concept)
    if key is None and trig.rule in LEAVE_RULES:
        key = _employer(ctx, tok)
    return key


def _agent(ctx: Context, tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ == "agent":
            for o in c.children:
                if o.dep_ == "pobj":
                    return _resolve(ctx, o)
    return None


def _subject(ctx: Context, tok: Token) -> str | None:
    head = tok
    while True:
        subj = [c for c in head.children if c.dep_ in ("nsubj",)]
        if subj:
            return _resolve(ctx, subj[0])
        if head.dep_ in ("conj", "xcomp", "advcl") and head.head != head:
            head = head.head
            continue
        if head.dep_ == "ccomp" and head.head.lemma_.lower() == "recommend":
            head = head.head
            continue
        if head.dep_ == "relcl":
            return _resolve(ctx, head.head)
        return None


def _announcer(ctx: Context, tok: Token) -> str | None:
    """The official who said or announced it: the subject of a speech verb above the trigger
    (not across a relative clause: "X, an officer who had been fired," is background)."""
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN")):
        return None
    for anc in tok.ancestors:
        if anc.lemma_.lower() in SPEECH | {"recommend"} or _made_public(anc):
            subj = [c for c in anc.children if c.dep_ == "nsubj"]
            if subj:
                key = _resolve(ctx, subj[0])
                if key is not None and _is_official(ctx, key):
                    return key
        if anc.dep_ == "relcl":
            return None
    return None


def _made_public(tok: Token) -> bool:
    return tok.lemma_ == "make" and any(c.lower_ == "public" for c in tok.children)


def _is_official(ctx: Context, key: str) -> bool:
    m = ctx.first(key)
    if m is not None and m.kind == ORGANIZATION:
        return m.subkind in OFFICIAL_KINDS or m.subkind is None
    return _membership_org(ctx, key) is not None


def _membership_org(ctx: Context, person: str) -> str | None:
    for f in ctx.facts:
        if f.kind == "Membership" and person in f.role("member"):
            org = f.role("organization")[0]
            m = ctx.first(org)
            if m is not None and m.subkind in OFFICIAL_KINDS:
                return org
    return None


def _office_of(ctx: Context, key: str, concept: str) -> str:
    """A prosecutor, chief or spokesperson acts for the office they hold (not when resigning)."""
    m = ctx.first(key)
    if m is None or m.kind != PERSON or concept == RESIGNATION:
        return key
    return _membership_org(ctx, key) or key


def _employer(ctx: Context, tok: Token) -> str | None:
    for o in _objects(tok) + _kids(tok, ("nsubj",)):
        key = _key_of(ctx, o)
        if key is not None:
            org = _membership_org(ctx, key)
            if org is not None:
                return org
    agencies = [m for m in ctx.of_kind(ORGANIZATION) if m.subkind == "PoliceAgency"]
    pos = ctx.char(tok)
    before = [m for m in agencies if m.start < pos]
    return (before[-1] if before else agencies[0]).key if agencies else None


def _key_of(ctx: Context, tok: Token) -> str | None:
    hits = ctx.mentions_at(ctx.char(tok), (PERSON, ORGANIZATION))
    return hits[0].key if hits else None


def _resolve(ctx: Context, tok: Token) -> str | None:
    """A subject or agent token -> a mention key: a name in the phrase, a pronoun, a possessive
    ("her office"), or a common noun for an organization named earlier ("the oversight agency")."""
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    key = _key_of(ctx, tok)
    if key is not None:
        return key
    if tok.lower_ in ("he", "she"):
        return _pronoun_person(ctx, tok)
    low = tok.lower_
    if low in ORG_NOUNS:
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if poss and poss[0].lower_ in ("his", "her"):
            person = _pronoun_person(ctx, poss[0])
            org = _membership_org(ctx, person) if person else None
            if org is not None:
                return org
        return _org_for_noun(ctx, tok)
    if tok.pos_ == "PROPN" and tok.text.isupper():
        return _acronym_org(ctx, tok.text)
    if tok.lower_ in lx.OFFICER_NOUNS or tok.pos_ == "PRON":
        return None  # "a Cortland police officer": the person, not the agency in the phrase
    for t in tok.subtree:
        key = _key_of(ctx, t)
        if key is not None and t.dep_ in ("compound", "poss", "pobj", "appos"):
            return key
    return None


def _acronym_org(ctx: Context, word: str) -> str | None:
    """An acronym the entity stage did not catch ("COPA") -> the organization it abbreviates."""
    hits = {m.key for m in ctx.mentions if m.kind == ORGANIZATION and acronym(m.name) == word}
    return hits.pop() if len(hits) == 1 else None


def _pronoun_person(ctx: Context, tok: Token) -> str | None:
    """ "he said that he ...": the subject of the speech verb above, else the last person named."""
    for anc in tok.ancestors:
        if anc.lemma_.lower() in SPEECH:
            subj = [c for c in anc.children if c.dep_ == "nsubj" and c != tok]
            if subj:
                key = _key_of(ctx, subj[0])
                if key is not None:
                    return key
    pos = ctx.char(tok)
    people = [m for m in ctx.mentions if m.kind == PERSON and m.end <= pos]
    return people[-1].key if people else None


def _org_for_noun(ctx: Context, tok: Token) -> str | None:
    kinds, word = ORG_NOUNS.get(tok.lower_, ((), ""))
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
    for mod, kind in AGENCY_WORDS.items():
        if mod in mods:
            kinds = (kind,)
    pos = ctx.char(tok)
    orgs = [m for m in ctx.mentions if m.kind == ORGANIZATION and m.start < pos]
    if kinds:
        orgs = [m for m in orgs if m.subkind in kinds]
        # "the department" is one named a department, not the state bureau that investigates it
        named = [m for m in orgs if tok.lower_ in m.name.lower()]
        orgs = named or orgs
    elif word:
        orgs = [m for m in orgs if word in m.name.lower()]
    else:
        return None
    return orgs[-1].key if orgs else None


def _officer_keys(ctx: Context) -> set[str]:
    """People the article presents as officers: a police membership, a police title, or an
    apposition ("X, a police officer")."""
    keys: set[str] = set()
    for f in ctx.facts:
        if f.kind == "Membership":
            org = ctx.first(f.role("organization")[0])
            if org is not None and org.subkind == "PoliceAgency":
                keys.update(f.role("member"))
    text = ctx.article.text
    for m in ctx.mentions:
        if m.kind != PERSON:
            continue
        title = (m.title or "").lower()
        tail = text[m.end : m.end + 60]
        titled = any(w in title.split() for w in ("officer", "deputy", "sgt.", "trooper", "detective"))
        if titled or re.match(
            r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:officer|deputy|trooper|cop)\b", tail
        ):
            keys.add(m.key)
    return keys


# --- date -------------------------------------------------------------------------------------


def _date(ctx: Context, tok: Token, sent: Sentence) -> dt.date | None:
    """The first date attached to the trigger or to a verb above it (not one inside a noun
    phrase: "the March 31 shooting"), resolved by the tense of the verb it hangs on."""
    governing = {tok.i} | {a.i for a in tok.ancestors}
    for off, _ in find_dates(sent.text, ctx.article.published, future=False):
        dtok = ctx.token_at(sent.start + off)
        if dtok is None:
            continue
        verb = _verb_above(dtok)
        if verb is None or verb.i not in governing:
            continue
        future = any(c.lower_ in ("will", "'ll") for c in verb.children) or verb.lemma_ in ("schedule", "set")
        dates = find_dates(sent.text, ctx.article.published, future=future)
        return next((d for o, d in dates if o == off), None)
    return None


def _verb_above(tok: Token) -> Token | None:
    """The verb a date hangs on, through prepositions and date words only."""
    cur = tok
    while cur.head != cur:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.pos_ in ("NOUN",) and cur.ent_type_ not in ("DATE", "TIME"):
            # "A grand jury on Tuesday indicted ...": the parser hangs the date on the subject
            if cur.dep_ in ("nsubj", "nsubjpass") and cur.head.pos_ in ("VERB", "AUX"):
                return cur.head
            return None
        if cur.pos_ == "PROPN" and cur.ent_type_ not in ("DATE", "TIME"):
            return None
    return cur if cur.pos_ in ("VERB", "AUX") else None


# --- facts ------------------------------------------------------------------------------------


def _merge(ctx: Context, hits: list[Hit]) -> list[Fact]:
    groups: dict[tuple[str, str | None], list[Hit]] = {}
    for h in hits:
        groups.setdefault((h.concept, h.actor), []).append(h)
    for (concept, actor), items in list(groups.items()):
        if actor is not None:
            continue
        owner = next((k for k in groups if k[0] == concept and k[1] is not None), None)
        if owner is not None:
            groups[owner].extend(items)
            del groups[(concept, actor)]
    return [
        _fact(ctx, concept, actor, sorted(items, key=lambda h: h.pos))
        for (concept, actor), items in groups.items()
    ]


def _fact(ctx: Context, concept: str, actor: str | None, items: list[Hit]) -> Fact:
    evidence = []
    seen: set[int] = set()
    for h in items:
        if h.sentence.index not in seen:
            seen.add(h.sentence.index)
            evidence.append(ctx.evidence(h.sentence, h.rule))
    date = next((h.date for h in items if h.date is not None), None)
    roles: list[tuple[str, tuple[str, ...]]] = []
    if actor is not None:
        roles.append(("actor", (actor,)))
    concerns = incident_ref(ctx, items[0].sentence)
    if concerns:
        roles.append(("concerns", concerns))
    who = ctx.key_name(actor) if actor else "unknown actor"
    label = f"{who}: {concept}" + (f" ({date.isoformat()})" if date else "")
    return Fact(
        f"action@{concept}@{actor or 'none'}",
        "OfficialAction",
        None,
        label,
        ctx.article.source,
        tuple(evidence),
        roles=tuple(roles),
        values=(("date", date),) if date else (),
        concept=concept,
    )
