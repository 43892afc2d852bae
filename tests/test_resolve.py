"""Cross-article resolution, measured on the annotated pairs of tests/merge_pairs/ (real spaCy)."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from casegraph.ingest import Skipped, read_articles
from casegraph.models import Article, Extraction, Mention
from casegraph.pipeline import extract_all
from casegraph.resolve import resolve

PAIRS = Path(__file__).parent / "merge_pairs"


@pytest.fixture(scope="module")
def resolved(nlp):
    exs = extract_all(read_articles([PAIRS], Skipped()), nlp, Skipped())
    return exs, resolve(exs)


def _node(ref: str, exs, res) -> str | None:
    """The entity (or incident node) a pair side names, or None when extraction missed it."""
    incident = ref.startswith("incident ")
    prefix, name = ref.removeprefix("incident ").split(": ", 1)
    (ex,) = [e for e in exs if e.article.source.startswith(prefix)]
    ent = next((res.entity_of(m.source, m.key) for m in ex.mentions if m.name == name), None)
    if not incident:
        return ent
    facts = [
        f
        for f in ex.facts
        if f.kind == "Incident" and ent in {res.entity_of(f.source, k) for k in f.role("victim")}
    ]
    return res.shared_facts.get((facts[0].source, facts[0].id)) if facts else None


def test_merge_precision_and_recall(resolved):
    exs, res = resolved
    pairs = tomllib.loads((PAIRS / "pairs.toml").read_text())["pair"]
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    wrong = []
    for p in pairs:
        a, b = _node(p["a"], exs, res), _node(p["b"], exs, res)
        merged = a is not None and a == b
        key = ("tp" if merged else "fn") if p["same"] else ("fp" if merged else "tn")
        counts[key] += 1
        if key in ("fp", "fn"):
            wrong.append((key, p["a"], p["b"], a, b))
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    print(f"merge pairs {len(pairs)}: {counts} precision={precision:.3f} recall={recall:.3f}", wrong)
    assert len(pairs) == 36
    # The one false merge: two different men named Michael Reed in two cities (same full name).
    assert counts == {"tp": 21, "fp": 1, "fn": 0, "tn": 14}, wrong


def test_conflicting_ages_are_both_kept(resolved):
    exs, res = resolved
    ages = {
        (f.value("age"), f.source[:3])
        for ex in exs
        for f in ex.facts
        if f.value("age") is not None
        and res.entity_of(f.source, f.role("victim")[0]) == "person-michael-reed"
    }
    assert {(21, "m04"), (22, "m05")} <= ages


def _m(key: str, name: str, source: str, kind: str = "Person") -> Mention:
    return Mention(key, name, kind, None, source, 0, len(name), "test")


def test_surname_only_needs_shared_context():
    """A surname joins a full name from another article only when the articles share context."""
    mentions = [
        _m("person:eric stillman", "Eric Stillman", "a.txt"),
        _m("person:adam toledo", "Adam Toledo", "a.txt"),
        _m("person:stillman", "Stillman", "b.txt"),
        _m("person:adam toledo", "Adam Toledo", "b.txt"),
        _m("person:reed", "Reed", "c.txt"),
        _m("person:tanya reed", "Tanya Reed", "d.txt"),
    ]
    exs = []
    for src in ("a.txt", "b.txt", "c.txt", "d.txt"):
        art = Article(src, "date 2021-01-01\nx", dt.date(2021, 1, 1), 16)
        exs.append(Extraction(art, tuple(m for m in mentions if m.source == src), ()))
    res = resolve(exs)
    assert res.entity_of("b.txt", "person:stillman") == "person-eric-stillman"
    assert res.entity_of("c.txt", "person:reed") == "person-reed"  # no shared context: stays apart
