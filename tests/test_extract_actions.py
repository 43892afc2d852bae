"""Official actions found by the real pipeline in short hand-written articles."""

from __future__ import annotations

import datetime as dt

from casegraph.extract import extract
from casegraph.ingest import parse_article

RELEASE = """date 2021-04-29

The Civilian Police Review Agency released body camera video of the shooting on Wednesday.

The agency further recommended that the officer be relieved of his police powers.

The family is demanding that the officer be fired and charged.
"""

DECLINED = """date 2024-03-15

Dane County Attorney Paul Ross said Thursday that he will not file charges against the two Elmwood police officers who shot Luis Vega.

Vega's brother said the family wants the officers arrested. "Fire them now," he said.
"""


def _actions(nlp, text):
    article = parse_article("x.txt", text)
    ex = extract(article, nlp(article.body))
    names = {m.key: m.name for m in ex.mentions}
    return {
        (f.concept, names.get(f.role("actor")[0]) if f.role("actor") else None): f
        for f in ex.facts
        if f.kind == "OfficialAction"
    }


def test_release_and_recommended_discipline(nlp):
    acts = _actions(nlp, RELEASE)
    release = acts[("EvidenceRelease", "Civilian Police Review Agency")]
    assert release.value("date") == dt.date(2021, 4, 28)
    assert release.evidence[0].rule == "action.release-evidence"
    assert ("DisciplinaryAction", "Civilian Police Review Agency") in acts


def test_demands_are_not_actions(nlp):
    acts = _actions(nlp, RELEASE)
    assert {concept for concept, _ in acts} == {"EvidenceRelease", "DisciplinaryAction"}


def test_declined_charges_by_the_office_of_the_speaker(nlp):
    acts = _actions(nlp, DECLINED)
    assert list(acts) == [("ChargesDeclined", "Dane County Attorney's Office")]
    assert acts[("ChargesDeclined", "Dane County Attorney's Office")].value("date") == dt.date(2024, 3, 14)


NO_INDICTMENT = """date 2024-06-14

Police shot and killed Terrence Mabry, 29, in Harlow on Saturday, officials said.

A grand jury declined to indict Officer Neil Grady, Cook County State's Attorney Kim Foxx said.

The Harlow County Attorney's Office declined to press charges against a second officer.
"""


def test_declined_to_indict_or_press_charges(nlp):
    acts = _actions(nlp, NO_INDICTMENT)
    declined = [f for (concept, _actor), f in acts.items() if concept == "ChargesDeclined"]
    rules = {e.rule for f in declined for e in f.evidence}
    sentences = {e.sentence.split(",")[0] for f in declined for e in f.evidence}
    assert rules == {"action.decline-verb"}
    assert sentences == {
        "A grand jury declined to indict Officer Neil Grady",
        "The Harlow County Attorney's Office declined to press charges against a second officer.",
    }
    assert not any(concept == "Charging" for concept, _actor in acts)
