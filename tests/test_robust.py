"""Real folders of articles: bad files are named and skipped, decodable text is kept, hostile text
gives valid Turtle, IRIs and HTML. Builds run through the CLI in-process (the session ``nlp``
fixture has loaded the pipeline, which ``casegraph.nlp.load`` caches) or ``pipeline.build``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from casegraph import ingest, pipeline
from casegraph.cli import main
from casegraph.extract import extract_windows
from casegraph.ingest import Skipped, read_article, read_articles
from casegraph.ontology import CG

GOOD = (
    "date 2021-04-29 Police shot and killed Adam Toledo, 13, in Chicago on Monday, officials said.\n\n"
    '"We want justice," said Elizabeth Toledo, his mother.\n'
)
OTHER = "date 2021-05-02 Hundreds marched in Chicago on Saturday to demand police accountability.\n"
IRI_CHARS = re.compile(r"[A-Za-z0-9._~:/#-]+")


@pytest.fixture(autouse=True)
def _pipeline_loaded(nlp):
    """The CLI loads the pipeline through the cached ``nlp.load``: load it once for the session."""
    return nlp


def run_build(capsys, folder: Path, out: Path, *extra: str) -> tuple[int, str, list[str]]:
    code = main(["build", str(folder), "--out", str(out), "--no-cache", *extra])
    cap = capsys.readouterr()
    return code, cap.out, [line for line in cap.err.splitlines() if line.strip()]


def sources(ttl: Path) -> set[str]:
    g = Graph().parse(ttl, format="turtle")
    return {str(o) for o in g.objects(None, CG.sourceFile)}


def folder_with(tmp_path: Path, **files: bytes) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data in files.items():
        (folder / f"{name}.txt").write_bytes(data)
    return folder


# --- bad files: one line each, the others still build, exit 3 ----------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"Just some text without a header.\n", "no 'date YYYY-MM-DD' header"),
        (b"date 2021-02-30 Police said nothing.\n", "impossible date"),
        (b"date 2021-13-01 Police said nothing.\n", "impossible date"),
        (bytes(range(256)) * 40, "binary file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 50, "binary file"),
        (GOOD.encode("utf-8"), "same text as"),
    ],
    ids=["empty", "no-header", "feb-30", "month-13", "binary", "png-like", "duplicate"],
)
def test_bad_file_is_named_once_and_the_others_build(tmp_path, capsys, data, reason):
    folder = folder_with(tmp_path, z_bad=data)  # sorted after good.txt: the duplicate is z_bad
    code, out, err = run_build(capsys, folder, tmp_path / "out")
    assert code == 3
    assert len(err) == 1 and err[0].startswith("skipped ") and "bad.txt" in err[0] and reason in err[0], err
    assert "(1 skipped)" in out
    assert sources(tmp_path / "out" / "casegraph.ttl") == {"good.txt"}


def test_dangling_symlink_is_unreadable(tmp_path, capsys):
    folder = folder_with(tmp_path)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    code, out, err = run_build(capsys, folder, tmp_path / "out")
    assert code == 3 and "(1 skipped)" in out
    assert len(err) == 1 and "gone.txt" in err[0] and "cannot read" in err[0]


def test_permission_denied_is_reported(tmp_path, capsys, monkeypatch):
    # the tests run as root, where chmod 000 does not stop reading: make read_bytes fail instead
    folder = folder_with(tmp_path, locked=OTHER.encode())
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = run_build(capsys, folder, tmp_path / "out")
    assert code == 3 and "(1 skipped)" in out
    assert err == [f"skipped {folder / 'locked.txt'}: cannot read: Permission denied"]


def test_fifo_is_not_read(tmp_path, capsys):
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    code, _out, err = run_build(capsys, folder, tmp_path / "out")
    assert code == 3 and len(err) == 1 and "pipe.txt" in err[0] and "not a regular file" in err[0]


def test_missing_path_and_too_big_file(tmp_path, capsys, monkeypatch):
    folder = folder_with(tmp_path, big=OTHER.encode() + b"x" * 2000)
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    code = main(["build", str(folder), str(tmp_path / "missing"), "--out", str(tmp_path / "out")])
    cap = capsys.readouterr()
    out, err = cap.out, cap.err.splitlines()
    assert code == 3 and "(2 skipped)" in out
    assert len(err) == 2
    assert any("big.txt" in line and "over the 1,000-byte limit" in line for line in err)
    assert any("missing" in line and "no such file or folder" in line for line in err)


def test_strict_makes_a_bad_article_fatal(tmp_path, capsys):
    folder = folder_with(tmp_path, bad=b"no header here\n")
    code, out, err = run_build(capsys, folder, tmp_path / "out", "--strict")
    assert code == 4 and out == ""
    assert len(err) == 1 and "bad.txt" in err[0] and "header" in err[0]
    assert not (tmp_path / "out" / "casegraph.ttl").exists()


def test_nothing_usable_exits_4(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"no header\n")
    code, _out, err = run_build(capsys, folder, tmp_path / "out")
    assert code == 4
    assert sum("skipped" in line for line in err) == 2 and "no usable articles" in err[-1]


def test_unwritable_output_is_one_line(tmp_path, capsys):
    folder = folder_with(tmp_path)
    out = tmp_path / "out"
    out.write_text("a file, not a folder")
    code, _out, err = run_build(capsys, folder, out)
    assert code == 4 and len(err) == 1 and err[0].startswith("casegraph build: ")
    assert out.read_text() == "a file, not a folder"


# --- decodable text is decoded, never dropped -------------------------------------------------

LATIN = "date 2021-04-29 Police shot Jos\u00e9 Mu\u00f1oz, 31, in Chicago, officials said. Caf\u00e9 owners watched.\n"
QUOTES = "date 2021-04-29 \u201cWe want answers,\u201d said Ren\u00e9e O\u2019Brien \u2013 a neighbour.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (LATIN.encode("latin-1"), "cp1252", LATIN),
        (QUOTES.encode("cp1252"), "cp1252", QUOTES),
        (b"\xff\xfe" + QUOTES.encode("utf-16-le"), "utf-16-bom", QUOTES),
        (b"\xfe\xff" + QUOTES.encode("utf-16-be"), "utf-16-bom", QUOTES),
        (LATIN.encode("utf-16-le"), "utf-16-le", LATIN),
        (b"\xef\xbb\xbf" + QUOTES.encode("utf-8"), "utf-8-bom", "\ufeff" + QUOTES),
        (QUOTES.replace("\n", "\r\n").encode("utf-8") + b"Second line.\r\n", "utf-8", None),
    ],
    ids=["latin-1", "cp1252-quotes", "utf-16-le-bom", "utf-16-be-bom", "utf-16-no-bom", "utf-8-bom", "crlf"],
)
def test_encodings_are_decoded_and_reported(tmp_path, capsys, data, encoding, text):
    folder = folder_with(tmp_path, enc=data)
    path = folder / "enc.txt"
    art = read_article(path)
    assert art.encoding == encoding
    if text is not None:
        assert art.text == text
    else:  # CRLF: offsets index Python's text-mode reading
        assert art.text == path.read_text(encoding="utf-8") and "\r" not in art.text
    code, out, err = run_build(capsys, folder, tmp_path / "out")
    assert code == 0 and "skipped" not in out
    if encoding in ("utf-8", "utf-8-bom"):
        assert err == []
    else:
        assert err == [f"{path}: decoded as {encoding}"]
    assert sources(tmp_path / "out" / "casegraph.ttl") == {"good.txt", "enc.txt"}


def test_noncharacters_become_replacement_characters(tmp_path):
    # U+FFFE/U+FFFF: raptor rejects them even escaped; one character for one keeps offsets
    p = tmp_path / "a.txt"
    p.write_text("date 2021-04-29 A \ufffe B \uffff C.\n", encoding="utf-8")
    assert read_article(p).text == "date 2021-04-29 A \ufffd B \ufffd C.\n"


# --- folders: twice, symlink loops, many files, duplicates ------------------------------------


def test_folder_given_twice_and_symlink_loop(tmp_path, capsys):
    folder = folder_with(tmp_path)
    (folder / "sub").mkdir()
    (folder / "sub" / "other.txt").write_text(OTHER)
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self").symlink_to(".", target_is_directory=True)
    (folder / "z_alias.txt").symlink_to(folder / "good.txt")  # the same file: read once
    args = ["build", str(folder), str(folder), str(folder / "sub"), str(folder / "good.txt")]
    code = main([*args, "--out", str(tmp_path / "out"), "--no-cache"])
    cap = capsys.readouterr()
    assert code == 0 and cap.err == ""
    assert "2 articles" in cap.out
    assert sources(tmp_path / "out" / "casegraph.ttl") == {"good.txt", "other.txt"}


def test_directory_named_like_an_article(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "x.txt").mkdir()
    (folder / "x.txt" / "inner.txt").write_text(OTHER)
    arts = read_articles([folder], skipped := Skipped())
    assert sorted(a.source for a in arts) == ["good.txt", "inner.txt"] and not skipped.errors


def test_ten_thousand_small_files_are_read_quickly(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(f"date 2021-04-29 Article number {i} says little.\n")
    (folder / "dup.txt").write_text("date 2021-04-29 Article number 7 says little.\n")
    skipped = Skipped()
    arts = read_articles([folder, folder], skipped)
    assert len(arts) == 10_000
    assert [str(e) for e in skipped.errors] == [
        f"{folder / 'dup.txt'}: same text as {folder / '00007.txt'}, read once"
    ]


# --- a long article: parsed in pieces, offsets exact ------------------------------------------


def test_windows_keep_every_character_and_cut_at_paragraphs():
    text = "a b\nc d e\n\n" * 7 + "x" * 25 + " y"
    for size in (1, 4, 10, 33, 1000):
        pieces = pipeline.windows(text, size)
        assert "".join(p for _at, p in pieces) == text and all(0 < len(p) <= size for _at, p in pieces)
        assert all(text[at : at + len(p)] == p for at, p in pieces)
    assert all(p.endswith("\n\n") for _at, p in pipeline.windows(text, 33)[:-1])
    lines = "one two three\n" * 20  # no blank line: cut at line ends, never inside a word
    assert all(p.endswith("\n") for _at, p in pipeline.windows(lines, 40))


def test_long_article_is_extracted_in_windows(tmp_path, nlp, monkeypatch):
    first = ["Adam", "Marcus", "Daniel", "Tomas", "Peter", "Jamal", "Victor", "Samuel"] * 2
    last = ["Toledo", "Harlan", "Brooks", "Medina", "Whitfield", "Okafor", "Lindgren", "Castillo"]
    last += ["Prescott", "Nakamura", "Delgado", "Ferris", "Abernathy", "Quintero", "Sorensen", "Mwangi"]
    paragraphs = [
        f"Police shot and killed {first[i]} {last[i]}, {13 + i}, in Chicago on Monday, officials said. "
        f'"We want justice for him," said Elizabeth {last[i]}, his mother.\n\n'
        for i in range(16)
    ]
    (tmp_path / "long.txt").write_text("date 2021-04-29 " + "".join(paragraphs), encoding="utf-8")
    whole = pipeline.build([tmp_path / "long.txt"], tmp_path / "whole", nlp=nlp, use_cache=False)
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 500)
    calls = []
    monkeypatch.setattr(
        pipeline, "extract_windows", lambda art, docs: calls.append(1) or extract_windows(art, docs)
    )
    pieces = pipeline.build([tmp_path / "long.txt"], tmp_path / "pieces", nlp=nlp, use_cache=False)
    assert calls == [1]
    # every paragraph stands alone, so windows cut at paragraph breaks lose nothing
    assert pieces.counts == whole.counts and pieces.triples == whole.triples
    assert pieces.counts["PoliceShooting"] == 16 and pieces.counts["Quote"] == 16
    text = read_article(tmp_path / "long.txt").text
    g = Graph().parse(tmp_path / "pieces" / "casegraph.ttl")
    assert_offsets_exact(g, text)
    assert (tmp_path / "pieces" / "casegraph.ttl").read_bytes() == (
        tmp_path / "whole" / "casegraph.ttl"
    ).read_bytes()


def test_twenty_megabyte_file_is_read(tmp_path):
    para = "Police shot and killed a man in Chicago on Monday, officials said. " * 20 + "\n\n"
    p = tmp_path / "big.txt"
    p.write_text("date 2021-04-29 " + para * (20_000_000 // len(para)), encoding="utf-8")
    art = read_article(p)
    assert len(art.text) > 19_000_000
    assert len(pipeline.windows(art.body, pipeline.CHUNK_CHARS)) > 190


def assert_offsets_exact(g: Graph, text: str) -> None:
    evidence = list(g.subjects(None, CG.Evidence))
    assert evidence
    for ev in evidence:
        start, end = int(g.value(ev, CG.charStart)), int(g.value(ev, CG.charEnd))  # type: ignore[arg-type]
        assert text[start:end] == str(g.value(ev, CG.sentence))


# --- hostile text ------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "\"double\" 'single' \\back\\slash",
    "line\nbreak",
    "ctrl\x01\x02\x07\x0b\x0c\x1b\x7f",
    "stray\x00nul",  # a stray NUL in text: decoded, not taken for a binary file
    "rtl \u202eevil\u202c \u200f\u200e",
    "emoji \U0001f600\U0001f469\u200d\U0001f467 flag \U0001f1fa\U0001f1f8",
    "long" + "x" * 3000,
    "]]> <!-- & &amp; %20 {{x}} ${x}",
]


def hostile_article() -> str:
    lines = [
        "date 2021-04-29 Police shot and killed Adam Toledo, 13, in Chicago on Monday, officials said.",
        "",
    ]
    for i, payload in enumerate(HOSTILE):
        lines.append(
            f'"{payload} we want justice {i}," said Maria {payload} Lopez, a spokesperson for the Chicago Police Department.'
        )
        lines.append(
            f"Officer <b>{payload}</b> O'Neil of the {payload} Police Department shot Jose Ruiz{i}, 22."
        )
        lines.append("")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(hostile_article(), encoding="utf-8")
    out = folder / "out"
    pipeline.build([folder / "hostile.txt"], out, nlp=nlp, use_cache=False)
    return read_article(folder / "hostile.txt").text, out


def test_hostile_text_reaches_the_graph_as_literals(hostile_build):
    _text, out = hostile_build
    g = Graph().parse(out / "casegraph.ttl", format="turtle")
    literals = " ".join(str(o) for o in g.objects() if isinstance(o, Literal))
    for payload in HOSTILE:
        assert payload.split("\n")[0] in literals, payload


def test_hostile_turtle_parses_everywhere(hostile_build):
    text, out = hostile_build
    ttl = out / "casegraph.ttl"
    g = Graph().parse(ttl, format="turtle")
    ox_triples = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert len(ox_triples) == len(g)
    for cmd in (
        ["serdi", "-i", "turtle", "-o", "ntriples", str(ttl)],
        ["rapper", "-q", "-i", "turtle", "-c", str(ttl)],
    ):
        if shutil.which(cmd[0]) is None:
            pytest.skip(f"{cmd[0]} is not installed (make system)")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"{cmd[0]}: {proc.stderr[-2000:]}"
    assert_offsets_exact(g, text)


def test_hostile_iris_are_plain(hostile_build):
    _text, out = hostile_build
    g = Graph().parse(out / "casegraph.ttl", format="turtle")
    iris = {t for triple in g for t in triple if isinstance(t, URIRef)}
    assert iris
    bad = sorted(i for i in iris if not IRI_CHARS.fullmatch(str(i)))
    assert bad == []


def test_hostile_html_is_text_only(hostile_build):
    _text, out = hostile_build
    html = (out / "casegraph.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "</script><script>alert", "<b>alert", "]]> <!--"):
        assert raw not in html, raw
    start = html.index('<script type="application/json" id="cg-data">')
    data = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert "<" not in data and ">" not in data and "&" not in data
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in data  # there, escaped
