"""Generated articles: the build never crashes, every output parses (rdflib, pyoxigraph, serdi),
the shapes validate, and evidence offsets are exact."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from casegraph import pipeline
from casegraph.ingest import read_article
from casegraph.ontology import CG
from casegraph.validate import validate

HOSTILE = ["<script>", "</script>", '"', "'", "\\", "\u202e", "\u200f", "\x01", "\x0b", "\U0001f600", "&amp;"]
letters = st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x2FF) | st.sampled_from("ŁŞŽİ")
word = st.text(letters, min_size=1, max_size=12).map(str.capitalize)
name = st.lists(word | st.sampled_from(HOSTILE).map(lambda h: f"O{h}Neil"), min_size=1, max_size=3).map(
    " ".join
)
# control characters below space come from HOSTILE names: a quote made of them would make the file binary
CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\n\t")
quote = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=CONTROLS), max_size=60)
header = st.sampled_from(
    ["date 2021-04-29 ", "date 2021-04-29\n", "  DATE 2021-4-9\t", "\ufeffdate 2020-02-29\n\n"]
)
sentence = st.one_of(
    st.builds(
        lambda n, a: f"Police shot and killed {n}, {a}, in Chicago on Monday, officials said.",
        name,
        st.integers(1, 99),
    ),
    st.builds(
        lambda q, n: f'"{q}," said {n}, a spokesperson for the Chicago Police Department.', quote, name
    ),
    st.builds(lambda n: f"Hundreds marched on Saturday to demand justice for {n}.", name),
    st.builds(lambda n, o: f"{n} is a member of the {o} Police Department.", name, word),
)
article = st.builds(
    lambda h, paras: h + "\n\n".join(" ".join(p) for p in paras) + "\n",
    header,
    st.lists(st.lists(sentence, min_size=1, max_size=3), min_size=1, max_size=3),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=article)
def test_generated_articles_build_into_valid_graphs(tmp_path, nlp, text):
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    (work / "a.txt").write_text(text, encoding="utf-8")
    result = pipeline.build([work / "a.txt"], work / "out", nlp=nlp, use_cache=False)
    assert result.articles == 1 and not result.skipped
    ttl = work / "out" / "casegraph.ttl"
    g = Graph().parse(ttl, format="turtle")
    assert len(list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))) == len(g)
    if shutil.which("serdi"):
        proc = subprocess.run(
            ["serdi", "-i", "turtle", "-o", "ntriples", str(ttl)], capture_output=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
    report = validate(g)
    assert report.conforms, report.text
    art = read_article(work / "a.txt")
    for ev in g.subjects(None, CG.Evidence):
        start, end = int(g.value(ev, CG.charStart)), int(g.value(ev, CG.charEnd))  # type: ignore[arg-type]
        assert art.text[start:end] == str(g.value(ev, CG.sentence))
