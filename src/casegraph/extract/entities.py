"""Mentions of people, organizations, groups and places: spaCy's NER, completed and corrected by
rules (name chunks typed by head-word lexicons, agency names built from "<place> police",
acronyms, titles stripped from names, surnames and first names linked back to full names)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..models import GROUP, ORGANIZATION, PERSON, PLACE, Mention
from . import lexicon as lx
from .context import Context, Sentence
from .names import acronym, clean, is_acronym, norm

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NUMBERED = {"lodge", "local", "no.", "chapter", "post"}  # name words a number belongs to
CONNECTORS = {"of", "for", "and", "&", "on", "to", "de", "del", "la", "the"}
LAW_HEADS = {
    "act",
    "ordinance",
    "law",
    "bill",
    "amendment",
    "proposal",
    "plan",
    "program",
    "policy",
    "initiative",
    "referendum",
    "resolution",
    "order",
}
DEMONYM_FOLLOWERS = {
    "people",
    "residents",
    "communities",
    "men",
    "women",
    "youth",
    "voters",
    "lives",
    "neighborhoods",
    "community",
    "americans",
    "officers",
    "activists",
    "leaders",
}
PLACE_PREPS = {"at", "outside", "near", "inside", "to", "from", "toward", "towards", "in"}
ADDRESS = re.compile(
    r"\b(?:the\s+)?(\d{1,5}\s+block\s+of\s+|\d{1,5}\s+)(?:[NSEW]\.?\s+)?(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)"
    r"(?:\s+[A-Z][a-z]+)*\s+(?:Street|St\.|St\b|Avenue|Ave\.|Ave\b|Boulevard|Blvd\.|Road|Rd\.|Drive|Dr\.|Lane|"
    r"Ln\.|Way|Place|Pl\.|Court|Ct\.|Parkway|Pkwy\.|Highway|Terrace|Circle)"
)
AGENCY_AFTER_PLACE = [
    (re.compile(r"^\s*(?:police|Police)(?:\s+[Dd]epartment)?\b"), "{} Police Department", "PoliceAgency"),
    (
        re.compile(r"^\s*(?:sheriff|Sheriff)(?:'s|’s)?(?:\s+(?:[Oo]ffice|[Dd]epartment))?\b"),
        "{} Sheriff's Office",
        "PoliceAgency",
    ),
    (
        re.compile(r"^\s*(?:[Ss]tate(?:'s|’s)\s+[Aa]ttorney)(?:(?:'s|’s)\s+[Oo]ffice)?\b"),
        "{} State's Attorney's Office",
        "Prosecutor",
    ),
    (
        re.compile(r"^\s*(?:[Cc]ounty\s+[Aa]ttorney)(?:(?:'s|’s)\s+[Oo]ffice)?\b"),
        "{} County Attorney's Office",
        "Prosecutor",
    ),
    (
        re.compile(r"^\s*(?:[Dd]istrict\s+[Aa]ttorney)(?:(?:'s|’s)\s+[Oo]ffice)?\b"),
        "{} District Attorney's Office",
        "Prosecutor",
    ),
]
SITE_AFTER_NAME = re.compile(
    r"^((?:\s+[a-z][a-z\-]+){0,3}?\s+(?:academy|headquarters|building|station|precinct|courthouse|hall|"
    r"office|offices|plaza|park|church|school|hospital|jail|center))\b"
)
STREET_WORDS = {
    "road",
    "street",
    "avenue",
    "boulevard",
    "highway",
    "parkway",
    "expressway",
    "st.",
    "ave.",
    "blvd.",
    "rd.",
    "drive",
    "lane",
    "court",
    "place",
    "terrace",
}
WEAK = "?weak"  # subkind of a candidate kept only if a later rule retypes it
AMBIGUOUS_HEADS = {"collective", "church", "institute", "ministries", "court"}


@dataclass
class Candidate:
    start: int  # article offsets
    end: int
    name: str
    kind: str
    subkind: str | None
    rule: str
    title: str | None = None
    aliases: tuple[str, ...] = ()


def find_mentions(ctx: Context) -> list[Mention]:
    """All entity mentions of the article, keyed so that one thing has one key."""
    cands = _candidates(ctx)
    persons = _person_keys(cands, ctx.article.text)
    orgs = _org_keys(ctx, cands)
    mentions: list[Mention] = []
    for c in sorted(cands, key=lambda c: (c.start, c.end)):
        key = _key(c, persons, orgs)
        if key is None:
            continue
        mentions.append(
            Mention(
                key,
                c.name,
                c.kind,
                c.subkind,
                ctx.article.source,
                c.start,
                c.end,
                c.rule,
                c.aliases,
                title=c.title,
            )
        )
    mentions.extend(_implied_places(ctx, cands))
    mentions = _repeat_mentions(ctx, mentions)
    mentions = _drop_headline_only(ctx, mentions)
    mentions.extend(_families(ctx, mentions))
    mentions.extend(_groups(ctx, mentions))
    return _within(ctx, sorted(mentions, key=lambda m: (m.start, m.end)))


# --- candidates -------------------------------------------------------------------------------


def _candidates(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def add(c: Candidate) -> None:
        i = bisect.bisect_left(taken, (c.start, c.start))
        if (i < len(taken) and taken[i][0] < c.end) or (i > 0 and taken[i - 1][1] > c.start):
            return  # overlaps a span already taken (spans kept sorted and disjoint)
        taken.insert(i, (c.start, c.end))
        out.append(c)

    for c in _dateline(ctx) + _addresses(ctx):
        add(c)
    for c in _sites_after_names(ctx):
        add(c)
    for c in _agencies_after_places(ctx):
        add(c)
    in_person = {t.i for e in ctx.doc.ents if e.label_ == "PERSON" for t in e}
    for sent in ctx.sentences:
        for c in _chunks(ctx, sent, in_person):
            add(c)
    for ent in ctx.doc.ents:
        ner = _from_ner(ctx, ent)
        if ner is not None:
            add(ner)
    for c in _speaker_names(ctx):
        add(c)
    return _fix_persons(ctx, out)


def _addresses(ctx: Context) -> list[Candidate]:
    text, base = ctx.body, ctx.offset
    return [
        Candidate(
            base + m.start(), base + m.end(), re.sub(r"^the\s+", "", m.group(0)), PLACE, "Site", "ent.address"
        )
        for m in ADDRESS.finditer(text)
    ]


def _agencies_after_places(ctx: Context) -> list[Candidate]:
    """ "Chicago police", "Sangamon County sheriff's deputy" -> the agency of that place."""
    out = []
    text = ctx.article.text
    for start, end in _place_names(ctx):
        place = clean(text[start:end])
        if place.lower().endswith(("'s", "’s")) or not place:
            continue
        tail = text[end : end + 40]
        for pattern, template, kind in AGENCY_AFTER_PLACE:
            m = pattern.match(tail)
            if m:
                alias = text[start : end + m.end()].strip()
                out.append(
                    Candidate(
                        start,
                        end + m.end(),
                        template.format(place),
                        ORGANIZATION,
                        kind,
                        "ent.agency-of-place",
                        aliases=(clean(alias),),
                    )
                )
                break
    return out


def _place_names(ctx: Context) -> list[tuple[int, int]]:
    """Spans that may name a place before an agency word: the model's GPEs, and any run of
    capitalized words right before "police"/"sheriff" (the model often misses small towns)."""
    spans = {
        (ctx.char(e[0]), ctx.char(_gpe_end(e)) + len(_gpe_end(e).text))
        for e in ctx.doc.ents
        if e.label_ == "GPE"
    }
    toks = ctx.tokens
    for i, tok in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        lower_agency = nxt.text in ("police", "sheriff", "sheriff's", "sheriff’s")
        titled = (
            nxt.text in ("Police", "Sheriff", "Sheriff's", "Sheriff’s")
            and i + 2 < len(toks)
            and toks[i + 2].lower_
            in (lx.PERSON_TITLES - lx.PLURAL_TITLES) | {"department", "dept.", "office"}
        )
        if not (lower_agency or titled) or not _is_cap(tok):
            continue
        j = i
        while (
            j > 0
            and i - j < 2
            and _is_cap(toks[j - 1])
            and toks[j - 1].lower_ not in lx.PERSON_TITLES
            and toks[j - 1].lower_ not in ("a", "an", "the")  # "— A Denver police officer"
        ):
            j -= 1
        if tok.lower_ in lx.PERSON_TITLES or toks[j].is_sent_start and toks[j].pos_ != "PROPN":
            continue
        spans.add((ctx.char(toks[j]), ctx.char(tok) + len(tok.text)))
    return sorted(spans)


def _gpe_end(ent: Span) -> Token:
    """The last token of a place, without a title the model ran into it ("Hale County State's"
    of "Hale County State's Attorney")."""
    words = [t for t in ent if t.text not in ("'s", "’s")]
    state = words[-1] if len(words) > 1 and words[-1].text == "State" else None
    if state is not None and state.i + 1 < len(ent.doc) and ent.doc[state.i + 1].text in ("'s", "’s"):
        return words[-2]
    return ent[-1]


def _sites_after_names(ctx: Context) -> list[Candidate]:
    """ "the Chicago police training academy", "Fraternal Order of Police headquarters"."""
    out = []
    text = ctx.article.text
    for ent in ctx.doc.ents:
        if ent.label_ not in ("GPE", "ORG"):
            continue
        start, end = ctx.char(ent[0]), ctx.char(ent[-1]) + len(ent[-1].text)
        if ent[0].lower_ == "the":
            start = ctx.char(ent[1]) if len(ent) > 1 else start
        m = SITE_AFTER_NAME.match(text[end : end + 60])
        if m and "\n" not in m.group(1) and _noun_compound(ctx, ent.end, end + m.end()):
            name = clean(text[start : end + m.end()])
            out.append(Candidate(start, end + m.end(), name, PLACE, "Site", "ent.site-of-name"))
    return out


def _noun_compound(ctx: Context, first: int, end: int) -> bool:
    """The words between a name and a site noun are nouns or adjectives ("police training academy"),
    not a clause ("gathered outside the courthouse")."""
    for tok in ctx.tokens[first:]:
        if ctx.char(tok) >= end:
            break
        if tok.pos_ not in ("NOUN", "ADJ", "PROPN") and tok.dep_ not in ("compound", "amod", "nmod"):
            return False
    return True


def _is_cap(tok: Token) -> bool:
    t = tok.text
    return (t[:1].isupper() and not tok.is_punct) or bool(re.fullmatch(r"\d+(st|nd|rd|th)", t))


def _chunks(ctx: Context, sent: Sentence, in_person: set[int]) -> list[Candidate]:
    """Runs of capitalized words (joined by "of", "for", "and", ...) typed by their head word;
    ``in_person`` holds the indexes of tokens inside the model's person names."""
    toks = list(sent.tokens)
    out, i = [], 0
    while i < len(toks):
        if not _is_cap(toks[i]) or toks[i].i in in_person or toks[i].ent_type_ in ("DATE", "TIME"):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            t = toks[j]
            if t.i in in_person or t.ent_type_ in ("DATE", "TIME"):
                break
            if _is_cap(t) and t.text not in ("“", "”"):
                j += 1
                continue
            if t.like_num and toks[j - 1].lower_ in NUMBERED and re.fullmatch(r"\d{1,5}", t.text):
                j += 1  # "Fraternal Order of Police Lodge 7", "SEIU Local 1199"
                continue
            if t.lower_ in CONNECTORS and j + 1 < len(toks) and _joins(toks, j, in_person):
                j += 1
                continue
            if (
                t.text in ("'s", "’s")
                and j + 1 < len(toks)
                and _is_cap(toks[j + 1])
                and not _is_named(toks[i:j])
            ):
                j += 1
                continue
            break
        out.extend(_split_and(ctx, toks, i, j))
        i = j
    return out


def _split_and(ctx: Context, toks: list[Token], i: int, j: int) -> list[Candidate]:
    """ "CAIR and Communities United Against Police Brutality" is two names: split at "and" when
    the part after it is a name of its own kind."""
    for k in range(i + 1, j - 1):
        if toks[k].lower_ in ("and", "&"):
            right = _chunk_candidate(ctx, toks, k + 1, j)
            if right is not None and right.kind == ORGANIZATION and _named_org(right.name):
                left = _chunk_candidate(ctx, toks, i, k)
                return ([left] if left is not None else []) + [right]
    c = _chunk_candidate(ctx, toks, i, j)
    return [c] if c is not None else []


def _named_org(name: str) -> bool:
    """A name that is an organization on its own ("Communities United Against ...", "the X
    Party"), not a phrase that ends a longer one ("... and Police Reform")."""
    words = name.lower().split()
    return len(words) >= 3 or words[-1] in lx.ORG_HEADS


def _joins(toks: list[Token], j: int, in_person: set[int]) -> bool:
    if toks[j].lower_ in ("to", "from") and toks[j - 1].lower_ in lx.SITE_HEADS:
        return False  # "from City Hall to the Courthouse": two places, not one name
    nxt = toks[j + 1]
    if nxt.lower_ == "the" and j + 2 < len(toks):
        nxt = toks[j + 2]
    return _is_cap(nxt) and nxt.i not in in_person


def _is_named(toks: list[Token]) -> bool:
    return any(t.ent_type_ in ("PERSON", "GPE") for t in toks)


def _chunk_candidate(ctx: Context, toks: list[Token], i: int, j: int) -> Candidate | None:
    while i < j and (
        toks[i].pos_ in ("DET", "PRON", "ADP", "CCONJ", "ADV", "AUX", "SCONJ", "PART", "NUM")
        or toks[i].lower_ in CONNECTORS
        or toks[i].is_sent_start
        and toks[i].pos_ not in ("PROPN",)
    ):
        i += 1
    while j > i and (toks[j - 1].lower_ in CONNECTORS or toks[j - 1].is_punct):
        j -= 1
    if j <= i:
        return None
    words = [t.text for t in toks[i:j]]
    lower = [w.lower() for w in words]
    start, end = ctx.char(toks[i]), ctx.char(toks[j - 1]) + len(toks[j - 1].text)
    if all(w in lx.PERSON_TITLES for w in lower):
        office = " ".join(lower)
        if office in lx.OFFICE_TITLES:
            name = clean(ctx.article.text[start:end])
            return Candidate(start, end, _office_name(name), ORGANIZATION, "Prosecutor", "ent.office-title")
        return None
    name = clean(ctx.article.text[start:end])
    nxt = toks[j].lower_ if j < len(toks) else ""
    if _after_role_of(toks, i) and lower[-1] not in lx.SITE_HEADS:
        kind = _org_kind(name, lower) or "AdvocacyGroup"
        return Candidate(start, end, name, ORGANIZATION, None if kind == "?" else kind, "ent.chunk-member-of")
    if DESCRIBED_AS_GROUP.match(ctx.article.text, end) and lower[-1] not in lx.SITE_HEADS:
        kind = _org_kind(name, lower) or "AdvocacyGroup"
        return Candidate(
            start, end, name, ORGANIZATION, None if kind == "?" else kind, "ent.chunk-described-group"
        )
    k = i - 1
    while k > 0 and toks[k].pos_ == "DET":
        k -= 1
    prev = toks[k].lower_ if k >= 0 else ""
    return _classify(name, lower, nxt, prev, start, end)


# "Carver Rising, a grassroots group, ...": a name the next words call a group is an organization
DESCRIBED_AS_GROUP = re.compile(
    r",\s+(?:a|an)\s+(?:(?!(?:of|for|with|from|in|at|and)\b)[a-z][\w-]*\s+){0,3}"
    r"(?:group|organization|coalition|collective|nonprofit|network|alliance|movement)"
    r"\s*(?:[,.;)]|that\b|which\b|founded\b|based\b|formed\b|created\b|started\b|led\b)"
)


def _after_role_of(toks: list[Token], i: int) -> bool:
    """ "members of X", "executive director of the X", "spokesperson for X"."""
    k = i - 1
    while k >= 0 and toks[k].pos_ == "DET":
        k -= 1
    if k < 1 or toks[k].lower_ not in ("of", "for", "with"):
        return False
    role = toks[k - 1].lower_
    return role in lx.ROLE_WORDS or role.rstrip("s") in lx.ROLE_WORDS


def _classify(name: str, lower: list[str], nxt: str, prev: str, start: int, end: int) -> Candidate | None:
    head = lower[-1]
    if head in LAW_HEADS or nxt in LAW_HEADS:
        return None
    if nxt in ("neighborhood", "neighbourhood", "community", "area") or lower[0] == "downtown":
        return Candidate(start, end, name, PLACE, "Neighborhood", "ent.chunk-neighborhood")
    org_kind = _org_kind(name, lower)
    site = head in lx.SITE_HEADS
    if site and (head not in AMBIGUOUS_HEADS or prev in PLACE_PREPS or org_kind is None):
        return Candidate(start, end, name, PLACE, "Site", "ent.chunk-site")
    if org_kind is not None:
        kind = org_kind or None
        return Candidate(
            start, end, _office_name(name), ORGANIZATION, kind if kind != "?" else None, "ent.chunk-org"
        )
    if head in lx.REGION_WORDS and len(lower) > 1:
        return Candidate(start, end, name, PLACE, "Region", "ent.chunk-region")
    return None


# ORG_KIND_WORDS as padded raw and normalized forms, computed once
_KIND_FORMS = [
    (kind, tuple(f" {w.replace('’', chr(39))} " for w in words), tuple(f" {norm(w)} " for w in words))
    for kind, words in lx.ORG_KIND_WORDS
]


def _org_kind(name: str, lower: list[str]) -> str | None:
    """Organization kind from the name; "?" for an organization of unknown kind; None: not an org.

    The head word decides when it names a kind ("... Project", "... Party"); otherwise the
    first matching kind phrase anywhere in the name ("order of police", "state's attorney")."""
    if len(lower) < 2:
        return None
    head = lower[-1]
    if head in lx.PERSON_TITLES and head not in (
        "attorney",
        "sheriff",
        "general",
        "police",
        "prosecutor",
        "patrol",
    ):
        return None
    head_kind = lx.ORG_HEADS.get(head)
    if head_kind is not None and head != "police":
        return head_kind
    text = " " + norm(name).replace("'", "") + " "
    raw = " " + name.lower().replace("’", "'") + " "
    for kind, raw_words, norm_words in _KIND_FORMS:
        if any(w in raw for w in raw_words) or any(w in text for w in norm_words):
            return kind
    if head in lx.ORG_HEADS:
        return "?"
    if lower[0] in ("office", "department", "bureau", "board", "council") and len(lower) > 2:
        return "?"
    return None


def _office_name(name: str) -> str:
    """ "Hennepin County Attorney" (an office named by its holder) -> "... Attorney's Office"."""
    if re.search(
        r"\b(?:Attorney|Sheriff|Attorney General|Prosecutor)$", name
    ) and not name.lower().startswith("office"):
        return name + "'s Office"
    return name


def _from_ner(ctx: Context, ent: Span) -> Candidate | None:
    start, end = ctx.char(ent[0]), ctx.char(ent[-1]) + len(ent[-1].text)
    name = clean(ent.text)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    label = ent.label_
    nxt = ctx.tokens[ent.end].lower_ if ent.end < len(ctx.doc) else ""
    if label == "PERSON":
        if name.split()[-1].lower() in STREET_WORDS:  # the model takes "Quarry Road" for a name
            return Candidate(start, end, name, PLACE, "Site", "ent.person-retyped-street")
        return _person(ctx, ent, start, end)
    if label == "ORG":
        return _ner_org(name, ent, nxt, start, end)
    if label == "GPE":
        return _gpe(name, nxt, start, end)
    if label in ("FAC", "LOC"):
        if norm(name).split()[-1] in LAW_HEADS or nxt in LAW_HEADS:
            return None
        sub = (
            "Neighborhood"
            if nxt in ("neighborhood", "neighbourhood")
            else ("Site" if label == "FAC" else "Region")
        )
        return Candidate(start, end, name, PLACE, sub, f"ent.ner-{label.lower()}")
    return None


def _ner_org(name: str, ent: Span, nxt: str, start: int, end: int) -> Candidate | None:
    lower = [t.lower_ for t in ent if t.lower_ != "the"]
    if not lower or all(w in lx.PERSON_TITLES for w in lower) or nxt in DEMONYM_FOLLOWERS | LAW_HEADS:
        return None
    if lower[-1] in LAW_HEADS:
        return None
    kind = _org_kind(name, lower)
    if kind is None:
        if is_acronym(name):
            kind = "PoliceAgency" if re.fullmatch(r"[A-Z]*PD", name) else "?"
        elif _looks_like_person(ent, lower):
            return Candidate(start, end, name, PERSON, None, "ent.org-retyped-person")
        elif len(lower) >= 2 and all(t.pos_ == "PROPN" for t in ent if t.lower_ != "the"):
            kind = "?"
        else:  # kept only if it turns out to be a person's name
            return Candidate(start, end, name, ORGANIZATION, WEAK, "ent.ner-org")
    if norm(name) in lx.MEDIA_WORDS or lower[-1] in lx.MEDIA_WORDS:
        kind = "?"
    return Candidate(
        start, end, _office_name(name), ORGANIZATION, None if kind == "?" else kind, "ent.ner-org"
    )


def _looks_like_person(ent: Span, lower: list[str]) -> bool:
    """The small model tags some names ORG: two capitalized words, none of them an organization,
    place or title word, are a person's first and last name."""
    toks = [t for t in ent if t.lower_ != "the"]
    words = set(lower)
    cues = set(lx.ORG_HEADS) | lx.SITE_HEADS | lx.PERSON_TITLES | lx.REGION_WORDS | lx.NEIGHBORHOOD_WORDS
    return (
        len(toks) == 2
        and all(t.text[:1].isupper() and t.text[1:].islower() and t.is_alpha for t in toks)
        and not words & cues
        and not any(w in lx.US_STATES for w in words)
    )


def _gpe(name: str, nxt: str, start: int, end: int) -> Candidate | None:
    low = norm(name)
    if nxt in ("neighborhood", "neighbourhood"):
        return Candidate(start, end, name, PLACE, "Neighborhood", "ent.ner-gpe")
    if low in lx.COUNTRY_NAMES:
        return Candidate(start, end, name, PLACE, WEAK, "ent.ner-gpe")
    if low in lx.US_STATES or low.split()[-1] in lx.REGION_WORDS:
        return Candidate(start, end, name, PLACE, "Region", "ent.ner-gpe")
    return Candidate(start, end, name, PLACE, "City", "ent.ner-gpe")


def _person(ctx: Context, ent: Span, start: int, end: int) -> Candidate | None:
    toks = [t for t in ent if t.text not in ("'s", "’s")]
    title_toks: list[str] = []
    # "Calder County Sheriff Wade Hollister": everything up to the last title word is the title
    last_title = max(
        (k for k, t in enumerate(toks[:-1]) if t.lower_ in lx.PERSON_TITLES - {"the"}), default=-1
    )
    if last_title >= 0:
        title_toks, toks = [t.text for t in toks[: last_title + 1]], toks[last_title + 1 :]
    while toks and toks[0].lower_ in lx.PERSON_TITLES:
        title_toks.append(toks.pop(0).text)
    if not toks:
        return None
    # title words just before the name: "Police Chief Dan Miskinis", "Ald. Chris Taliaferro"
    i = ent.start - 1
    before: list[str] = []
    while i >= 0 and ctx.tokens[i].text[:1].isupper() and ctx.tokens[i].lower_ in lx.PERSON_TITLES - {"the"}:
        before.insert(0, ctx.tokens[i].text)
        i -= 1
    title = " ".join(before + title_toks) or None
    s = ctx.char(toks[0])
    e = ctx.char(toks[-1]) + len(toks[-1].text)
    name = clean(ctx.article.text[s:e])
    if not re.search(r"[A-Z]", name) or not re.search(r"[a-z]", name) or re.search(r"\d", name):
        return None
    return Candidate(s, e, name, PERSON, None, "ent.ner-person", title=title)


SPEECH = {"say", "tell", "add", "ask", "write", "explain", "note", "recall"}


def _speaker_names(ctx: Context) -> list[Candidate]:
    """Names the model misses right beside a speech verb: "said Ana Ruiz, ...", "Ana Ruiz said"."""
    toks = ctx.tokens
    out = []
    for i, tok in enumerate(toks):
        if tok.lemma_.lower() not in SPEECH or tok.pos_ != "VERB":
            continue
        for run in (_name_run(toks, i + 1, 1), _name_run(toks, i - 1, -1)):
            if run is not None:
                a, b = run
                name = " ".join(t.text for t in toks[a : b + 1])
                out.append(
                    Candidate(
                        ctx.char(toks[a]),
                        ctx.char(toks[b]) + len(toks[b].text),
                        name,
                        PERSON,
                        None,
                        "ent.speaker-name",
                    )
                )
    return out


def _name_run(toks: list[Token], i: int, step: int) -> tuple[int, int] | None:
    """Two or three capitalized proper nouns starting at ``i`` (going in ``step`` direction) that
    no lexicon claims: a person's name."""
    run: list[int] = []
    while 0 <= i < len(toks) and len(run) < 4 and toks[i].pos_ == "PROPN" and toks[i].text[:1].isupper():
        run.append(i)
        i += step
    if not 2 <= len(run) <= 3:
        return None
    words = {toks[k].lower_ for k in run}
    cues = set(lx.ORG_HEADS) | lx.SITE_HEADS | lx.REGION_WORDS | lx.PERSON_TITLES | lx.NEIGHBORHOOD_WORDS
    if words & cues or not all(toks[k].is_alpha or "'" in toks[k].text for k in run):
        return None
    return min(run), max(run)


def _fix_persons(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Single words the model mistyped (an ORG "Sheskey", a GPE "Toledo") that are the surname or
    first name of a person named in full are that person; an ORG in apposition to a person
    ("X, also known as Y") is a person too, and the apposition an alias."""
    full = [c for c in cands if c.kind == PERSON and len(c.name.split()) >= 2]
    surnames = {c.name.split()[-1].lower() for c in full}
    firsts = {c.name.split()[0].lower() for c in full}
    out = []
    for c in cands:
        word = c.name.lower()
        if c.kind != PERSON and " " not in word and (word in surnames or word in firsts):
            c = replace(c, kind=PERSON, subkind=None, rule="ent.surname-retyped")
        elif c.kind == ORGANIZATION and c.subkind is None and _aka_person(ctx, c):
            c = replace(c, kind=PERSON, subkind=None, rule="ent.aka-person")
        elif c.kind != PERSON and c.rule.startswith("ent.ner") and _family_name(c.name, surnames):
            c = replace(c, kind=PERSON, subkind=None, rule="ent.family-name-retyped")
        if c.subkind != WEAK:
            out.append(c)
    return _aka_aliases(ctx, out)


def _family_name(name: str, surnames: set[str]) -> bool:
    """ "Andre Mills" tagged as a place in an article about Keisha and Dorothy Mills: a
    two-word name ending in a known surname, with no place or organization word, is a person."""
    words = name.split()
    if len(words) != 2 or words[1].lower() not in surnames or not all(w[:1].isupper() for w in words):
        return False
    cues = set(lx.ORG_HEADS) | lx.SITE_HEADS | lx.REGION_WORDS | lx.NEIGHBORHOOD_WORDS | lx.PERSON_TITLES
    return words[0].lower() not in cues and words[1].lower() not in cues


_AKA = re.compile(r"^,?\s+(?:also known as|aka|a\.k\.a\.|known as)\s+", re.IGNORECASE)


def _aka_person(ctx: Context, c: Candidate) -> bool:
    tail = ctx.article.text[c.end : c.end + 30]
    return _AKA.match(tail) is not None and len(c.name.split()) in (2, 3)


def _aka_aliases(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Drop "Y" in "X, also known as Y" as an entity of its own and keep it as X's alias."""
    text = ctx.article.text
    out: list[Candidate] = []
    drop: set[int] = set()
    ordered = sorted(cands, key=lambda c: c.start)
    for n, c in enumerate(ordered):
        m = _AKA.match(text[c.end : c.end + 30])
        if m and c.kind == PERSON and n + 1 < len(ordered):
            nxt = ordered[n + 1]
            if nxt.start == c.end + m.end() and nxt.kind == PERSON:
                drop.add(n + 1)
                ordered[n] = replace(c, aliases=(*c.aliases, nxt.name))
    for n, c in enumerate(ordered):
        if n not in drop:
            out.append(c)
    return out


# --- keys -------------------------------------------------------------------------------------


def _person_keys(cands: list[Candidate], text: str = "") -> dict[str, str]:
    """Person name (lower) -> key: full names are keys; a surname or first name alone maps to
    the one full name it belongs to, when exactly one does."""
    full = sorted(
        {c.name for c in cands if c.kind == PERSON and len(c.name.split()) >= 2}, key=len, reverse=True
    )
    first_seen: dict[str, int] = {}
    kin: set[str] = set()
    for c in sorted(cands, key=lambda c: c.start):
        first_seen.setdefault(c.name, c.start)
        if c.kind == PERSON and _introduced_as_kin(text, c):
            kin.add(c.name)
    keys: dict[str, str] = {}
    for name in full:
        keys.setdefault(name.lower(), "person:" + norm(name))
    for c in cands:
        if c.kind != PERSON or c.name.lower() in keys:
            continue
        word = c.name.lower()
        last = [f for f in full if f.lower().split()[-1] == word.split()[-1]]
        first = [f for f in full if f.lower().split()[0] == word]
        hit = last or (first if len({norm(f) for f in first}) == 1 else [])
        if len({norm(f) for f in last}) > 1:
            # two people share the surname: the one not introduced as a relative ("his mother,
            # Naomi Boone"), else the first named
            plain = [f for f in last if f not in kin] or last
            hit = [min(plain, key=lambda f: first_seen[f])]
        keys[word] = "person:" + norm(hit[0]) if hit else "person:" + norm(c.name)
    return keys


_KIN = re.compile(
    r"\b(" + "|".join(sorted(lx.FAMILY_WORDS - {"family's"}, key=len, reverse=True)) + r")\b", re.I
)


def _introduced_as_kin(text: str, c: Candidate) -> bool:
    """ "his mother, Naomi Boone" / "Naomi Boone, the victim's sister" / "Boone's widow, X"."""
    before = text[max(0, c.start - 30) : c.start]
    after = text[c.end : c.end + 40]
    return bool(re.search(r"\b(?:" + _KIN.pattern[3:-3] + r"),?\s*$", before, re.I)) or bool(
        re.match(r"^,\s+(?:(?:his|her|their|the)\s+|\w+(?:'s|’s)\s+)(?:\w+\s+)?" + _KIN.pattern, after, re.I)
    )


def _org_keys(ctx: Context, cands: list[Candidate]) -> dict[str, str]:
    """Organization name (normalized) -> key; an acronym maps to the full name it abbreviates,
    whether defined in parentheses ("(COPA)") or just used after the full name."""
    orgs = [c for c in cands if c.kind == ORGANIZATION]
    full = [c for c in orgs if not is_acronym(c.name)]
    keys: dict[str, str] = {norm(c.name): "org:" + norm(c.name) for c in full}
    for c in full:
        for alias in c.aliases:
            keys.setdefault(norm(alias), "org:" + norm(c.name))
    for c in orgs:
        if not is_acronym(c.name):
            continue
        acr = c.name.replace(".", "")
        hits = [f for f in full if acronym(f.name) == acr or _defined_as(ctx, f, acr)]
        keys[norm(c.name)] = "org:" + norm(hits[0].name) if hits else "org:" + norm(c.name)
    return keys


def _defined_as(ctx: Context, c: Candidate, acr: str) -> bool:
    return re.match(r"\s*\(\s*" + re.escape(acr) + r"\s*\)", ctx.article.text[c.end : c.end + 20]) is not None


def _key(c: Candidate, persons: dict[str, str], orgs: dict[str, str]) -> str | None:
    if c.kind == PERSON:
        return persons.get(c.name.lower())
    if c.kind == ORGANIZATION:
        return orgs.get(norm(c.name))
    return f"{c.kind.lower()}:{norm(c.name)}"


DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'\- ]{2,40}?)(?:,\s*([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?\s*(?:\([^)\n]{1,30}\))?\s*(?:--|—|–)"
)


_NON_SPACE = re.compile(r"\S")


def _dateline(ctx: Context) -> list[Candidate]:
    """ "OAKVIEW, Ga. —" / "CHICAGO (AP) --": the city (and state) the report is filed from."""
    if not ctx.first_window:
        return []
    first = _NON_SPACE.search(ctx.article.text, max(ctx.headline_end, ctx.offset))
    if not first:
        return []
    start = first.start()
    m = DATELINE.match(ctx.article.text[start : start + 80])
    if not m:
        return []
    city = m.group(1).strip()
    out = [
        Candidate(
            start + m.start(1), start + m.start(1) + len(city), city.title(), PLACE, "City", "ent.dateline"
        )
    ]
    if m.group(2):
        state = lx.STATE_ABBREVIATIONS.get(m.group(2).lower().rstrip("."), m.group(2))
        if state.lower() in lx.US_STATES or m.group(2).lower().rstrip(".") in lx.STATE_ABBREVIATIONS:
            out.append(
                Candidate(start + m.start(2), start + m.end(2), state, PLACE, "Region", "ent.dateline")
            )
    return out


def _implied_places(ctx: Context, cands: list[Candidate]) -> list[Mention]:
    """Places named inside other names: the city of "Chicago police", and a dateline city
    ("CHICAGO (AP) --")."""
    out = []
    src = ctx.article.source
    for c in cands:
        if c.rule == "ent.site-of-name":  # "Fraternal Order of Police headquarters" names the union too
            inner = re.sub(r"(?:\s+[a-z][a-z\-]*)+$", "", c.name)
            kind = _org_kind(inner, inner.lower().split()) if inner != c.name else None
            if kind is not None:
                out.append(
                    Mention(
                        f"org:{norm(inner)}",
                        inner,
                        ORGANIZATION,
                        None if kind == "?" else kind,
                        src,
                        c.start,
                        c.start + len(inner),
                        "ent.org-of-site",
                    )
                )
        if c.rule == "ent.agency-of-place":
            place = c.name.split(" Police Department")[0].split(" Sheriff's Office")[0].split(" State's")[0]
            place = place.split(" County Attorney")[0].split(" District Attorney")[0]
            if ctx.article.text[c.start : c.start + len(place)] == place:
                sub = "Region" if place.split()[-1].lower() in lx.REGION_WORDS else "City"
                out.append(
                    Mention(
                        f"place:{norm(place)}",
                        place,
                        PLACE,
                        sub,
                        src,
                        c.start,
                        c.start + len(place),
                        "ent.place-of-agency",
                    )
                )
    return out


def _repeat_mentions(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """The model tags a name once and misses it the next time: every later occurrence of a known
    name, acronym or (unshared) surname is a mention of the same entity too."""
    forms: dict[str, Mention] = {}
    surnames: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind in (PERSON, ORGANIZATION) and len(m.name) > 2:
            forms.setdefault(m.name, m)
        if m.kind == PERSON and " " in m.name:
            surnames.setdefault(m.name.split()[-1], set()).add(m.key)
    for last, keys in surnames.items():
        if len(keys) == 1 and last not in forms:
            forms[last] = next(m for m in mentions if m.key in keys)
    if not forms:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w])"
    )
    extra = []
    base = ctx.offset
    taken.sort()
    for hit in pattern.finditer(ctx.body):
        s, e = base + hit.start(), base + hit.end()
        i = bisect.bisect_left(taken, (s, s))
        if (i < len(taken) and taken[i][0] < e) or (i > 0 and taken[i - 1][1] > s):
            continue
        m = forms[hit.group(1)]
        extra.append(replace(m, start=s, end=e, name=hit.group(1), rule="ent.repeat", aliases=(), title=None))
        taken.insert(i, (s, e))
    return sorted(mentions + extra, key=lambda m: (m.start, m.end))


def _drop_headline_only(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """Title-case headlines fool the model: keep a headline mention only if its entity is also
    mentioned in the body."""
    body_keys = {m.key for m in mentions if m.start >= ctx.headline_end}
    return [m for m in mentions if m.start >= ctx.headline_end or m.key in body_keys]


# --- families and groups ----------------------------------------------------------------------


def _families(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """ "the family of X", "X's mother", "the X family" -> a Family group of person X."""
    people = sorted((m for m in mentions if m.kind == PERSON), key=lambda m: m.start)
    starts = [p.start for p in people]
    out = []
    for tok in ctx.tokens:
        if tok.lower_ not in lx.FAMILY_WORDS or ctx.char(tok) < ctx.headline_end:
            continue
        person = _family_person(ctx, tok, people, starts)
        if person is None:
            continue
        out.append(family_mention(ctx, person.key, _full_name(person, mentions), tok, "ent.family"))
    return out


def family_mention(ctx: Context, person: str, full: str, tok: Token, rule: str) -> Mention:
    """The Family group of the person keyed ``person`` (full name ``full``), mentioned at ``tok``."""
    start = ctx.char(tok)
    return Mention(
        "family:" + person,
        f"family of {full}",
        GROUP,
        "Family",
        ctx.article.source,
        start,
        start + len(tok.text),
        rule,
        family_of=person,
    )


def _family_person(ctx: Context, tok: Token, people: list[Mention], starts: list[int]) -> Mention | None:
    cands: list[Token] = []
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            cands.append(child)
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and tok.lower_ in ("family", "families", "relatives")
        ):
            cands.extend(c for c in child.children if c.dep_ == "pobj")
    for c in cands:
        pos = ctx.char(c)
        span_end = pos + len(c.text)
        # the person mention covering the token, else one that starts right after it
        k = bisect.bisect_right(starts, span_end)
        near = people[max(0, k - 4) : k]
        hit = next((p for p in near if p.start <= pos < p.end), None)
        hit = hit or next((p for p in near if p.start < span_end + 1 and pos < p.end), None)
        if hit is not None:
            return hit
    return None


def _full_name(m: Mention, mentions: list[Mention]) -> str:
    names = [x.name for x in mentions if x.key == m.key]
    return max(names, key=len) if names else m.name


_GROUP_DEPS = {"nsubj", "nsubjpass", "pobj", "conj", "dobj", "appos"}


def _groups(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """Collective actors: a group noun ("demonstrators", "community members") that is the subject
    of a verb or the agent of a passive ("coordinated by local activists")."""
    out: list[Mention] = []
    heads = {w.rsplit(" ", 1)[-1] for w in lx.CORE_GROUPS}
    for tok in ctx.tokens:
        if tok.lower_ not in heads or ctx.char(tok) < ctx.headline_end:
            continue
        if tok.lower_ not in lx.CORE_GROUPS and not _compound_group(tok):
            continue
        if not _is_actor(tok) or any(m.start <= ctx.char(tok) < m.end for m in out):
            continue
        label, start, end = _group_label(ctx, tok)
        out.append(
            Mention("group:" + norm(label), label, GROUP, None, ctx.article.source, start, end, "ent.group")
        )
    return out


def _compound_group(tok: Token) -> bool:
    comp = " ".join(c.lower_ for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1)
    return bool(comp) and f"{comp} {tok.lower_}" in lx.CORE_GROUPS


def _is_actor(tok: Token) -> bool:
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.dep_ == "agent":
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "among") and tok.head.head.lower_ in lx.QUANTITIES:
        return _is_actor(tok.head.head)  # "Hundreds of students rallied", "Speakers among the demonstrators"
    return tok.dep_ == "conj" and _is_actor(tok.head)


def _group_label(ctx: Context, tok: Token) -> tuple[str, int, int]:
    left = [
        c
        for c in tok.lefts
        if c.dep_ in ("amod", "compound")
        and c.i >= tok.i - 3
        and c.sent == tok.sent
        and "\n" not in ctx.doc[c.i : tok.i].text
    ]
    first = left[0] if left else tok
    last = tok
    conj = [c for c in tok.rights if c.dep_ == "conj" and c.lower_ in lx.GROUP_NOUNS]
    if conj:
        last = conj[-1]
    start, end = ctx.char(first), ctx.char(last) + len(last.text)
    text = ctx.article.text[start:end]
    label = text if first.text[:1].isupper() and first.pos_ == "PROPN" else text[:1].lower() + text[1:]
    return label, start, end


def _within(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    """ "Columbus, Ohio" and "Chicago's Portage Park": the second place lies within the first's
    region, or the neighborhood within the city."""
    text = ctx.article.text
    places = [m for m in mentions if m.kind == PLACE]
    links: dict[str, str] = {}
    for a, b in zip(places, places[1:], strict=False):
        gap = text[a.end : b.start]
        if gap in (", ",) and b.subkind == "Region" and a.subkind in ("City", "Neighborhood", "Site"):
            links.setdefault(a.key, b.key)
        elif gap in ("'s ", "’s ") and a.subkind == "City" and b.subkind in ("Neighborhood", "Site"):
            links.setdefault(b.key, a.key)
    return [replace(m, within=links[m.key]) if m.key in links else m for m in mentions]
