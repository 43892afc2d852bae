"""Memberships found by the real pipeline in short hand-written articles."""

from __future__ import annotations

import pytest

from casegraph.extract import extract
from casegraph.ingest import parse_article

ARTICLE = """date 2022-05-04

Marchers gathered downtown on Tuesday after the Elmwood Police Department shot a man.

"We want answers," said Northside Justice Alliance founder Dana Reyes.

Tom Baker, president of the Elmwood Tenants Coalition, said the group would join the march.

Police Chief Laura Kent said the officer, Officer Mark Doyle, is on leave.

Omar Sims, a family friend, said he wants justice.
"""


@pytest.fixture(scope="module")
def memberships(nlp):
    article = parse_article("x.txt", ARTICLE)
    ex = extract(article, nlp(article.body))
    names = {m.key: m.name for m in ex.mentions}
    return {
        (names[f.role("member")[0]], names[f.role("organization")[0]]): (
            f.value("roleLabel"),
            f.evidence[0].rule,
        )
        for f in ex.facts
        if f.kind == "Membership"
    }


def test_org_role_name(memberships):
    assert memberships[("Dana Reyes", "Northside Justice Alliance")][0] == "founder"


def test_name_role_of_org(memberships):
    role, rule = memberships[("Tom Baker", "Elmwood Tenants Coalition")]
    assert (role, rule) == ("president", "member.name-role-of-org")


def test_titles_imply_the_police_agency(memberships):
    assert memberships[("Laura Kent", "Elmwood Police Department")][0] == "police chief"
    assert memberships[("Mark Doyle", "Elmwood Police Department")][0] == "officer"


def test_no_membership_without_an_organization(memberships):
    assert not any(person == "Omar Sims" for person, _ in memberships)


AGENCIES = """date 2024-03-02

Police in Brookfield shot and killed Omar Reyes, 22, on Tuesday, officials said.

Tom Fenwick, a spokesman for the Ohio Bureau of Criminal Investigation, said agents were reviewing the case.

Sheriff John Kessler of Clay County said his deputies were not involved.

Officer Dana Pike, who has been with the Brookfield Police Department since 2015, was placed on leave.

The department's spokesman, Greg Lyle, declined to comment.
"""


def _memberships(nlp, text):
    article = parse_article("x.txt", text)
    ex = extract(article, nlp(article.body))
    names = {m.key: m.name for m in ex.mentions}
    return {
        names[f.role("member")[0]]: (names[f.role("organization")[0]], f.value("roleLabel"))
        for f in ex.facts
        if f.kind == "Membership"
    }


def test_titles_find_the_right_agency(nlp):
    found = _memberships(nlp, AGENCIES)
    # the agency named in the officer's own sentence, not the first agency of the article
    assert found["Dana Pike"][0] == "Brookfield Police Department"
    # a sheriff belongs to a sheriff's office; the article names none
    assert "John Kessler" not in found
    # "the department's spokesman, X"
    assert found["Greg Lyle"] == ("Brookfield Police Department", "spokesman")
    assert found["Tom Fenwick"] == ("Ohio Bureau of Criminal Investigation", "spokesman")
