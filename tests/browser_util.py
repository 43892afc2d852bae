"""Hand-built graphs and a headless-Chromium helper shared by the visualization tests and bench.

The graphs follow docs/ONTOLOGY (the data contract): entities with ``cg:mentionedIn``, facts with
``cg:evidence`` nodes carrying sentences, articles with ``cg:sourceFile`` and ``cg:published``.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

CG = Namespace("https://w3id.org/casegraph/ns#")
ID = Namespace("https://w3id.org/casegraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><img src=x onerror=alert(2)>",
    "\"double\" 'single' `back` \\ backslash \\u003c",
    "line one\nline two\r\nline three",
    "Zoë Ñúñez — Łódź, 東京, Ελληνικά",
    "\u202eright-to-left override\u202c and \u200fRLM",
    "emoji \U0001f6a8\U0001f46e\U0001f3fd\u200d\u2642\ufe0f end",
    "<!-- comment --> ]]> &amp; &lt; \u2028 \u2029",
]
LONG_TOKEN = "A" * 10_000
LOCAL = ("file:", "data:", "about:", "blob:")


class Builder:
    """Adds contract-shaped entities, facts and evidence to a graph."""

    def __init__(self) -> None:
        self.g = Graph()
        self.g.bind("cg", CG)
        self._n = 0

    def article(self, slug: str, label: str, date: str = "2021-04-15") -> URIRef:
        a = ID[f"article-{slug}"]
        self.g.add((a, RDF.type, CG.Article))
        self.g.add((a, RDFS.label, Literal(label)))
        self.g.add((a, CG.sourceFile, Literal(f"{slug}.txt")))
        self.g.add((a, CG.published, Literal(date, datatype=XSD.date)))
        return a

    def entity(self, local: str, label: str, *classes: str, article: URIRef | None = None) -> URIRef:
        e = ID[local]
        for cls in classes:
            self.g.add((e, RDF.type, CG[cls]))
        self.g.add((e, RDFS.label, Literal(label)))
        if article is not None:
            self.g.add((e, CG.mentionedIn, article))
        return e

    def fact(
        self, local: str, label: str, classes: tuple[str, ...], article: URIRef, sentence: str, **links: Any
    ) -> URIRef:
        f = ID[local]
        for cls in classes:
            self.g.add((f, RDF.type, CG[cls]))
        self.g.add((f, RDFS.label, Literal(label)))
        self.g.add((f, PROV.wasDerivedFrom, article))
        self.evidence(f, article, sentence)
        for prop, value in links.items():
            self.g.add((f, CG[prop], value if isinstance(value, URIRef | Literal) else Literal(value)))
        return f

    def evidence(self, fact: URIRef, article: URIRef, sentence: str, rule: str = "test-rule") -> URIRef:
        self._n += 1
        ev = ID[f"evidence-{self._n:06d}"]
        self.g.add((fact, CG.evidence, ev))
        self.g.add((ev, RDF.type, CG.Evidence))
        self.g.add((ev, CG.article, article))
        self.g.add((ev, CG.sentence, Literal(sentence)))
        self.g.add((ev, CG.charStart, Literal(self._n * 10)))
        self.g.add((ev, CG.charEnd, Literal(self._n * 10 + len(sentence))))
        self.g.add((ev, CG.confidence, Literal("0.85", datatype=XSD.decimal)))
        self.g.add((ev, CG.rule, Literal(rule)))
        return ev


def sample_graph() -> Graph:
    """A small story: a shooting, a demand, a protest, a quote, a membership, an action."""
    b = Builder()
    a1 = b.article("a1", "Police shoot man in Portage Park", "2022-03-30")
    a2 = b.article("a2", "Family demands charges", "2022-04-02")
    alvarez = b.entity("person-anthony-alvarez", "Anthony Alvarez", "Person", article=a1)
    officer = b.entity("person-evan-solano", "Evan Solano", "Person", article=a1)
    cpd = b.entity(
        "org-chicago-police-department",
        "Chicago Police Department",
        "Organization",
        "PoliceAgency",
        article=a1,
    )
    copa = b.entity(
        "org-copa", "Civilian Office of Police Accountability", "Organization", "OversightAgency", article=a2
    )
    park = b.entity("place-portage-park", "Portage Park", "Place", "Neighborhood", article=a1)
    chicago = b.entity("place-chicago", "Chicago", "Place", "City", article=a1)
    b.g.add((park, CG.within, chicago))
    family = b.entity("group-alvarez-family", "Alvarez family", "Group", "Family", article=a2)
    b.g.add((family, CG.familyOf, alvarez))
    lawyer = b.entity("person-todd-pugh", "Todd Pugh", "Person", article=a2)
    shooting = b.fact(
        "incident-aa01",
        "Shooting of Anthony Alvarez",
        ("Incident", "PoliceShooting"),
        a1,
        "Officer Evan Solano shot Anthony Alvarez in Portage Park.",
        victim=alvarez,
        officer=officer,
        agency=cpd,
        location=park,
        date=Literal("2021-03-31", datatype=XSD.date),
        fatal=Literal(True),
    )
    b.evidence(shooting, a2, "Alvarez, 22, was shot in the back as he ran.")
    b.fact(
        "demand-dd01",
        "Alvarez family demands prosecution",
        ("Demand",),
        a2,
        "The family demanded that the officer be charged.",
        claimant=family,
        addressee=cpd,
        concerns=shooting,
        demandType=CG.Prosecution,
    )
    b.fact(
        "protest-pp01",
        "March for Anthony Alvarez",
        ("Protest",),
        a2,
        "Marchers gathered at the park on Saturday.",
        location=park,
        concerns=shooting,
        organizer=family,
    )
    b.fact(
        "quote-qq01",
        "Todd Pugh: he was running away",
        ("Quote",),
        a2,
        "\u201cHe was running away,\u201d said Todd Pugh.",
        speaker=lawyer,
        quoteText="He was running away",
    )
    b.fact(
        "membership-mm01",
        "Evan Solano, officer of CPD",
        ("Membership",),
        a1,
        "Evan Solano, a Chicago police officer, fired.",
        member=officer,
        organization=cpd,
        roleLabel="officer",
    )
    b.g.add((officer, CG.memberOf, cpd))
    b.fact(
        "action-oa01",
        "COPA released video",
        ("OfficialAction",),
        a2,
        "COPA released body camera video on Wednesday.",
        actor=copa,
        concerns=shooting,
        actionType=CG.EvidenceRelease,
    )
    return b.g


def hostile_graph() -> Graph:
    """Labels, quotes and sentences full of markup, control characters and a 10,000-char token."""
    b = Builder()
    art = b.article("hostile", HOSTILE[1] + " article")
    people = [b.entity(f"person-hostile-{i}", text, "Person", article=art) for i, text in enumerate(HOSTILE)]
    people.append(b.entity("person-long", LONG_TOKEN, "Person", article=art))
    for i, person in enumerate(people):
        text = HOSTILE[i % len(HOSTILE)]
        b.fact(
            f"quote-hostile-{i}",
            f"Quote {i}: {text}",
            ("Quote",),
            art,
            f"Sentence {i}: {text} {LONG_TOKEN if i == 0 else ''}".strip(),
            speaker=person,
            quoteText=text,
        )
    return b.g


@dataclass
class PageReport:
    """What a page did while a test drove it."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless Debian Chromium (never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(br: Any, html_path: Path, report: PageReport, timeout_ms: int = 30_000) -> Any:
    """Open ``html_path`` with every non-local request aborted and recorded, errors collected;
    returns once the network has drawn."""
    page = new_page(br, report)
    page.goto(html_path.resolve().as_uri(), timeout=timeout_ms)
    page.wait_for_function("window.casegraph && window.casegraph.ready === true", timeout=timeout_ms)
    return page


def new_page(br: Any, report: PageReport) -> Any:
    """A blank tab with every non-local request aborted and recorded, errors and dialogs collected."""
    page = br.new_page(viewport={"width": 1400, "height": 900})

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(LOCAL):
            r.continue_()
        else:
            r.abort()  # recorded by the "request" listener below

    page.route("**/*", route)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        report.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "request", lambda rq: None if rq.url.startswith(LOCAL) else report.outside_requests.append(rq.url)
    )
    return page
