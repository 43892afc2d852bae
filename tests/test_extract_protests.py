"""Protest extraction through the real pipeline on short hand-written articles."""

from __future__ import annotations

import datetime as dt

import pytest

from casegraph.extract import extract
from casegraph.ingest import parse_article


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str):
        article = parse_article("x.txt", text)
        ex = extract(article, nlp(article.body))
        names = {m.key: m.name for m in ex.mentions}
        return [f for f in ex.facts if f.kind == "Protest"], names

    return _run


def _names(fact, role, names):
    return {names[k] for k in fact.role(role)}


def test_announced_march_with_weekday_time_and_route(run):
    protests, names = run(
        "date 2021-04-29\n\nOfficers in Harlow shot and killed Dana Reyes, 24, on Monday.\n\n"
        "A march is scheduled for Saturday afternoon at 1 p.m. Organizers plan to meet at Linden Park, "
        "then march to the Harlow County Courthouse.\n"
    )
    assert len(protests) == 1
    p = protests[0]
    assert p.value("date") == dt.date(2021, 5, 1)
    assert p.value("startTime") == dt.datetime(2021, 5, 1, 13, 0)
    assert _names(p, "startLocation", names) == {"Linden Park"}
    assert "Harlow County Courthouse" in _names(p, "endLocation", names)
    assert p.evidence[0].rule == "protest.scheduled-march"


def test_held_rally_with_organizers(run):
    protests, names = run(
        "date 2022-03-10\n\nAbout 80 people rallied Wednesday outside City Hall in Brookvale. "
        "The rally was organized by the Brookvale Community Alliance and Pastor Leon Marsh.\n"
    )
    assert len(protests) == 1
    p = protests[0]
    assert p.value("date") == dt.date(2022, 3, 9)
    assert "City Hall" in _names(p, "location", names)
    organizers = _names(p, "organizer", names)
    assert any("Brookvale Community Alliance" in n for n in organizers)
    assert any("Marsh" in n for n in organizers)
    assert {e.rule for e in p.evidence} >= {"protest.held-verb", "protest.organized-by"}


def test_vigil_is_one_event(run):
    protests, names = run(
        "date 2023-09-18\n\nDozens of people gathered at Riverside Park on Sunday evening for a "
        "candlelight vigil for Omar Tate, who was killed by police in May.\n\n"
        "The vigil ended with a moment of silence.\n"
    )
    assert len(protests) == 1
    assert protests[0].value("date") == dt.date(2023, 9, 17)
    assert _names(protests[0], "location", names) == {"Riverside Park"}


def test_month_and_unrelated_gathering_are_not_protests(run):
    protests, _ = run(
        "date 2023-05-02\n\nThe officer was placed on leave in March. Data gathered by the county "
        "show three prior complaints against him.\n"
    )
    assert protests == []


def test_family_organizer_and_a_planned_rally(run):
    protests, names = run(
        "date 2024-05-08\n\nHundreds of people marched from City Hall to the police station on Saturday "
        "to protest the killing of Devon Marsh, 24, who was shot by a Lakeview police officer.\n\n"
        "The march was organized by Lakeview Against Police Violence and the Marsh family.\n\n"
        "Organizers said they plan another rally at 6 p.m. Friday outside the Hall County Courthouse.\n"
    )
    march = next(p for p in protests if p.value("date") == dt.date(2024, 5, 4))
    # "the Marsh family" organized it, not the man who was killed
    assert _names(march, "organizer", names) == {"Lakeview Against Police Violence", "family of Devon Marsh"}
    rally = next(p for p in protests if "Hall County Courthouse" in _names(p, "location", names))
    assert rally.value("date") == dt.date(2024, 5, 10)  # "they plan": the coming Friday


@pytest.mark.parametrize(
    "sentence",
    [
        "The Carver Justice Coalition led a march through downtown on Saturday.",
        "The Carver Justice Coalition called for a march on Saturday.",
        "On Saturday, the Carver Justice Coalition staged a protest outside City Hall.",  # lemma "stag"
        "Hundreds joined a rally on Saturday organized by the Carver Justice Coalition.",
    ],
)
def test_organizer_shapes(run, sentence):
    protests, names = run(
        "date 2024-04-22\n\nPolice in Carver shot and killed Darius Webb, 19, on Monday, officials said.\n\n"
        + sentence
        + "\n"
    )
    assert [_names(p, "organizer", names) for p in protests] == [{"Carver Justice Coalition"}]


def test_places_after_a_clock_time_and_a_route_with_and(run):
    base = (
        "date 2024-04-24\n\nPolice in Carver shot and killed Darius Webb, 19, on Monday, officials said.\n\n"
    )
    protests, names = run(base + "A vigil will be held Tuesday at 7 p.m. at Grace Church on Elm Street.\n")
    assert _names(protests[0], "location", names) == {"Grace Church on Elm Street"}  # not "at 7 p.m."
    protests, names = run(
        base + "A march is planned for 2 p.m. Sunday, starting at Lincoln Park and ending at City Hall.\n"
    )
    assert _names(protests[0], "startLocation", names) == {"Lincoln Park"}
    assert _names(protests[0], "endLocation", names) == {"City Hall"}


def test_two_places_joined_by_to_are_two_places(run):
    protests, names = run(
        "date 2024-04-24\n\nPolice in Carver shot and killed Darius Webb, 19, on Monday, officials said.\n\n"
        "The rally moved from City Hall to the Carver County Courthouse on Friday.\n"
    )
    assert _names(protests[0], "startLocation", names) == {"City Hall"}
    assert _names(protests[0], "endLocation", names) == {"Carver County Courthouse"}


def test_marchers_walking_is_a_march_people_walking_is_not(run):
    base = (
        "date 2024-04-24\n\nPolice in Carver shot and killed Darius Webb, 19, on Monday, officials said.\n\n"
    )
    protests, names = run(base + "On Saturday, marchers walked two miles from Lincoln Park to City Hall.\n")
    assert [_names(p, "endLocation", names) for p in protests] == [{"City Hall"}]
    protests, _names_ = run(base + "People walked to City Hall on Saturday to pay their taxes.\n")
    assert protests == []
