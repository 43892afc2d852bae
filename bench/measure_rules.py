"""Measure each extraction rule's precision on the annotated articles and store it as the rule's
confidence (src/casegraph/data/rule_precision.json).

A fact is right when it matches a gold item of its article by the scorer's key (the same lenient
matching as ../shared/tools/score.py); a rule's precision is the share of right facts among the
facts whose evidence it produced. Run after changing extraction rules:

    .venv/bin/python bench/measure_rules.py [FOLDER_WITH_GOLD ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_SETS = [SHARED / "corpus" / "dev", ROOT / "tests" / "articles"]
OUT = ROOT / "src" / "casegraph" / "data" / "rule_precision.json"
CG = "https://w3id.org/casegraph/ns#"

FACTS = f"""PREFIX cg: <{CG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?fact ?cls ?file ?rule ?victim ?type ?addr ?person ?org ?actor ?text ?date ?place WHERE {{
  ?fact cg:evidence ?ev . ?ev cg:rule ?rule ; cg:article/cg:sourceFile ?file . ?fact a ?cls .
  VALUES ?cls {{ cg:Incident cg:Demand cg:Protest cg:Quote cg:Membership cg:OfficialAction }}
  OPTIONAL {{ ?fact cg:victim/rdfs:label ?victim }} OPTIONAL {{ ?fact cg:demandType|cg:actionType ?type }}
  OPTIONAL {{ ?fact cg:addressee/rdfs:label ?addr }} OPTIONAL {{ ?fact cg:member/rdfs:label ?person }}
  OPTIONAL {{ ?fact cg:organization/rdfs:label ?org }} OPTIONAL {{ ?fact cg:actor/rdfs:label ?actor }}
  OPTIONAL {{ ?fact cg:quoteText ?text }} OPTIONAL {{ ?fact cg:date ?date }}
  OPTIONAL {{ ?fact (cg:location|cg:startLocation|cg:endLocation)/rdfs:label ?place }}
}}"""


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _right(sc, cls: str, f: dict[str, set[str]], gold: dict) -> bool:
    local = {sc.local(t) for t in f["type"]}
    if cls == "Incident":
        return any(sc.any_name(g["victim"], f["victim"]) for g in gold.get("incidents", []))
    if cls == "Quote":
        return any(
            sc.norm(g["starts"])
            and " ".join(sc.norm(g["starts"]).split()[:5]) in sc.norm(" ".join(f["text"]))
            for g in gold.get("quotes", [])
        )
    if cls == "Membership":
        return any(
            sc.any_name(g["person"], f["person"]) and sc.any_name(g["organization"], f["org"])
            for g in gold.get("memberships", [])
        )
    if cls == "Demand":
        return any(
            g["type"] in local and (not g.get("addressee") or sc.any_name(g["addressee"], f["addr"]))
            for g in gold.get("demands", [])
        )
    if cls == "OfficialAction":
        return any(
            g["type"] in local and (not g.get("actor") or sc.any_name(g["actor"], f["actor"]))
            for g in gold.get("actions", [])
        )
    if cls == "Protest":
        return any(
            g.get("date") in f["date"]
            or any(sc.any_name(g.get(k), f["place"]) for k in ("place", "from", "to") if g.get(k))
            for g in gold.get("protests", [])
        )
    return False


def measure(folders: list[Path]) -> dict[str, dict[str, float]]:
    from casegraph.pipeline import build

    sc = _scorer()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for folder in folders:
        golds = {
            json.loads(p.read_text())["file"]: json.loads(p.read_text()) for p in folder.glob("*.gold.json")
        }
        with tempfile.TemporaryDirectory() as tmp:
            build([folder], tmp)
            store = ox.Store()
            store.bulk_load(path=str(Path(tmp) / "casegraph.ttl"), format=ox.RdfFormat.TURTLE)
            facts: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
            for sol in store.query(FACTS):
                key = (sol["fact"].value, sol["file"].value)
                for var in (
                    "cls",
                    "rule",
                    "victim",
                    "type",
                    "addr",
                    "person",
                    "org",
                    "actor",
                    "text",
                    "date",
                    "place",
                ):
                    if sol[var] is not None:
                        facts[key][var].add(sol[var].value)
        for (_fact, file), f in facts.items():
            if file not in golds:
                continue
            cls = sc.local(next(iter(f["cls"])))
            ok = _right(sc, cls, f, golds[file])
            for rule in f["rule"]:
                counts[rule][0] += int(ok)
                counts[rule][1] += 1
    return {
        r: {"precision": round(ok / n, 3), "right": ok, "facts": n} for r, (ok, n) in sorted(counts.items())
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[p for p in DEFAULT_SETS if p.is_dir()])
    args = ap.parse_args(argv)
    rules = measure(args.folders)
    data = {"measured_on": [str(p.relative_to(ROOT.parent)) for p in args.folders], "rules": rules}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for rule, v in rules.items():
        print(f"{rule:<50} {v['precision']:.2f}  ({v['right']}/{v['facts']})")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
