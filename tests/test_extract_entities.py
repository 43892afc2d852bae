"""Entities found by the real pipeline in short hand-written articles."""

from __future__ import annotations

from casegraph.extract import extract
from casegraph.ingest import parse_article

DATELINE = """date 2024-02-10 DENVER (AP) — A Denver police officer shot and killed Marco Ruiz, 33, early Sunday.

The Office of the Independent Monitor, Denver's civilian oversight agency, said it would monitor the investigation.
"""


def test_article_is_not_part_of_a_place_and_monitors_oversee(nlp):
    article = parse_article("x.txt", DATELINE)
    ex = extract(article, nlp(article.body))
    kinds = {m.name: (m.kind, m.subkind) for m in ex.mentions}
    assert kinds["Denver Police Department"] == ("Organization", "PoliceAgency")
    assert not any(name.startswith(("A ", "An ")) for name in kinds)
    assert kinds["Office of the Independent Monitor"] == ("Organization", "OversightAgency")
