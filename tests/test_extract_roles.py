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
