"""Confidence of a rule: its precision measured on the annotated articles.

``data/rule_precision.json`` is written by ``bench/measure_rules.py`` (it builds the annotated
articles, matches every fact to the gold annotations and counts, per rule id, how many of the
facts it produced were right). A rule not measured yet gets the prior below.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

PRIOR = 0.5  # a rule with no measurement: as likely right as wrong


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    try:
        raw = resources.files("casegraph").joinpath("data/rule_precision.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    data = json.loads(raw)
    return {k: float(v["precision"]) for k, v in data.get("rules", {}).items()}


def confidence(rule: str) -> float:
    """Measured precision of ``rule`` rounded to two places, or the prior."""
    return round(_table().get(rule, PRIOR), 2)
