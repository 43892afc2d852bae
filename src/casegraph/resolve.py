"""Mentions -> entities, within and across articles.

Within an article, :mod:`casegraph.extract.entities` already gave every mention a key (a surname
points at the full name, an acronym at the name it abbreviates). Across articles, mentions are
merged by their normalized name and kind; an organization's acronym or alias merges with the
organization it names. Generic groups ("activists") stay per article: two articles' activists
are not known to be the same people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .extract.names import acronym, is_acronym, norm, slug
from .models import GROUP, ORGANIZATION, PERSON, Entity, Extraction, Mention

KIND_PREFIX = {PERSON: "person", ORGANIZATION: "org", GROUP: "group", "Place": "place"}
# How specific a subkind is, to pick one when articles disagree (most mentions win, then this).
_SUBKIND_RANK = {None: 0, "City": 2, "Region": 2, "Neighborhood": 3, "Site": 3}


@dataclass
class Resolution:
    """Entities by id, and the entity id of each (article, mention key)."""

    entities: dict[str, Entity]
    by_mention: dict[tuple[str, str], str] = field(default_factory=dict)
    # (article, fact id) -> shared node id, for facts that several articles report (incidents)
    shared_facts: dict[tuple[str, str], str] = field(default_factory=dict)

    def entity_of(self, source: str, key: str) -> str | None:
        return self.by_mention.get((source, key))


def global_key(m: Mention) -> str:
    """The cross-article identity of a mention."""
    if m.kind == GROUP and m.subkind != "Family":
        return f"{m.key}@{m.source}"
    return m.key


def resolve(extractions: Iterable[Extraction]) -> Resolution:
    """Merge the mentions of all articles into entities with deterministic ids."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    exs = list(extractions)
    for ex in exs:
        for m in ex.mentions:
            groups[global_key(m)].append(m)
    _merge_org_aliases(groups)
    entities: dict[str, Entity] = {}
    by_mention: dict[tuple[str, str], str] = {}
    gkey_to_id: dict[str, str] = {}
    for gkey in sorted(groups):
        ms = groups[gkey]
        ent_id = _entity_id(gkey, ms, set(entities))
        gkey_to_id[gkey] = ent_id
        entities[ent_id] = _entity(ent_id, ms)
        for m in ms:
            by_mention[(m.source, m.key)] = ent_id
    # family_of / within point at other entities by mention key: translate to ids
    for ent_id, ent in list(entities.items()):
        entities[ent_id] = _link(ent, groups, by_mention)
    res = Resolution(entities, by_mention)
    res.shared_facts = _shared_incidents(exs, res)
    return res


def _shared_incidents(exs: list[Extraction], res: Resolution) -> dict[tuple[str, str], str]:
    """One incident node per victim and date across articles: reports of the same shooting merge;
    incidents of the same victim on different dates stay apart, and an undated report joins the
    victim's best-attested dated incident."""
    by_victim: dict[str, list[tuple[str, str, object]]] = defaultdict(list)
    for ex in exs:
        for f in ex.facts:
            victims = [res.entity_of(f.source, k) for k in f.role("victim")]
            if f.kind == "Incident" and victims and victims[0]:
                by_victim[victims[0]].append((f.source, f.id, f.value("date")))
    out: dict[tuple[str, str], str] = {}
    for victim, reports in by_victim.items():
        dates = sorted({str(d) for _s, _i, d in reports if d is not None})
        counts = {d: sum(1 for _s, _i, x in reports if str(x) == d) for d in dates}
        default = max(dates, key=lambda d: (counts[d], d)) if dates else ""
        for source, fid, d in reports:
            when = str(d) if d is not None else default
            out[(source, fid)] = f"incident-{victim.removeprefix('person-')}" + (f"-{when}" if when else "")
    return out


def _merge_org_aliases(groups: dict[str, list[Mention]]) -> None:
    """Fold an organization known only by an acronym or alias into the one full name it stands for."""
    orgs = {k: ms for k, ms in groups.items() if ms[0].kind == ORGANIZATION}
    names = {
        k: {norm(m.name) for m in ms} | {norm(a) for m in ms for a in m.aliases} for k, ms in orgs.items()
    }
    full = [k for k in orgs if not all(is_acronym(m.name) for m in orgs[k])]
    for k in sorted(orgs):
        if k in full:
            continue
        acr = orgs[k][0].name.replace(".", "")
        hits = [f for f in full if acronym(_best_name(orgs[f])) == acr or norm(acr) in names[f]]
        if len(hits) == 1:
            groups[hits[0]].extend(groups.pop(k))
    for k in sorted(full):
        if k not in groups:
            continue
        aliases = {norm(a) for m in groups[k] for a in m.aliases}
        for other in sorted(full):
            if other != k and other in groups and norm(_best_name(groups[other])) in aliases:
                groups[k].extend(groups.pop(other))


def _best_name(ms: list[Mention]) -> str:
    """The fullest spelling: the longest non-acronym name, ties broken alphabetically."""
    names = [m.name for m in ms if not is_acronym(m.name)] or [m.name for m in ms]
    return sorted(names, key=lambda n: (-len(n), n))[0]


def _entity_id(gkey: str, ms: list[Mention], taken: set[str]) -> str:
    base = f"{KIND_PREFIX[ms[0].kind]}-{slug(_best_name(ms))}"
    if ms[0].subkind == "Family":
        base = f"family-{slug(_best_name(ms).removeprefix('family of '))}"
    if "@" in gkey:
        base += "-" + slug(gkey.split("@", 1)[1].removesuffix(".txt"), 40)
    ent_id, n = base, 2
    while ent_id in taken:
        ent_id, n = f"{base}-{n}", n + 1
    return ent_id


def _entity(ent_id: str, ms: list[Mention]) -> Entity:
    label = _best_name(ms)
    counts: dict[str | None, int] = defaultdict(int)
    for m in ms:
        counts[m.subkind] += 1
    subkind = max(counts, key=lambda s: (s is not None, counts[s], _SUBKIND_RANK.get(s, 1), s or ""))
    aliases = sorted(
        {m.name for m in ms if m.name != label} | {a for m in ms for a in m.aliases if a != label}
    )
    titles = sorted({m.title for m in ms if m.title})
    return Entity(
        ent_id,
        ms[0].kind,
        subkind,
        label,
        tuple(aliases),
        tuple(sorted({m.source for m in ms})),
        titles=tuple(titles),
    )


def _link(ent: Entity, groups: dict[str, list[Mention]], by_mention: dict[tuple[str, str], str]) -> Entity:
    from dataclasses import replace

    family_of = within = None
    for ms in groups.values():
        if by_mention.get((ms[0].source, ms[0].key)) != ent.id:
            continue
        for m in ms:
            if m.family_of and family_of is None:
                family_of = by_mention.get((m.source, m.family_of))
            if m.within and within is None:
                within = by_mention.get((m.source, m.within))
    return replace(ent, family_of=family_of, within=within) if family_of or within else ent
