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
from dataclasses import dataclass, field, replace

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
    # entity id -> the mentions it was made of (curation regroups these and rebuilds)
    members: dict[str, tuple[Mention, ...]] = field(default_factory=dict)

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
    _merge_person_surnames(groups)
    _merge_org_aliases(groups)
    members: dict[str, tuple[Mention, ...]] = {}
    for gkey in sorted(groups):
        ms = groups[gkey]
        members[_entity_id(gkey, ms, set(members))] = tuple(ms)
    return rebuild(members, exs)


def rebuild(members: dict[str, tuple[Mention, ...]], extractions: Iterable[Extraction]) -> Resolution:
    """The resolution of an explicit grouping of mentions into entities (ids given)."""
    entities: dict[str, Entity] = {}
    by_mention: dict[tuple[str, str], str] = {}
    for ent_id in sorted(members):
        entities[ent_id] = _entity(ent_id, list(members[ent_id]))
        for m in members[ent_id]:
            by_mention[(m.source, m.key)] = ent_id
    # family_of / within point at other entities by mention key: translate to ids
    for ent_id, ent in list(entities.items()):
        entities[ent_id] = _link(ent, members[ent_id], by_mention)
    res = Resolution(entities, by_mention, members=dict(sorted(members.items())))
    res.shared_facts = shared_incidents(list(extractions), res)
    return res


def new_entity_id(ms: Iterable[Mention], taken: set[str], label: str | None = None) -> str:
    """A fresh id for a new entity made of ``ms`` (named ``label`` when given)."""
    ms = list(ms)
    if label:
        return _unique(f"{KIND_PREFIX[ms[0].kind]}-{slug(label)}", taken)
    return _entity_id("", ms, taken)


def shared_incidents(exs: list[Extraction], res: Resolution) -> dict[tuple[str, str], str]:
    """One incident node per victim and date across articles: reports of the same shooting merge;
    incidents of the same victim on different dates stay apart, and an undated report joins the
    victim's best-attested dated incident that happened before the article was published (the
    latest such, on a tie)."""
    by_victim: dict[str, list[tuple[str, str, object, str]]] = defaultdict(list)
    for ex in exs:
        for f in ex.facts:
            victims = [res.entity_of(f.source, k) for k in f.role("victim")]
            if f.kind == "Incident" and victims and victims[0]:
                by_victim[victims[0]].append(
                    (f.source, f.id, f.value("date"), ex.article.published.isoformat())
                )
    out: dict[tuple[str, str], str] = {}
    for victim, reports in by_victim.items():
        dates = sorted({str(d) for _s, _i, d, _p in reports if d is not None})
        counts = {d: sum(1 for _s, _i, x, _p in reports if str(x) == d) for d in dates}
        for source, fid, d, published in reports:
            when = str(d) if d is not None else _default_date(dates, counts, published)
            out[(source, fid)] = f"incident-{victim.removeprefix('person-')}" + (f"-{when}" if when else "")
    return out


def _default_date(dates: list[str], counts: dict[str, int], published: str) -> str:
    before = [d for d in dates if d <= published] or dates
    return max(before, key=lambda d: (counts[d], d)) if before else ""


def _merge_person_surnames(groups: dict[str, list[Mention]]) -> None:
    """Fold a person known in some article only by one name ("Stillman") into a person, from any
    article, whose full name ends with it, when the articles agree on the context: the candidate
    shares more co-mentioned entities with the short name's articles than any other candidate
    (at least one, and twice the runner-up's). No context, or a tie, leaves it apart."""
    full: dict[str, list[str]] = defaultdict(list)
    for k, ms in groups.items():
        if ms[0].kind == PERSON and len(norm(_best_name(ms)).split()) >= 2:
            full[norm(_best_name(ms)).split()[-1]].append(k)
    by_article: dict[str, set[str]] = defaultdict(set)
    for k, ms in groups.items():
        for m in ms:
            by_article[m.source].add(k)
    for k in sorted(groups):
        ms = groups[k]
        if ms[0].kind != PERSON or len(norm(_best_name(ms)).split()) != 1:
            continue
        cands = full.get(norm(_best_name(ms)), [])
        context = set().union(*(by_article[m.source] for m in ms)) - {k, *cands}
        scores = sorted(((len(context & _neighbours(c, groups, by_article)), c) for c in cands), reverse=True)
        runner_up = scores[1][0] if len(scores) > 1 else 0
        if scores and scores[0][0] >= 1 and scores[0][0] >= 2 * runner_up and scores[0][0] > runner_up:
            groups[scores[0][1]].extend(groups.pop(k))


def _neighbours(k: str, groups: dict[str, list[Mention]], by_article: dict[str, set[str]]) -> set[str]:
    """The entity groups mentioned in any article that mentions group ``k``."""
    return set().union(*(by_article[m.source] for m in groups[k]))


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
    return _unique(base, taken)


def _unique(base: str, taken: set[str]) -> str:
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


def _link(ent: Entity, ms: tuple[Mention, ...], by_mention: dict[tuple[str, str], str]) -> Entity:
    family_of = within = None
    for m in ms:
        if m.family_of and family_of is None:
            family_of = by_mention.get((m.source, m.family_of))
        if m.within and within is None:
            within = by_mention.get((m.source, m.within))
    return replace(ent, family_of=family_of, within=within) if family_of or within else ent
