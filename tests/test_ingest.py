"""Reading article files: the date header, encodings, line ends, bad files."""

from __future__ import annotations

import datetime as dt

import pytest

from casegraph.errors import ArticleError
from casegraph.ingest import Skipped, decode, parse_article, read_article, read_articles
from paths import SEED_ARTICLE


def test_seed_header_shares_line_with_first_sentence():
    art = read_article(SEED_ARTICLE)
    assert art.published == dt.date(2021, 4, 29)
    assert art.body.startswith("The family of Anthony Alvarez")
    assert art.source == SEED_ARTICLE.name


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty file"),
        ("   \n\n", "empty file"),
        ("No header here.\n", "no 'date YYYY-MM-DD' header"),
        ("date 2021-02-30 Text.\n", "impossible date"),
        ("date 2021-04-29\n\n", "no article text"),
    ],
)
def test_bad_articles_name_the_problem(text, problem):
    with pytest.raises(ArticleError) as err:
        parse_article("x.txt", text)
    assert problem in str(err.value)
    assert str(err.value).startswith("x.txt: ")


def test_encodings_are_detected_and_decoded():
    assert decode("date 2021-01-01 caf\u00e9".encode()) == ("date 2021-01-01 caf\u00e9", "utf-8")
    text, enc = decode("date 2021-01-01 \u201cquoted\u201d".encode("cp1252"))
    assert enc == "cp1252" and "\u201cquoted\u201d" in text
    text, enc = decode("date 2021-01-01 x".encode("utf-16"))
    assert enc == "utf-16-bom" and text == "date 2021-01-01 x"
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x00\x01\x02binary\x00")
    # a stray NUL or control character in UTF-8 text leaves it text
    stray = "date 2021-01-01 " + "Police said. " * 10 + "\x00 \x1f"
    assert decode(stray.encode()) == (stray, "utf-8")
    with pytest.raises(ValueError, match="binary"):
        decode(stray.encode() + b"\x00" * 40)


def test_crlf_offsets_match_python_text_mode(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"date 2021-04-29\r\n\r\nOne sentence.\r\nTwo.")
    art = read_article(p)
    assert art.text == p.read_text(encoding="utf-8")
    assert art.body == "\nOne sentence.\nTwo."


def test_folder_reading_skips_bad_and_duplicate_files(tmp_path):
    (tmp_path / "a.txt").write_text("date 2021-04-29 A text.")
    (tmp_path / "b.txt").write_text("date 2021-04-29 A text.")  # same content
    (tmp_path / "c.txt").write_text("no header")
    (tmp_path / "notes.md").write_text("ignored")
    skipped = Skipped()
    arts = read_articles([tmp_path, tmp_path / "a.txt"], skipped)
    assert [a.source for a in arts] == ["a.txt"]
    reasons = sorted(e.problem for e in skipped.errors)
    assert len(reasons) == 2
    assert any("same text as" in r for r in reasons) and any("header" in r for r in reasons)
