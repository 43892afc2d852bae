"""A per-article cache of extractions, so that a rebuild runs spaCy only on new or changed articles.

One JSON file per article, under ``CACHE/<fingerprint>/<key>.json``:

* ``key`` is ``sha256(file name, article text)``: an edited or renamed article is a new entry;
* ``fingerprint`` hashes what extraction depends on besides the text: :data:`EXTRACTOR_VERSION`,
  the source of every module of :mod:`casegraph.extract` and of :mod:`casegraph.nlp`, the measured
  rule precisions (``data/rule_precision.json``), the codec version and the spaCy pipeline's name
  and version. Editing any rule therefore invalidates every entry, with no version bump needed.

An article the extractor raised on is cached as a :class:`Failed` verdict: it is skipped again,
with the same message, without loading spaCy, until the extractor (so the fingerprint) changes.

Resolution and mapping always run over all extractions, cached or fresh, so a build from the
cache is byte-identical to a clean build by construction. JSON rather than pickle: a cache file
can be read, and loading one never runs code. The curation file is not part of the key: it is
applied after extraction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Article, Evidence, Extraction, Fact, Mention

if TYPE_CHECKING:
    from spacy.language import Language

CODEC_VERSION = 1
CACHE_DIRNAME = ".casegraph-cache"


# --- fingerprint -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the extractor's source files and rule data (computed once per process)."""
    from .extract import EXTRACTOR_VERSION

    h = hashlib.sha256(f"casegraph-cache {CODEC_VERSION} {EXTRACTOR_VERSION}\n".encode())
    pkg = resources.files("casegraph")
    files = sorted(
        (f"extract/{p.name}", p) for p in pkg.joinpath("extract").iterdir() if p.name.endswith(".py")
    )
    files += [
        ("nlp.py", pkg.joinpath("nlp.py")),
        ("data/rule_precision.json", pkg.joinpath("data/rule_precision.json")),
    ]
    for name, path in files:
        try:
            data = path.read_bytes()
        except (FileNotFoundError, OSError):
            data = b""
        h.update(f"{name}\0{len(data)}\0".encode() + data)
    return h.hexdigest()


def model_key(model: str | None = None, nlp: Language | None = None) -> str:
    """Name and version of the spaCy pipeline, without loading it when ``nlp`` is not given."""
    from .nlp import DEFAULT_MODEL, FALLBACK_MODELS, model_id

    if nlp is not None:
        return model_id(nlp)
    for name in (model,) if model else (DEFAULT_MODEL, *FALLBACK_MODELS):
        try:
            return f"{name}-{metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{model or DEFAULT_MODEL}-?"


def fingerprint(model_key: str) -> str:
    """The cache folder name for this extractor and this spaCy pipeline."""
    return hashlib.sha256(f"{code_fingerprint()}\0{model_key}".encode()).hexdigest()[:24]


def article_key(article: Article) -> str:
    return hashlib.sha256(f"{article.source}\0{article.text}".encode()).hexdigest()


# --- codec ---------------------------------------------------------------------------------------


def _enc_value(v: object) -> object:
    # datetime before date: a datetime is a date too
    if isinstance(v, dt.datetime):
        return {"datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if v is None or isinstance(v, bool | int | float | str):
        return v
    raise TypeError(f"cannot cache a fact value of type {type(v).__name__}")


def _dec_value(v: Any) -> object:
    if isinstance(v, dict):
        if "datetime" in v:
            return dt.datetime.fromisoformat(v["datetime"])
        return dt.date.fromisoformat(v["date"])
    return v


def _enc_evidence(e: Evidence) -> list[object]:
    return [e.source, e.start, e.end, e.sentence, e.rule, e.confidence]


def _dec_evidence(x: list[Any]) -> Evidence:
    return Evidence(x[0], x[1], x[2], x[3], x[4], x[5])


_MENTION_FIELDS = ("key", "name", "kind", "subkind", "source", "start", "end", "rule")
_MENTION_OPTIONAL = ("age", "title", "family_of", "within")


def _enc_mention(m: Mention) -> dict[str, object]:
    out: dict[str, object] = {f: getattr(m, f) for f in _MENTION_FIELDS}
    if m.aliases:
        out["aliases"] = list(m.aliases)
    out.update({f: getattr(m, f) for f in _MENTION_OPTIONAL if getattr(m, f) is not None})
    return out


def _dec_mention(x: dict[str, Any]) -> Mention:
    fields: dict[str, Any] = {f: x[f] for f in _MENTION_FIELDS}
    fields.update({f: x.get(f) for f in _MENTION_OPTIONAL})
    return Mention(**fields, aliases=tuple(x.get("aliases", ())))


def _enc_fact(f: Fact) -> dict[str, object]:
    return {
        "id": f.id,
        "kind": f.kind,
        "subkind": f.subkind,
        "label": f.label,
        "source": f.source,
        "evidence": [_enc_evidence(e) for e in f.evidence],
        "roles": [[p, list(keys)] for p, keys in f.roles],
        "values": [[p, _enc_value(v)] for p, v in f.values],
        "concept": f.concept,
    }


def _dec_fact(x: dict[str, Any]) -> Fact:
    return Fact(
        x["id"],
        x["kind"],
        x["subkind"],
        x["label"],
        x["source"],
        tuple(_dec_evidence(e) for e in x["evidence"]),
        tuple((p, tuple(keys)) for p, keys in x["roles"]),
        tuple((p, _dec_value(v)) for p, v in x["values"]),
        x["concept"],
    )


def encode(ex: Extraction) -> str:
    """An extraction as JSON (the article's text is not stored: the build reads it anyway)."""
    doc = {
        "codec": CODEC_VERSION,
        "source": ex.article.source,
        "mentions": [_enc_mention(m) for m in ex.mentions],
        "facts": [_enc_fact(f) for f in ex.facts],
        "sentences": [list(s) for s in ex.sentences],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def encode_failure(article: Article, message: str) -> str:
    """The verdict that extracting ``article`` failed, so that this extractor does not parse it
    again on every build (a new extractor has a new fingerprint, and tries again)."""
    doc = {"codec": CODEC_VERSION, "source": article.source, "failed": message}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def decode(text: str, article: Article) -> Extraction | Failed:
    """The extraction of ``article`` from its JSON (or its failure verdict); raises
    ValueError/KeyError on a bad file."""
    doc = json.loads(text)
    if doc.get("codec") != CODEC_VERSION or doc.get("source") != article.source:
        raise ValueError("cache entry of another codec or article")
    if "failed" in doc:
        return Failed(str(doc["failed"]))
    return Extraction(
        article,
        tuple(_dec_mention(m) for m in doc["mentions"]),
        tuple(_dec_fact(f) for f in doc["facts"]),
        tuple((s[0], s[1]) for s in doc["sentences"]),
    )


@dataclass(frozen=True)
class Failed:
    """A cached verdict: this extractor raised on this article (the message says how)."""

    message: str


# --- the cache folder ----------------------------------------------------------------------------


@dataclass
class ExtractionCache:
    """Extractions on disk under ``root/<fingerprint>/``; counts hits and misses."""

    root: Path
    fingerprint: str
    hits: int = 0
    misses: int = 0
    used: set[str] = field(default_factory=set)

    @property
    def folder(self) -> Path:
        return self.root / self.fingerprint

    def get(self, article: Article) -> Extraction | Failed | None:
        """The cached extraction of ``article``, its cached failure, or None (not cached)."""
        key = article_key(article)
        self.used.add(key)
        try:
            ex = decode((self.folder / f"{key}.json").read_text(encoding="utf-8"), article)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self.misses += 1  # missing or unreadable: extract again (and overwrite)
            return None
        if isinstance(ex, Extraction):
            self.hits += 1  # a cached failure is neither: the article is skipped, not parsed
        return ex

    def put(self, ex: Extraction) -> None:
        key = article_key(ex.article)
        self.used.add(key)
        # an uncacheable extraction (or a full disk) is simply extracted again next time
        with contextlib.suppress(TypeError, ValueError, OSError):
            _write(self.folder / f"{key}.json", encode(ex))

    def put_failure(self, article: Article, message: str) -> None:
        key = article_key(article)
        self.used.add(key)
        with contextlib.suppress(OSError):
            _write(self.folder / f"{key}.json", encode_failure(article, message))

    def prune(self, *, unused: bool = True) -> int:
        """Remove other fingerprints' folders (older extractors) and, when ``unused``, the entries
        of articles this build did not read. Returns the number of entries removed."""
        removed = 0
        for other in _subdirs(self.root):
            if other.name != self.fingerprint:
                removed += sum(1 for _ in other.glob("*.json"))
                shutil.rmtree(other, ignore_errors=True)
        if unused and self.folder.is_dir():
            for entry in self.folder.glob("*.json"):
                if entry.stem not in self.used:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed


def _write(path: Path, text: str) -> None:
    """Temp file + rename, so a reader never sees half an entry; no fsync: a lost entry costs
    one re-extraction, and 1,000 fsyncs would cost more than that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _subdirs(root: Path) -> Iterable[Path]:
    try:
        return [p for p in root.iterdir() if p.is_dir() and len(p.name) == 24]
    except OSError:
        return []


def open_cache(
    cache_dir: str | os.PathLike[str], model: str | None = None, nlp: Language | None = None
) -> ExtractionCache:
    """The cache in ``cache_dir`` for this extractor and spaCy pipeline."""
    return ExtractionCache(Path(cache_dir), fingerprint(model_key(model, nlp)))
