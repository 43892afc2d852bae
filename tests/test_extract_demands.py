"""Demands found by the real pipeline in short hand-written articles: who asks (claimant), of
whom (addressee), and what (concept)."""

from __future__ import annotations

from casegraph.extract import extract
from casegraph.ingest import parse_article

ANAPHORA = """date 2023-05-14

Police shot and killed Marlon Keyes, 31, in Easton on Friday, officials said.

The Easton Justice Alliance organized a march on Saturday. Organizers are also demanding that the officer be arrested.

Keyes's family disputes that account and has asked the department to release the footage.

The family's lawyer said the family wants the officer fired.

Councilwoman Rita Gomez called for an independent review of the shooting.
"""

SELF = """date 2023-05-14

Police shot and killed Marlon Keyes, 31, in Easton on Friday, officials said.

Members of the Easton Justice Alliance had packed council meetings for months, urging members to ban no-knock warrants.
"""


def _demands(nlp, text):
    article = parse_article("x.txt", text)
    ex = extract(article, nlp(article.body))
    names = {m.key: max((n.name for n in ex.mentions if n.key == m.key), key=len) for m in ex.mentions}

    def name(f, role):
        return names.get(f.role(role)[0]) if f.role(role) else None

    return {(f.concept, name(f, "claimant"), name(f, "addressee")) for f in ex.facts if f.kind == "Demand"}


def test_claimants_named_only_by_reference(nlp):
    found = _demands(nlp, ANAPHORA)
    # "Organizers" -> the advocacy group named before; "Keyes's family disputes ... and has asked"
    # (no subject in the parse) -> the family the sentence opens with; "the family", no relative
    # named -> the victim's family
    assert ("Prosecution", "Easton Justice Alliance", None) in found
    assert ("Transparency", "family of Marlon Keyes", None) in {(c, w, None) for c, w, _a in found}
    assert ("Discipline", "family of Marlon Keyes", None) in found
    assert ("Investigation", "Rita Gomez", None) in found


def test_nobody_demands_of_themselves(nlp):
    found = _demands(nlp, SELF)
    assert found and all(claimant != addressee for _c, claimant, addressee in found)
    assert any(c == "PolicyReform" and w == "Easton Justice Alliance" for c, w, _a in found)


TWO_CLAIMANTS = """date 2024-04-20

Police in Carver shot and killed Darius Webb, 19, on Monday, officials said.

Protesters demanded that the officers be charged. The family is calling for the officer's arrest.

Council member Tara Lee introduced a resolution calling for a ban on chokeholds.
"""


def test_same_demand_by_two_claimants_and_a_resolution_calling_for(nlp):
    found = _demands(nlp, TWO_CLAIMANTS)
    assert {("Prosecution", "protesters", None), ("Prosecution", "family of Darius Webb", None)} <= found
    assert ("PolicyReform", "Tara Lee", None) in found  # the one who introduced the resolution asks


GROUP_DEMANDS = """date 2024-04-20

Police in Carver shot and killed Darius Webb, 19, on Monday, officials said.

Carver Rising, a grassroots group, issued a list of demands that includes the firing of both officers.

The group's demands also include the release of all body camera footage.

Hundreds of students rallied at the university, demanding the officers be arrested.
"""


def test_a_described_group_and_its_demand_nouns(nlp):
    found = _demands(nlp, GROUP_DEMANDS)
    # "X, a grassroots group," is an organization; "X issued a list of demands that includes ..."
    # and "the group's demands" are its demands
    assert ("Discipline", "Carver Rising", None) in found
    assert ("Transparency", "Carver Rising", None) in found
    assert ("Prosecution", "students", None) in found  # "Hundreds of students rallied, demanding"
