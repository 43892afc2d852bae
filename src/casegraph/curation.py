"""A user's corrections, kept in a TOML file and applied by every build.

The file (``--curation FILE``, or ``casegraph.toml`` beside the articles) holds arrays of tables;
every entry names entities by id (``person-anthony-alvarez``), IRI, label or alias::

    [[merge]]     ids = ["org-copa", "org-civilian-office-of-police-accountability"]  # into the first
    [[split]]     entity = "person-john-smith"  article = "014_x.txt"  label = "John Smith (officer)"
    [[rename]]    entity = "org-chicago-police"  label = "Chicago Police Department"
    [[retype]]    entity = "org-fop-lodge-7"  class = "PoliceUnion"
    [[reject]]    fact = "demand-0123456789abcdef"          # or: class / label / article, all must hold
    [[same_as]]   entity = "person-adam-toledo"  iri = "http://www.wikidata.org/entity/Q..."

Curation works on the resolution (the grouping of mentions into entities) and on the extractions,
before mapping: a merge or split also re-forms the incidents keyed by victim, and the output is as
deterministic as a build without curation. Entries are applied in the order above; an id merged
away still names the merged entity in later entries. Every change is reported, and an entry that
matches nothing is a warning with its line, never silently dropped.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from .errors import CasegraphError
from .extract.names import norm
from .mapping import entity_iri, fact_iri, to_graph
from .models import SUBKINDS, TOP_KINDS, Entity, Extraction, Fact, Mention
from .ontology import ID
from .resolve import Resolution, new_entity_id, rebuild

FILENAME = "casegraph.toml"
SECTIONS: dict[str, tuple[set[str], set[str]]] = {  # section -> (required keys, optional keys)
    "merge": ({"ids"}, {"label"}),
    "split": ({"entity"}, {"article", "articles", "name", "label"}),
    "rename": ({"entity", "label"}, set()),
    "retype": ({"entity", "class"}, set()),
    "reject": (set(), {"fact", "class", "label", "article"}),
    "same_as": ({"entity", "iri"}, set()),
}
_CLASSES = {*TOP_KINDS, *(s for subs in SUBKINDS.values() for s in subs)}


class CurationError(CasegraphError):
    """A curation file that cannot be read or has an entry of the wrong shape."""


@dataclass(frozen=True)
class Entry:
    """One table of the file: its section, its keys, and where it is (for messages)."""

    section: str
    data: dict[str, Any]
    file: str
    line: int | None
    block: tuple[str, ...] = ()  # the entry's lines, from its [[header]] to the next one

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def line_of(self, value: str | None) -> int | None:
        """The line where ``value`` appears in the entry, else the header's line."""
        if self.line is None or not value:
            return self.line
        return next((self.line + i for i, text in enumerate(self.block) if value in text), self.line)


@dataclass(frozen=True)
class Curation:
    """The entries of one or more curation files, in file order."""

    entries: tuple[Entry, ...] = ()
    files: tuple[str, ...] = ()

    def of(self, section: str) -> list[Entry]:
        return [e for e in self.entries if e.section == section]

    def __add__(self, other: Curation) -> Curation:
        return Curation(self.entries + other.entries, self.files + other.files)


@dataclass
class Curated:
    """The curated extractions and resolution, the owl:sameAs links, and what was changed."""

    extractions: list[Extraction]
    resolution: Resolution
    same_as: list[tuple[str, str]] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------------


def find_curation(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """``casegraph.toml`` in each given folder (or beside each given file), each found once."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        candidate = (p if p.is_dir() else p.parent) / FILENAME
        if candidate.is_file() and candidate.resolve() not in {f.resolve() for f in found}:
            found.append(candidate)
    return found


def load_curation(path: str | os.PathLike[str]) -> Curation:
    """Parse and check a curation file; raises :class:`CurationError` naming the line to fix."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CurationError(f"{p}: cannot read the curation file: {exc.strerror or exc}") from None
    return parse_curation(text, str(p))


def parse_curation(text: str, name: str = FILENAME) -> Curation:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"{name}: not valid TOML: {exc}") from None
    lines = _header_lines(text)
    all_lines = text.splitlines()
    starts = sorted(n for ns in lines.values() for n in ns)
    entries: list[Entry] = []
    for section, tables in doc.items():
        if section not in SECTIONS:
            raise CurationError(f"{name}: unknown section [[{section}]]; use one of {', '.join(SECTIONS)}")
        if not isinstance(tables, list):
            raise CurationError(f"{name}: write [[{section}]] (an array of tables), not [{section}]")
        for i, data in enumerate(tables):
            line = lines[section][i] if i < len(lines[section]) else None
            end = next((n for n in starts if line and n > line), len(all_lines) + 1)
            block = tuple(all_lines[line - 1 : end - 1]) if line else ()
            entries.append(_check(Entry(section, data, name, line, block)))
    order = list(SECTIONS)
    entries.sort(key=lambda e: (order.index(e.section), e.line or 0))
    return Curation(tuple(entries), (name,))


def _header_lines(text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {s: [] for s in SECTIONS}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*\[\[\s*([\w-]+)\s*\]\]", line)
        if m and m.group(1) in out:
            out[m.group(1)].append(n)
    return out


def _check(e: Entry) -> Entry:
    required, optional = SECTIONS[e.section]
    missing = required - e.data.keys()
    unknown = e.data.keys() - required - optional
    if missing or unknown:
        what = (
            f"needs {', '.join(sorted(missing))}" if missing else f"unknown key {', '.join(sorted(unknown))}"
        )
        raise CurationError(
            f"{e.where()}: [[{e.section}]] {what} (keys: {', '.join(sorted(required | optional))})"
        )
    if e.section == "merge" and (not isinstance(e.data["ids"], list) or len(e.data["ids"]) < 2):
        raise CurationError(f"{e.where()}: [[merge]] ids must list at least two entities")
    if e.section == "retype" and e.data["class"] not in _CLASSES:
        raise CurationError(
            f"{e.where()}: [[retype]] class {e.data['class']!r} is not one of {', '.join(sorted(_CLASSES))}"
        )
    if e.section == "reject" and not e.data:
        raise CurationError(f"{e.where()}: [[reject]] needs fact, or class / label / article to match")
    if e.section == "same_as" and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", str(e.data["iri"])):
        raise CurationError(f"{e.where()}: [[same_as]] iri {e.data['iri']!r} is not an absolute IRI")
    return e


# --- applying --------------------------------------------------------------------------------------


def curate(curation: Curation, extractions: Sequence[Extraction], resolution: Resolution) -> Curated:
    """Apply every entry; entity entries regroup mentions and rebuild the resolution."""
    state = _State(curation, list(extractions), dict(resolution.members), resolution)
    for e in curation.of("merge"):
        state.merge(e)
    for e in curation.of("split"):
        state.split(e)
    res = rebuild(state.members, state.exs) if state.regrouped else resolution
    res = state.relabel(res)
    out = Curated(state.exs, res, report=state.report)
    for e in curation.of("same_as"):
        ent = state.find(e, str(e.data["entity"]), res)
        if ent:
            out.same_as.append((ent, str(e.data["iri"])))
            state.report.append(f"curation: linked {ent} owl:sameAs <{e.data['iri']}>")
    _reject(state, out)
    return out


def curated_graph(
    curation: Curation | None, extractions: Sequence[Extraction], resolution: Resolution
) -> tuple[Graph, list[str]]:
    """The knowledge graph with the curation applied, and the report of what it changed."""
    if curation is None or not curation.entries:
        return to_graph(extractions, resolution), []
    cur = curate(curation, extractions, resolution)
    g = to_graph(cur.extractions, cur.resolution)
    for ent, iri in cur.same_as:
        g.add((entity_iri(ent), OWL.sameAs, URIRef(iri)))
    return g, cur.report


@dataclass
class _State:
    curation: Curation
    exs: list[Extraction]
    members: dict[str, tuple[Mention, ...]]
    original: Resolution
    report: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # merged-away id -> id it went into
    labels: dict[str, str] = field(default_factory=dict)  # label given by a merge or split
    regrouped: bool = False

    def find(self, e: Entry, ref: str, res: Resolution | None = None) -> str | None:
        """The entity id ``ref`` names (id, IRI, label, alias), or None with a warning."""
        ids = set(self.members) if res is None else set(res.entities)
        ref_id = ref.removeprefix(str(ID))
        while ref_id in self.moved:
            ref_id = self.moved[ref_id]
        if ref_id in ids:
            return ref_id
        hits = self._by_name(ref, ids, res)
        if len(hits) == 1:
            return hits[0]
        what = f"{len(hits)} entities match" if hits else "no entity matches"
        self.warn(e, f"{what} {ref!r}" + (f" ({', '.join(hits)}); use an id" if hits else ""), ref)
        return None

    def _by_name(self, ref: str, ids: set[str], res: Resolution | None) -> list[str]:
        key = norm(ref)
        ents = (res or self.original).entities
        label_hits = sorted(i for i in ids if i in ents and norm(ents[i].label) == key)
        if label_hits:
            return label_hits
        return sorted(
            i
            for i in ids
            if any(norm(m.name) == key or key in map(norm, m.aliases) for m in self.members.get(i, ()))
        )

    def warn(self, e: Entry, message: str, value: str | None = None) -> None:
        line = e.line_of(value)
        self.report.append(f"curation: warning: {message} ({e.file}" + (f", line {line})" if line else ")"))

    def merge(self, e: Entry) -> None:
        ids = [self.find(e, str(r)) for r in e.data["ids"]]
        found = list(dict.fromkeys(i for i in ids if i))
        if len(found) < 2:
            if all(ids):
                self.warn(e, f"[[merge]] {e.data['ids']} name one entity: nothing to merge")
            return
        target, rest = found[0], found[1:]
        self.members[target] = tuple(m for i in found for m in self.members[i])
        for other in rest:
            del self.members[other]
            self.moved[other] = target
        self.regrouped = True
        self.report.append(f"curation: merged {', '.join(rest)} into {target}")
        if "label" in e.data:
            self.labels[target] = str(e.data["label"])

    def split(self, e: Entry) -> None:
        ent = self.find(e, str(e.data["entity"]))
        if ent is None:
            return
        articles = set(e.data.get("articles", [])) | ({e.data["article"]} if "article" in e.data else set())
        name = norm(str(e.data["name"])) if "name" in e.data else None
        keys = {
            (m.source, m.key)
            for m in self.members[ent]
            if (not articles or m.source in articles) and (name is None or norm(m.name) == name)
        }
        moving = tuple(m for m in self.members[ent] if (m.source, m.key) in keys)
        staying = tuple(m for m in self.members[ent] if (m.source, m.key) not in keys)
        if not moving or not staying:
            what = "no mention" if not moving else "every mention"
            self.warn(
                e,
                f"[[split]] of {ent}: {what} of it matches {sorted(articles) or ''} {e.data.get('name', '')}".rstrip(),
                str(e.data.get("article", e.data["entity"])),
            )
            return
        new = new_entity_id(moving, set(self.members) | set(self.moved), e.data.get("label"))
        self.members[ent], self.members[new] = staying, moving
        self.regrouped = True
        self.report.append(
            f"curation: split {ent}: {len(moving)} mentions ({', '.join(sorted({m.source for m in moving}))}) -> {new}"
        )
        if "label" in e.data:
            self.labels[new] = str(e.data["label"])

    def relabel(self, res: Resolution) -> Resolution:
        """Apply split/merge labels, then [[rename]] and [[retype]] to the entity records."""
        ents = dict(res.entities)
        for ent_id, label in self.labels.items():
            ents[ent_id] = _renamed(ents[ent_id], label)
        for e in self.curation.of("rename"):
            ent = self.find(e, str(e.data["entity"]), res)
            if ent:
                old = ents[ent].label
                ents[ent] = _renamed(ents[ent], str(e.data["label"]))
                self.report.append(f"curation: renamed {ent} {old!r} -> {e.data['label']!r}")
        for e in self.curation.of("retype"):
            ent = self.find(e, str(e.data["entity"]), res)
            if ent:
                cls = str(e.data["class"])
                kind = cls if cls in TOP_KINDS else next(k for k, subs in SUBKINDS.items() if cls in subs)
                ents[ent] = replace(ents[ent], kind=kind, subkind=None if cls in TOP_KINDS else cls)
                self.report.append(f"curation: retyped {ent} as {cls}")
        return replace(res, entities=ents)


def _renamed(ent: Entity, label: str) -> Entity:
    aliases = sorted({*ent.aliases, ent.label} - {label})
    return replace(ent, label=label, aliases=tuple(aliases))


def _reject(state: _State, out: Curated) -> None:
    res = out.resolution
    for e in state.curation.of("reject"):
        hits = {
            (f.source, f.id): str(fact_iri(f, res))
            for ex in out.extractions
            for f in ex.facts
            if _matches(e.data, f, res)
        }
        if not hits:
            state.warn(e, f"[[reject]] no fact matches {_describe(e.data)}", str(next(iter(e.data.values()))))
            continue
        out.extractions = [
            replace(ex, facts=tuple(f for f in ex.facts if (f.source, f.id) not in hits))
            for ex in out.extractions
        ]
        iris = sorted(set(hits.values()))
        state.report.append(
            f"curation: rejected {len(hits)} fact report(s) ({', '.join(i.removeprefix(str(ID)) for i in iris[:5])}"
            + (", ..." if len(iris) > 5 else "")
            + ")"
        )
    if state.curation.of("reject"):
        out.resolution = rebuild(res.members, out.extractions)
        out.resolution = replace(out.resolution, entities=res.entities)


def _matches(data: dict[str, Any], f: Fact, res: Resolution) -> bool:
    if "fact" in data and str(data["fact"]).removeprefix(str(ID)) != str(fact_iri(f, res)).removeprefix(
        str(ID)
    ):
        return False
    if "class" in data and data["class"] not in (f.kind, f.subkind, f.concept):
        return False
    if "label" in data and norm(str(data["label"])) not in norm(f.label):
        return False
    return "article" not in data or data["article"] == f.source


def _describe(data: dict[str, Any]) -> str:
    return " ".join(f"{k}={v!r}" for k, v in sorted(data.items()))
