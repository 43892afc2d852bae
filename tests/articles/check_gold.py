#!/usr/bin/env python3
"""Sanity checks for the held-out articles and their gold annotations.

usage: python tests/articles/check_gold.py [DIR]   (default: the folder of this script)

Checks, per NNN_slug.gold.json beside NNN_slug.txt:
- the gold file is valid JSON with the expected sections;
- `file` equals the .txt name, `published` equals the article's `date` header;
- the article is plain UTF-8 with \\n line ends and 150-450 words;
- every date is ISO (YYYY-MM-DD) and a real calendar date, every time is HH:MM;
- types are the contract's (ONTOLOGY.md) local names;
- every person, required place and quote `starts` occurs verbatim in the text
  (curly and straight apostrophes are treated alike for names only);
- a `starts` shorter than 5 words must be a whole quotation (closing quote follows);
- names used in incidents, demands, protests, memberships, quotes and actions are
  declared somewhere in the same gold file (warning only: canonical names such as
  "City of X" need not be in the text).
Exit status 1 when an error was found.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

SECTIONS = [
    "people",
    "organizations",
    "groups",
    "places",
    "incidents",
    "demands",
    "protests",
    "memberships",
    "quotes",
    "actions",
]
ORG_TYPES = {
    "PoliceAgency",
    "OversightAgency",
    "Prosecutor",
    "GovernmentBody",
    "PoliceUnion",
    "AdvocacyGroup",
    "Organization",
}
GROUP_TYPES = {"Group", "Family"}
PLACE_TYPES = {"City", "Neighborhood", "Site", "Region", "Place"}
KINDS = {"PoliceShooting", "UseOfForce", "Incident"}
DEMAND_TYPES = {
    "Prosecution",
    "Discipline",
    "Accountability",
    "Transparency",
    "Investigation",
    "PolicyReform",
    "Resignation",
    "EndViolence",
    "OtherDemand",
}
ACTION_TYPES = {
    "EvidenceRelease",
    "DisciplinaryAction",
    "Charging",
    "ChargesDeclined",
    "InvestigationOpened",
    "CourtOutcome",
    "Resignation",
    "PolicyChange",
    "OtherAction",
}
HEADER = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})\b")
CLOSERS = '"\u201d'


def apos(s: str) -> str:
    return s.replace("\u2019", "'").replace("\u2018", "'")


def is_date(s) -> bool:
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        dt.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def check(gold_path: Path) -> tuple[list[str], list[str]]:
    errs: list[str] = []
    warns: list[str] = []
    txt_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
    try:
        g = json.loads(gold_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return [f"invalid JSON: {e}"], warns
    if not txt_path.exists():
        return [f"missing article {txt_path.name}"], warns
    raw = txt_path.read_bytes()
    if b"\r" in raw:
        errs.append("article has CR line ends")
    text = raw.decode("utf-8")
    m = HEADER.match(text)
    if not m:
        errs.append("article lacks a `date YYYY-MM-DD` header")
    elif g.get("published") != m.group(1):
        errs.append(f"published {g.get('published')!r} != header {m.group(1)!r}")
    if g.get("file") != txt_path.name:
        errs.append(f"file {g.get('file')!r} != {txt_path.name!r}")
    if not is_date(g.get("published")):
        errs.append(f"published not ISO: {g.get('published')!r}")
    body = text[m.end() :] if m else text
    n_words = len(body.split())
    if not 150 <= n_words <= 450:
        errs.append(f"article has {n_words} words (want 150-450)")
    for s in SECTIONS:
        if not isinstance(g.get(s), list):
            errs.append(f"section {s!r} missing or not a list")
    if errs:
        return errs, warns

    atext = apos(text)

    def in_text(name: str) -> bool:
        return apos(name) in atext

    declared = set()
    for p in g["people"]:
        name = p["name"] if isinstance(p, dict) else p
        declared.add(apos(name))
        if not in_text(name):
            errs.append(f"person not in text: {name!r}")
    for o in g["organizations"]:
        declared.add(apos(o["name"]))
        declared.update(apos(a) for a in o.get("aliases", []))
        if o.get("type") not in ORG_TYPES:
            errs.append(f"org type {o.get('type')!r} ({o['name']})")
        if not isinstance(o.get("aliases", []), list):
            errs.append(f"org aliases not a list ({o['name']})")
        if not any(in_text(n) or in_text(n.lower()) for n in [o["name"], *o.get("aliases", [])]):
            (warns if o.get("optional") else errs).append(
                f"org neither named nor aliased in text: {o['name']!r}"
            )
    for gr in g["groups"]:
        declared.add(apos(gr["name"]))
        if gr.get("type") not in GROUP_TYPES:
            errs.append(f"group type {gr.get('type')!r} ({gr['name']})")
    for pl in g["places"]:
        declared.add(apos(pl["name"]))
        if pl.get("type") not in PLACE_TYPES:
            errs.append(f"place type {pl.get('type')!r} ({pl['name']})")
        if not in_text(pl["name"]):
            (warns if pl.get("optional") else errs).append(f"place not in text: {pl['name']!r}")

    def known(name, where):
        if name is None:
            return
        if apos(name) not in declared:
            warns.append(f"{where}: {name!r} is not declared in people/organizations/groups/places")

    for i in g["incidents"]:
        if i.get("kind") not in KINDS:
            errs.append(f"incident kind {i.get('kind')!r}")
        if i.get("date") is not None and not is_date(i["date"]):
            errs.append(f"incident date not ISO: {i['date']!r}")
        if i.get("age") is not None and not isinstance(i["age"], int):
            errs.append(f"incident age not an int: {i['age']!r}")
        if i.get("fatal") not in (True, False, None):
            errs.append(f"incident fatal not a boolean: {i['fatal']!r}")
        if not i.get("victim"):
            errs.append("incident without a victim (cannot be matched)")
        for k in ("victim", "place", "agency"):
            known(i.get(k), f"incident.{k}")
        for o in i.get("officers", []):
            known(o, "incident.officers")
    for d in g["demands"]:
        if d.get("type") not in DEMAND_TYPES:
            errs.append(f"demand type {d.get('type')!r}")
        for k in ("claimant", "addressee", "concerns"):
            known(d.get(k), f"demand.{k}")
    for p in g["protests"]:
        if p.get("date") is not None and not is_date(p["date"]):
            errs.append(f"protest date not ISO: {p['date']!r}")
        if p.get("time") is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", p["time"]):
            errs.append(f"protest time not HH:MM: {p['time']!r}")
        if not (p.get("date") or p.get("place") or p.get("from") or p.get("to")):
            errs.append("protest with neither date nor place (cannot be matched)")
        for k in ("place", "from", "to", "concerns"):
            known(p.get(k), f"protest.{k}")
        for o in p.get("organizers", []):
            known(o, "protest.organizers")
    for mb in g["memberships"]:
        known(mb.get("person"), "membership.person")
        known(mb.get("organization"), "membership.organization")
    for q in g["quotes"]:
        st = q.get("starts") or ""
        known(q.get("speaker"), "quote.speaker")
        pos = text.find(st)
        if pos < 0:
            errs.append(f"quote start not verbatim in text: {st!r}")
            continue
        if len(st.split()) < 5:
            after = text[pos + len(st) : pos + len(st) + 2]
            if not re.match(r"[,.!?]?[" + CLOSERS + "]", after):
                errs.append(f"quote start has < 5 words and is not a whole quotation: {st!r}")
    for a in g["actions"]:
        if a.get("type") not in ACTION_TYPES:
            errs.append(f"action type {a.get('type')!r}")
        if a.get("date") is not None and not is_date(a["date"]):
            errs.append(f"action date not ISO: {a['date']!r}")
        known(a.get("actor"), "action.actor")
        known(a.get("concerns"), "action.concerns")
    return errs, warns


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    golds = sorted(folder.glob("*.gold.json"))
    orphans = [p.name for p in folder.glob("*.txt") if not p.with_name(p.name[:-4] + ".gold.json").exists()]
    bad = 0
    for gp in golds:
        errs, warns = check(gp)
        status = "FAIL" if errs else "ok"
        print(f"{status:4} {gp.name}")
        for e in errs:
            print(f"     error: {e}")
        for w in warns:
            print(f"     warning: {w}")
        bad += bool(errs)
    for o in orphans:
        print(f"FAIL {o}: no gold file")
        bad += 1
    print(f"{len(golds)} gold files, {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
