"""Memberships: a person's role in an organization (cg:Membership).

Every membership joins a Person mention to an Organization mention of the same article; an
organization the article does not name is never invented. The patterns, tried for every person
mention in the body:

- the words just before the name: "<ORG> <role> <NAME>" ("Right to Families founder X"),
  "<role> of <ORG> <NAME>", "<org noun> <role> <NAME>" ("board chair X", "Department
  spokesperson Lt. X", the noun resolved to the nearest organization named so), and a title
  that implies an organization ("Police Chief X" -> the police agency, "Attorney General X" ->
  the organization named by the title, "Ald. X" -> the council);
- the words just after it: "<NAME>, <role> of <ORG>", "<NAME>, the <ORG>['s role]",
  "<NAME>, who serves as <role> of <ORG>", "<NAME>, who founded <ORG>";
- "<ORG>, the group she started" (the person named before the organization);
- "a <ORG> <role noun> ..." followed by a sentence that opens with a name ("a Sangamon County
  sheriff's deputy ... / Sean Grayson, who ...").

One fact per (person, organization) per article; later evidence sentences are added to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import ORGANIZATION, PERSON, Evidence, Fact, Mention
from . import lexicon as lx
from .context import Context, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

# --- rule tables ------------------------------------------------------------------------------
# Role words that name a position in an organization (lowercase, as written).
ROLES = sorted(
    (
        lx.ROLE_WORDS
        | {
            "council member",
            "board member",
            "committee member",
            "vice chair",
            "supervisor",
            "spokesperson",
            "spokeswoman",
            "spokesman",
            "executive director",
            "co-director",
            "co-founder",
            "founding member",
            "deputy director",
            "program director",
            "organizing director",
            "policy director",
            "ceo",
            "chief executive",
        }
    )
    - {"officer", "deputy", "attorney", "lawyer", "counsel", "chief", "head", "sheriff", "commissioner"},
    key=len,
    reverse=True,
)
ROLE_RE = "|".join(re.escape(r) for r in ROLES)
# Honorifics and titles that may stand between a role and a name ("spokesperson Sgt. X").
HONORIFICS = lx.PERSON_TITLES | {"officers", "deputies", "lt", "sgt", "det", "capt"}
FOUNDING_VERBS = r"(?:co-?)?(?:founded|started|created|launched|formed|established|began)"

# Titles before a name -> the organization they imply: (rule id, title words, how to find it).
# "police": the article's police agency; "name:<words>": the organization whose name contains
# the words; the order matters (the longest title first).
TITLE_ORGS: list[tuple[str, tuple[str, ...], str]] = [
    ("member.title-prosecutor", ("attorney general",), "name:attorney general"),
    ("member.title-prosecutor", ("state's attorney", "state’s attorney"), "name:state's attorney"),
    ("member.title-prosecutor", ("district attorney",), "name:district attorney"),
    ("member.title-prosecutor", ("county attorney",), "name:county attorney"),
    ("member.title-prosecutor", ("u.s. attorney",), "name:u.s. attorney"),
    ("member.title-prosecutor", ("prosecutor", "county prosecutor"), "name:prosecutor"),
    ("member.title-oversight", ("inspector general",), "name:inspector general"),
    ("member.title-examiner", ("medical examiner",), "name:medical examiner"),
    ("member.title-examiner", ("coroner",), "name:coroner"),
    ("member.title-sheriff", ("sheriff", "county sheriff"), "sheriff"),
    ("member.title-council", ("ald.", "ald", "alderman", "alderwoman"), "name:council"),
    ("member.title-council", ("councilman", "councilwoman", "councilmember"), "name:council"),
    ("member.title-council", ("council member",), "name:council"),
    ("member.title-board", ("supervisor",), "name:supervisors"),
    ("member.title-board", ("commissioner", "county commissioner"), "name:commissioners"),
    ("member.title-court", ("judge",), "name:court"),
    ("member.title-mayor", ("mayor",), "city"),
    ("member.title-police", ("deputy", "deputies", "sheriff's deputy", "sheriff’s deputy"), "sheriff"),
    (
        "member.title-police",
        (
            "police chief",
            "chief",
            "deputy chief",
            "assistant chief",
            "police commissioner",
            "police superintendent",
            "superintendent",
            "officer",
            "officers",
            "police officer",
            "sgt.",
            "sgt",
            "sergeant",
            "lt.",
            "lt",
            "lieutenant",
            "det.",
            "detective",
            "capt.",
            "captain",
            "cmdr.",
            "commander",
            "cpl.",
            "corporal",
            "patrolman",
            "trooper",
        ),
        "police",
    ),
]
# Common nouns that stand for an organization named earlier ("the board", "Department").
ORG_NOUNS = {
    "board": "board",
    "council": "council",
    "committee": "committee",
    "commission": "commission",
    "department": "department",
    "office": "office",
    "police": "police",
    "sheriff": "sheriff",
    "coalition": "coalition",
    "alliance": "alliance",
    "group": "",
    "union": "union",
    "association": "association",
    "agency": "",
    "city": "city",
}
ROLE_NOUNS = {"officer", "deputy", "trooper", "sergeant", "detective", "agent", "member", "employee"}
HARM_WORDS = re.compile(r"\b(dead|died|dies|killed|shot|wounded|struck|injured|hospitali[sz]ed|hurt)\b", re.I)
PLURAL_TITLES = lx.PLURAL_TITLES | {"sgts."}
ROLE_ALIASES = {"officers": "officer", "deputies": "deputy", "ald": "ald.", "sgt": "sgt."}


@dataclass(frozen=True)
class Found:
    person: str
    org: str
    role: str
    rule: str
    sentence: Sentence


def extract(ctx: Context) -> list[Fact]:
    """Every membership stated in the article, one fact per (person, organization)."""
    found: list[Found] = []
    people = [m for m in ctx.mentions if m.kind == PERSON and m.start >= ctx.headline_end]
    for m in people:
        found.extend(_before(ctx, m))
        after = _after(ctx, m)
        found.extend(after or _more_after(ctx, m, ctx.sentence_at(m.start)))
    found.extend(_org_group_founded(ctx))
    found.extend(_role_np_next_subject(ctx))
    return _merge(ctx, found)


# --- words before the name --------------------------------------------------------------------


def _first_token(ctx: Context, pos: int) -> Token | None:
    return ctx.token_from(pos)


def _org_at(ctx: Context, pos: int) -> Mention | None:
    return next(iter(ctx.mentions_at(pos, (ORGANIZATION,))), None)


def _before(ctx: Context, m: Mention) -> list[Found]:
    """Roles and titles in the words just before a name (same sentence)."""
    first = _first_token(ctx, m.start)
    if first is None:
        return []
    sent = ctx.sentence_at(m.start)
    words, org = _title_words(ctx, first, sent)
    words = words or _name_prefix(m)
    out: list[Found] = []
    role = _role_in([w for w in words if w not in ORG_NOUNS])
    if org is not None and words:
        label = role or _title_label(words) or "member"
        out.append(Found(m.key, org.key, label, "member.org-role-name", sent))
    elif org is not None and not _role_of_org_before(ctx, org, m, sent, out):
        held = _trailing_title(ctx.article.text[org.start : org.end])
        if held:
            out.append(Found(m.key, org.key, held, "member.org-title-name", sent))
    elif role and words and words[0] in ORG_NOUNS:
        hit = _org_for_noun(ctx, words[0], m.start)
        if hit is not None:
            out.append(Found(m.key, hit.key, role, "member.noun-role-name", sent))
    if not words and _after_conj_title(ctx, first):
        words = ["officers"]
    titled = _title_orgs(ctx, m, words, sent)
    return out + [
        t for t in titled if not out or t.rule not in ("member.title-police", "member.title-sheriff")
    ]


def _name_prefix(m: Mention) -> list[str]:
    """Role words that the entity stage left inside a person's name ("spokesperson X Y")."""
    out = []
    for w in m.name.split():
        if w[:1].isupper():
            break
        out.append(w.lower())
    return out if out and _role_in(out) else []


def _title_words(ctx: Context, first: Token, sent: Sentence) -> tuple[list[str], Mention | None]:
    """Title and role words right before ``first`` and the organization mention they follow."""
    words: list[str] = []
    i = first.i - 1
    while i >= 0 and ctx.char(ctx.tokens[i]) >= sent.start:
        tok = ctx.tokens[i]
        org = _org_at(ctx, ctx.char(tok))
        if org is not None:
            return words, org
        low = tok.lower_
        if low == "," and _is_role(ctx.tokens[i - 1].lower_ if i else ""):
            # "the department's spokesman, X" / "Chief of Staff, X"
            i -= 1
            continue
        if low in ("'s", "’s") and words:
            words.insert(0, low)
            i -= 1
            continue
        if not (low in HONORIFICS or _is_role(low) or low in ORG_NOUNS or low in ("co", "-", "vice")):
            break
        words.insert(0, low)
        i -= 1
    return [w for w in words if w not in ("'s", "’s", "the", "former")], None


def _is_role(word: str) -> bool:
    return word in ROLES or word.rstrip("s") in ROLES or word in ("executive", "co-director", "council")


def _role_in(words: list[str]) -> str | None:
    text = " ".join(words).replace(" - ", "-")
    m = re.search(rf"\b({ROLE_RE})\b", text)
    return m.group(1) if m else None


def _title_label(words: list[str]) -> str | None:
    text = " ".join(w for w in words if w not in ORG_NOUNS or w == "police")
    return ROLE_ALIASES.get(text, text) or None


def _trailing_title(name: str) -> str | None:
    """ "Hennepin County Attorney" -> "county attorney" (the holder's title in an office name)."""
    words = re.sub(r"(?:'s|’s)?\s+office$", "", name, flags=re.I).split()
    tail: list[str] = []
    for w in reversed(words):
        if w.lower() not in HONORIFICS and w.lower() not in ("state's", "state’s"):
            break
        tail.insert(0, w.lower())
    if tail[:2] in (["county", "state's"], ["county", "state’s"]):
        tail = tail[1:]  # "Hale County State's Attorney": a state's attorney
    return " ".join(tail) or None


def _org_for_noun(ctx: Context, noun: str, pos: int) -> Mention | None:
    """The nearest organization named before ``pos`` that a common noun stands for."""
    word = ORG_NOUNS.get(noun, "")
    orgs = [o for o in ctx.mentions if o.kind == ORGANIZATION and o.start < pos]
    if noun == "police":
        orgs = [o for o in orgs if o.subkind == "PoliceAgency"]
    elif word:
        orgs = [o for o in orgs if word in o.name.lower()]
    else:
        return None
    return orgs[-1] if orgs else None


def _role_of_org_before(ctx: Context, org: Mention, m: Mention, sent: Sentence, out: list[Found]) -> bool:
    """ "co-director of the <ORG> <NAME>": a role phrase before the organization."""
    text = ctx.article.text[max(sent.start, org.start - 60) : org.start]
    hit = re.search(rf"\b({ROLE_RE})\s+(?:of|for|at|with)\s+(?:the\s+)?$", text, re.I)
    if hit:
        out.append(Found(m.key, org.key, hit.group(1).lower(), "member.role-of-org-name", sent))
    return hit is not None


def _after_conj_title(ctx: Context, first: Token) -> bool:
    """ "Officers A and B": B shares A's plural title."""
    i = first.i - 1
    if i < 1 or ctx.tokens[i].lower_ not in ("and", ","):
        return False
    j = i - 1
    while j >= 0 and ctx.tokens[j].ent_type_ == "PERSON" or (j >= 0 and ctx.tokens[j].text[:1].isupper()):
        if ctx.tokens[j].lower_ in PLURAL_TITLES:
            return True
        j -= 1
    return False


def _title_orgs(ctx: Context, m: Mention, words: list[str], sent: Sentence) -> list[Found]:
    """Titles that imply an organization: "Police Chief X", "Attorney General X", "Ald. X"."""
    text = " ".join(w for w in words if w != ",")
    if re.search(r"\b(?:defense|family|civil)\b", text):
        return []
    matches = [
        (t, rule, target)
        for rule, titles, target in TITLE_ORGS
        for t in titles
        if re.search(rf"(?:^|\s){re.escape(t)}$", text)
    ]
    # the longest title that names an organization of the article wins ("police commissioner")
    for title, rule, target in sorted(matches, key=lambda x: len(x[0]), reverse=True):
        org = _title_target(ctx, target, m.start)
        if org is None:
            continue
        label = ROLE_ALIASES.get(title, title)
        if rule == "member.title-police" and "police" in text.split() and "police" not in label:
            label = "police " + label
        return [Found(m.key, org.key, label, rule, sent)]
    return []


def _title_target(ctx: Context, target: str, pos: int) -> Mention | None:
    orgs = {o.key: o for o in ctx.of_kind(ORGANIZATION)}
    cands = list(orgs.values())
    if target.startswith("name:"):
        word = target[5:]
        hits = [o for o in cands if word in o.name.lower().replace("’", "'")]
        return hits[0] if len({o.key for o in hits}) == 1 else None
    if target == "city":
        hits = [o for o in cands if re.match(r"(?:city|town|village) of\b", o.name, re.I)]
        return hits[0] if len(hits) == 1 else None
    return _police_agency(ctx, pos, sheriff=target == "sheriff")


def _police_agency(ctx: Context, pos: int, sheriff: bool = False) -> Mention | None:
    """The police agency of a title at ``pos``: one named in the same sentence ("Officer X, who
    has been with the Y Police Department"), else the nearest named before, else the first after.
    A sheriff or deputy belongs to a sheriff's office and to nothing else; other titles prefer
    agencies that are not."""
    agencies = [o for o in ctx.of_kind(ORGANIZATION) if o.subkind == "PoliceAgency"]
    pref = [o for o in agencies if ("sheriff" in o.name.lower()) == sheriff]
    pool = pref if sheriff else pref or agencies
    sent = ctx.sentence_at(pos)
    here = [o for o in pool if sent.start <= o.start < sent.end]
    if here:
        return min(here, key=lambda o: abs(o.start - pos))
    before = [o for o in pool if o.start < pos]
    if before:
        return before[-1]
    return pool[0] if pool else None


# --- words after the name ---------------------------------------------------------------------

_APPOS_ROLE = re.compile(
    rf"^\s*,\s+(?:who\s+(?:serves|served|is|was|works|worked|has\s+served)\s+as\s+)?"
    rf"(?:the\s+|a\s+|an\s+)?(?:(?:longtime|former|current|interim|acting|new)\s+)?"
    rf"({ROLE_RE})\s+(?:of|for|at|with)\s+(?:the\s+)?",
    re.I,
)
_APPOS_ORG = re.compile(r"^\s*,\s+(?:the\s+)?", re.I)
_WHO_FOUNDED = re.compile(rf"^\s*,\s+who\s+(?:\w+\s+)?{FOUNDING_VERBS}\s+(?:the\s+)?", re.I)


def _after(ctx: Context, m: Mention) -> list[Found]:
    """ "X, president of ORG", "X, who founded ORG", "X, the ORG's spokesperson"."""
    text = ctx.article.text
    sent = ctx.sentence_at(m.start)
    tail = text[m.end : min(sent.end, m.end + 160)]
    hit = _APPOS_ROLE.match(tail)
    if hit:
        org = _org_starting(ctx, m.end + hit.end())
        if org is not None:
            rule = "member.name-who-serves-as" if "who" in hit.group(0) else "member.name-role-of-org"
            return [Found(m.key, org.key, hit.group(1).lower(), rule, sent)]
    hit = _WHO_FOUNDED.match(tail)
    if hit:
        org = _org_starting(ctx, m.end + hit.end())
        if org is not None:
            return [Found(m.key, org.key, "founder", "member.name-who-founded", sent)]
    hit = _APPOS_ORG.match(tail)
    if hit:
        org = _org_starting(ctx, m.end + hit.end())
        if org is not None:
            rest = text[org.end : org.end + 40]
            role = re.match(rf"^(?:'s|’s)\s+({ROLE_RE})\b", rest, re.I)
            closed = re.match(r"^\s*(?:[,.;]|$)", rest)
            label = role.group(1).lower() if role else _trailing_title(org.name)
            if label and (role or closed):
                return [Found(m.key, org.key, label, "member.name-appos-org", sent)]
    return []


def _org_starting(ctx: Context, pos: int) -> Mention | None:
    """The organization named at ``pos``, or after "the <place> chapter of" there."""
    hit = next((o for o in ctx.mentions_at(pos, (ORGANIZATION,)) if o.start == pos), None)
    if hit is None:
        chapter = _CHAPTER.match(ctx.article.text[pos : pos + 60])
        if chapter:
            return _org_starting(ctx, pos + chapter.end())
    return hit


_CHAPTER = re.compile(r"^(?:[A-Z][\w.'-]*\s+){1,3}(?:chapter|branch|affiliate|lodge)\s+of\s+(?:the\s+)?")
_WHO_LEADS = re.compile(
    r"^\s*,\s+who\s+(?:now\s+|also\s+)?(leads|heads|directs|runs|chairs|co-chairs|organizes|represents)\s+(?:the\s+)?",
    re.I,
)
LEADS_ROLE = {
    "leads": "leader",
    "heads": "head",
    "directs": "director",
    "runs": "director",
    "chairs": "chair",
    "co-chairs": "co-chair",
    "organizes": "organizer",
    "represents": "representative",
}
_THE_GROUPS_ROLE = re.compile(
    rf"^\s*,\s+(?:the|its)\s+(group|organization|coalition|alliance|nonprofit|union|lodge|department|office|"
    rf"agency|board|council)(?:'s|’s)\s+(?:(?:longtime|former|interim|acting|new)\s+)?({ROLE_RE})\b",
    re.I,
)
NOUN_KINDS = {
    "group": "AdvocacyGroup",
    "organization": "AdvocacyGroup",
    "coalition": "AdvocacyGroup",
    "alliance": "AdvocacyGroup",
    "nonprofit": "AdvocacyGroup",
    "union": "PoliceUnion",
    "lodge": "PoliceUnion",
    "department": "PoliceAgency",
    "office": None,
    "agency": None,
    "board": "GovernmentBody",
    "council": "GovernmentBody",
}
_OFFICER_WITH = re.compile(
    r"^\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(officer|deputy|trooper|detective|sergeant)\s+"
    r"(?:with|of|for|in|on)\s+(?:the|that)\s+(?:department|force|agency|sheriff(?:'s|’s)\s+office|police)\b",
    re.I,
)
_ITS_ROLE = re.compile(rf"\b(?:Its|Their)\s+({ROLE_RE})\s*,\s*$", re.I)
_THE_OFFICER = re.compile(r"\bthe\s+(officer|deputy|trooper|detective)\s*,\s*(?:identified as\s+)?$", re.I)
_WHOSE_ROLE = re.compile(rf",\s+whose\s+({ROLE_RE})\s*,?\s*$", re.I)


def _more_after(ctx: Context, m: Mention, sent: Sentence) -> list[Found]:
    """ "X, who leads ORG", "X, the group's executive director", "ORG, whose president, X"."""
    text = ctx.article.text
    tail = text[m.end : min(sent.end, m.end + 160)]
    cop = _OFFICER_WITH.match(tail)
    if cop:  # "Scott, a patrol officer with the department"
        org = _police_agency(ctx, m.start, sheriff=cop.group(1).lower().startswith("deput"))
        if org is not None:
            return [Found(m.key, org.key, cop.group(1).lower(), "member.name-officer-with", sent)]
    lead = text[max(sent.start, m.start - 40) : m.start]
    its = _ITS_ROLE.search(lead)
    if its:  # "The union ... said Scott followed his training. Its president, Joe Kline, ..."
        orgs = [o for o in ctx.of_kind(ORGANIZATION) if o.end <= m.start]
        if orgs:
            return [Found(m.key, orgs[-1].key, its.group(1).lower(), "member.its-role-name", sent)]
    unnamed = _THE_OFFICER.search(lead)
    if unnamed:  # "the officer, Brian Scott,"
        org = _police_agency(ctx, m.start, sheriff=unnamed.group(1).lower().startswith("deput"))
        if org is not None:
            return [Found(m.key, org.key, unnamed.group(1).lower(), "member.the-officer-name", sent)]
    of_org = re.match(r"^\s+(?:of|with|from)\s+(?:the\s+)?", tail)
    if of_org and m.title:  # "Lodge President Rick Dunn of Fraternal Order of Police Lodge 9"
        org = _org_starting(ctx, m.end + of_org.end())
        if org is not None:
            return [Found(m.key, org.key, m.title.lower(), "member.title-name-of-org", sent)]
    hit = _WHO_LEADS.match(tail)
    if hit:
        org = _org_starting(ctx, m.end + hit.end())
        if org is not None:
            return [Found(m.key, org.key, LEADS_ROLE[hit.group(1).lower()], "member.name-who-leads", sent)]
    hit = _THE_GROUPS_ROLE.match(tail)
    if hit:
        kind = NOUN_KINDS[hit.group(1).lower()]
        before = [
            o
            for o in ctx.mentions
            if o.kind == ORGANIZATION and o.end <= m.start and (kind is None or o.subkind == kind)
        ]
        if before:
            return [Found(m.key, before[-1].key, hit.group(2).lower(), "member.name-the-groups-role", sent)]
    head = text[max(sent.start, m.start - 60) : m.start]
    hit = _WHOSE_ROLE.search(head)
    if hit:
        end = m.start - len(head) + hit.start()
        org = next((o for o in ctx.mentions if o.kind == ORGANIZATION and end - 12 <= o.end <= end), None)
        if org is not None:
            return [Found(m.key, org.key, hit.group(1).lower(), "member.org-whose-role", sent)]
    return []


# --- organization first -----------------------------------------------------------------------

_GROUP_FOUNDED = re.compile(
    rf"^\s*,\s+(?:the|a)\s+(?:group|organization|nonprofit|coalition|collective)\s+(?:that\s+)?"
    rf"(?:she|he)\s+(?:\w+\s+)?{FOUNDING_VERBS}\b",
    re.I,
)


def _org_group_founded(ctx: Context) -> list[Found]:
    """ "... Monique Haines, and Ashford Families United, the group she started": the founder is
    the person named before the organization in the sentence."""
    out: list[Found] = []
    for org in ctx.mentions:
        if org.kind != ORGANIZATION or org.start < ctx.headline_end:
            continue
        if not _GROUP_FOUNDED.match(ctx.article.text[org.end : org.end + 80]):
            continue
        sent = ctx.sentence_at(org.start)
        people = [p for p in ctx.mentions_between(sent.start, org.start, (PERSON,))]
        if people:
            out.append(Found(people[-1].key, org.key, "founder", "member.org-group-founded", sent))
    return out


def _role_np_next_subject(ctx: Context) -> list[Found]:
    """ "a Sangamon County sheriff's deputy ... now faces charges." followed by a sentence that
    opens with a name not yet introduced and not a victim: that person holds the role."""
    out: list[Found] = []
    victims = {k for f in ctx.facts if f.kind == "Incident" for k in f.role("victim")}
    for n, sent in enumerate(ctx.sentences[:-1]):
        if sent.start < ctx.headline_end:
            continue
        hit = _indefinite_role_np(ctx, sent)
        if hit is None:
            continue
        org, role = hit
        nxt = ctx.sentences[n + 1]
        person = _opening_person(ctx, nxt)
        if person is None or person.key in victims or HARM_WORDS.search(nxt.text):
            continue
        if any(p.key == person.key for p in ctx.mentions_between(ctx.headline_end, sent.end, (PERSON,))):
            continue
        out.append(Found(person.key, org.key, role, "member.role-np-next-subject", nxt))
    return out


def _indefinite_role_np(ctx: Context, sent: Sentence) -> tuple[Mention, str] | None:
    text = ctx.article.text
    for org in ctx.mentions_between(sent.start, sent.end, (ORGANIZATION,)):
        before = text[max(sent.start, org.start - 12) : org.start]
        after = re.match(r"^\s+((?:police\s+)?(\w+))\b", text[org.end : org.end + 30])
        if (
            re.search(r"\b(?:a|an)\s+(?:former\s+)?$", before, re.I)
            and after
            and after.group(2) in ROLE_NOUNS
        ):
            tail = re.search(r"(sheriff(?:'s|’s)?)$", text[org.start : org.end], re.I)
            role = f"{tail.group(1).lower()} {after.group(1)}" if tail else after.group(1)
            return org, role
    return None


def _opening_person(ctx: Context, sent: Sentence) -> Mention | None:
    people = ctx.mentions_between(sent.start, sent.end, (PERSON,))
    if not people:
        return None
    lead = ctx.article.text[sent.start : people[0].start].lower().split()
    return people[0] if all(w in HONORIFICS for w in lead) else None


# --- facts ------------------------------------------------------------------------------------


# rules that guess the organization from a bare title ("Officer X" -> the article's police)
GUESSED = {"member.title-police", "member.title-sheriff"}


def _merge(ctx: Context, found: list[Found]) -> list[Fact]:
    groups: dict[tuple[str, str], list[Found]] = {}
    explicit = {f.person for f in found if f.rule not in GUESSED}
    for f in found:
        if f.person == f.org or (f.rule in GUESSED and f.person in explicit):
            continue  # "Trooper X, a spokesman for the State Patrol": the named agency, not a guess
        groups.setdefault((f.person, f.org), []).append(f)
    facts = []
    for (person, org), items in groups.items():
        first = items[0]
        evidence: list[Evidence] = []
        seen: set[int] = set()
        for it in items:
            if it.sentence.index not in seen:
                seen.add(it.sentence.index)
                evidence.append(ctx.evidence(it.sentence, it.rule))
        label = f"{ctx.key_name(person)}, {first.role} of {ctx.key_name(org)}"
        facts.append(
            Fact(
                f"member@{person}@{org}",
                "Membership",
                None,
                label,
                ctx.article.source,
                tuple(evidence),
                roles=(("member", (person,)), ("organization", (org,))),
                values=(("roleLabel", first.role),),
            )
        )
    return facts
