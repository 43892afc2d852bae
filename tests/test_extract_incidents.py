"""Incidents found by the real pipeline in short hand-written articles: victim, date, officer."""

from __future__ import annotations

import datetime as dt

from casegraph.extract import extract
from casegraph.ingest import parse_article

LATER_SENTENCES = """date 2024-01-10

A Brixton police officer who shot an unarmed man last spring resigned Monday, city officials said.

Officer Nathan Greer, 29, submitted his resignation on Monday morning.

He had lived in the town for six years.

Greer shot Andre Colquitt, 26, in the abdomen on April 18 outside his apartment.

Prosecutors said Colquitt, 26, had raised a toy gun before Officers Dana Kirk and Sam Lowe opened fire in a parking lot on Sept. 9.
"""

NIGHT = """date 2024-09-20

A sheriff's deputy fatally shot Luis Ferrer, 41, outside his home on Monday night, officials said.
"""


def _incidents(nlp, text):
    article = parse_article("x.txt", text)
    ex = extract(article, nlp(article.body))
    names = {m.key: max((n.name for n in ex.mentions if n.key == m.key), key=len) for m in ex.mentions}
    return {names[f.role("victim")[0]]: f for f in ex.facts if f.kind == "Incident"}


def test_officer_named_by_surname_and_date_of_the_shooting_sentence(nlp):
    found = _incidents(nlp, LATER_SENTENCES)
    # "Greer shot X": Greer is an officer by his title elsewhere in the article, so police are involved
    assert found["Andre Colquitt"].value("date") == dt.date(2023, 4, 18)


def test_opened_fire_dates_the_incident_of_the_victim_it_names(nlp):
    found = _incidents(nlp, LATER_SENTENCES.replace("on April 18 ", ""))
    assert found["Andre Colquitt"].value("date") == dt.date(2023, 9, 9)


def test_a_night_is_a_date(nlp):
    assert _incidents(nlp, NIGHT)["Luis Ferrer"].value("date") == dt.date(2024, 9, 16)


def test_outcome_in_the_next_sentence_and_an_appositive_age(nlp):
    survived = _incidents(
        nlp, "date 2024-09-20\n\nAn officer shot Jamal Price, 19, on Tuesday. He survived.\n"
    )
    assert survived["Jamal Price"].value("fatal") is False
    died = _incidents(
        nlp, "date 2024-09-20\n\nAn officer shot Jamal Price, 19, on Tuesday. He died Sunday.\n"
    )
    assert died["Jamal Price"].value("fatal") is True
    student = _incidents(
        nlp,
        "date 2024-09-20\n\nJamal Price, a 19-year-old college student, was shot by police on Tuesday.\n",
    )
    assert student["Jamal Price"].value("age") == 19
