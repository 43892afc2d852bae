"""Shared fixtures: the real spaCy pipeline (loaded once per test session) and a build of seeds/."""

from __future__ import annotations

import pytest

from paths import SEEDS


@pytest.fixture(scope="session")
def nlp():
    from casegraph.nlp import load

    return load()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory, nlp):
    """One real build of seeds/ (the project's demo), shared by the end-to-end tests."""
    from casegraph.pipeline import build

    out = tmp_path_factory.mktemp("seeds-build")
    result = build([SEEDS], out, nlp=nlp)
    return result, out
