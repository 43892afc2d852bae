"""Entities found by the real pipeline in short hand-written articles."""

from __future__ import annotations

from casegraph.extract import extract
from casegraph.ingest import parse_article
from casegraph.models import Extraction


def _extract(nlp, text: str) -> Extraction:
    article = parse_article("x.txt", text)
    return extract(article, nlp(article.body))


DATELINE = """date 2024-02-10 DENVER (AP) — A Denver police officer shot and killed Marco Ruiz, 33, early Sunday.

The Office of the Independent Monitor, Denver's civilian oversight agency, said it would monitor the investigation.
"""


def test_article_is_not_part_of_a_place_and_monitors_oversee(nlp):
    kinds = {m.name: (m.kind, m.subkind) for m in _extract(nlp, DATELINE).mentions}
    assert kinds["Denver Police Department"] == ("Organization", "PoliceAgency")
    assert not any(name.startswith(("A ", "An ")) for name in kinds)
    assert kinds["Office of the Independent Monitor"] == ("Organization", "OversightAgency")


OFFICES = """date 2024-03-15

Officers of the Fairhaven Police Department shot Luis Ortega, 29, last September.

Hale County State's Attorney Renee Castillo said no one is above the law.

Officers Ryan Castellano and Dustin Meeks opened fire. Dale Morrow, president of the Fairhaven Police Officers Association, defended them.
"""


def test_offices_named_by_their_holders_and_plural_titles(nlp):
    ex = _extract(nlp, OFFICES)
    names = {m.key: m.name for m in ex.mentions}
    kinds = {m.name: m.subkind for m in ex.mentions}
    assert kinds["Hale County State's Attorney's Office"] == "Prosecutor"
    assert "Hale County State" not in kinds
    assert "Ryan Castellano" in kinds  # "Officers" is a title, not part of the name
    members = {
        (names[f.role("member")[0]], names[f.role("organization")[0]], f.value("roleLabel"))
        for f in ex.facts
        if f.kind == "Membership"
    }
    assert {
        ("Renee Castillo", "Hale County State's Attorney's Office", "state's attorney"),
        ("Ryan Castellano", "Fairhaven Police Department", "officer"),
        ("Dustin Meeks", "Fairhaven Police Department", "officer"),
        ("Dale Morrow", "Fairhaven Police Officers Association", "president"),
    } <= members


def test_numbered_lodges_keep_their_number(nlp):
    text = (
        "date 2024-03-02 Police shot Omar Reyes, 22, in Brookfield on Tuesday.\n\n"
        "The Fraternal Order of Police Lodge 27 defended the officer. Jim Cole, president of FOP Lodge 7, agreed.\n"
    )
    kinds = {m.name: m.subkind for m in _extract(nlp, text).mentions}
    assert kinds["Fraternal Order of Police Lodge 27"] == "PoliceUnion"
    assert kinds["FOP Lodge 7"] == "PoliceUnion"


def test_a_name_described_as_a_group_is_an_organization(nlp):
    text = (
        "date 2024-04-20 Police shot Darius Webb, 19, in Carver on Monday.\n\n"
        "Carver Rising, a grassroots group, called for charges. Tom Baker, a member of the group, spoke.\n"
    )
    kinds = {m.name: (m.kind, m.subkind) for m in _extract(nlp, text).mentions}
    assert kinds["Carver Rising"] == ("Organization", "AdvocacyGroup")
    assert kinds["Tom Baker"] == ("Person", None)  # "a member of the group" describes a person


def test_partitive_subjects_make_their_people_a_group(nlp):
    text = (
        "date 2024-04-20 Police shot Darius Webb, 19, in Carver on Monday.\n\n"
        "Speakers among the demonstrators called the firing “only a first step.” "
        "Many of the activists stayed until dark.\n"
    )
    kinds = {m.name: (m.kind, m.subkind) for m in _extract(nlp, text).mentions}
    assert kinds["demonstrators"] == ("Group", None)
    assert kinds["activists"] == ("Group", None)
