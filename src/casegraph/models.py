"""Frozen records handed from one stage of the pipeline to the next.

articles -> :class:`Article`; spaCy ``Doc`` -> :class:`Extraction` (mentions and facts, each fact
with its :class:`Evidence`); :mod:`casegraph.resolve` turns mentions into :class:`Entity` records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Entity kinds are the contract's local class names.
PERSON = "Person"
ORGANIZATION = "Organization"
GROUP = "Group"
PLACE = "Place"
TOP_KINDS = (PERSON, ORGANIZATION, GROUP, PLACE)
SUBKINDS: dict[str, tuple[str, ...]] = {
    PERSON: (),
    ORGANIZATION: (
        "PoliceAgency",
        "OversightAgency",
        "Prosecutor",
        "GovernmentBody",
        "PoliceUnion",
        "AdvocacyGroup",
    ),
    GROUP: ("Family",),
    PLACE: ("City", "Neighborhood", "Site", "Region"),
}


@dataclass(frozen=True)
class Article:
    """One article file: its decoded text and the publication date from its header."""

    source: str  # the file's base name, e.g. "001_x.txt"
    text: str  # the whole decoded file; evidence offsets index into it
    published: dt.date
    body_start: int  # offset of the first character after the date header
    encoding: str = "utf-8"
    path: str = ""  # where it was read from (for messages only)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact or mention came from, and the rule that found it."""

    source: str
    start: int
    end: int
    sentence: str
    rule: str
    confidence: float


@dataclass(frozen=True)
class Mention:
    """A name (or a reference resolved to a name) found in one article.

    ``key`` identifies the real-world thing within the article; mentions with the same key
    are one entity. ``kind`` is a top class, ``subkind`` the most specific class known.
    """

    key: str
    name: str
    kind: str
    subkind: str | None
    source: str
    start: int
    end: int
    rule: str
    aliases: tuple[str, ...] = ()
    age: int | None = None
    title: str | None = None
    family_of: str | None = None  # key of the person a Family group belongs to
    within: str | None = None  # key of the enclosing place


@dataclass(frozen=True)
class Fact:
    """A statement of the contract's fact classes, with its evidence.

    ``roles`` link to entities (by mention key) or to other facts (by fact id): property local
    name -> keys. ``values`` hold literals: property local name -> value.
    """

    id: str  # stable within the article: kind + sentence offset + discriminator
    kind: str  # Incident, Demand, Protest, Quote, Membership, OfficialAction
    subkind: str | None  # PoliceShooting / UseOfForce for incidents
    label: str
    source: str
    evidence: tuple[Evidence, ...]  # at least one; the first is where the fact was found
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    values: tuple[tuple[str, object], ...] = ()
    concept: str | None = None  # demandType / actionType concept local name

    def role(self, name: str) -> tuple[str, ...]:
        return next((keys for prop, keys in self.roles if prop == name), ())

    def value(self, name: str) -> object | None:
        return next((v for prop, v in self.values if prop == name), None)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...]
    sentences: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class Entity:
    """A resolved real-world thing, possibly mentioned in many articles."""

    id: str  # slug used in the IRI
    kind: str
    subkind: str | None
    label: str
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    ages: tuple[tuple[int, str], ...] = ()  # (age, source article)
    titles: tuple[str, ...] = ()
    family_of: str | None = None  # entity id
    within: str | None = None  # entity id
    evidence: tuple[Evidence, ...] = ()
