"""Article files and folders -> :class:`~casegraph.models.Article`.

The article format lives here only: a ``date YYYY-MM-DD`` header (possibly after white space,
possibly on the same line as the first sentence), then the body. Text is decoded the way
Python's text mode reads a file (universal newlines), so that evidence offsets index into
``open(path, encoding=...).read()`` exactly.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleError
from .models import Article

HEADER = re.compile(r"\A\s*date[ \t]+(\d{4})-(\d{1,2})-(\d{1,2})\b[ \t]*\n?", re.IGNORECASE)
MAX_BYTES = 50_000_000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Skipped:
    """Files that could not be used, with the reason (one line each)."""

    errors: list[ArticleError] = field(default_factory=list)

    def add(self, err: ArticleError) -> None:
        self.errors.append(err)


def find_files(paths: Iterable[str | os.PathLike[str]], skipped: Skipped) -> list[Path]:
    """Expand folders (recursively, ``*.txt``; symlink loops are not followed twice) into a sorted,
    de-duplicated list of files. A path given twice is read once."""
    seen: set[Path] = set()
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            skipped.add(ArticleError(str(p), "no such file or folder"))
            continue
        found = _walk(p) if p.is_dir() else [p]
        for f in found:
            real = f.resolve()
            if real not in seen:
                seen.add(real)
                out.append(f)
    return sorted(out, key=lambda f: (f.name, str(f)))


def _walk(folder: Path) -> Iterator[Path]:
    visited: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt") and not name.startswith("."):
                yield Path(root) / name


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding name). Raises ValueError for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc)
            # utf-8 keeps the BOM character so offsets match Python's utf-8 text mode
            return (text if enc == "utf-8" else text.lstrip("\ufeff")), enc + "-bom"
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return data.decode(utf16), utf16
    try:
        text, enc, percent = data.decode("utf-8"), "utf-8", 10
    except UnicodeDecodeError:
        # every byte decodes as Latin-1: only a low share of control bytes tells text apart
        enc = "cp1252" if _cp1252_ok(data) else "latin-1"
        text, percent = data.decode(enc), 1
    # a stray NUL or control character in text is text; a file of them is not
    if sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f") > len(text) * percent // 100 + 1:
        raise ValueError("binary file (control bytes), not an article")
    return text, enc


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte of the start is NUL and the whole decodes
    (ASCII-range text saved as UTF-16 without a BOM), else None."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 4:
        return None
    for enc, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) >= len(zeros) * 0.9:
            try:
                data.decode(enc)
            except UnicodeDecodeError:
                return None
            return enc
    return None


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


# U+FFFE and U+FFFF are Unicode noncharacters ("not for interchange"); raptor's Turtle parser
# rejects them even escaped, so they become U+FFFD. One character for one: offsets are unchanged.
def universal_newlines(text: str) -> str:
    """What Python's text mode does to line ends: CRLF and CR become LF (and the noncharacters
    U+FFFE, U+FFFF become U+FFFD)."""
    return (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")
    )


def parse_article(source: str, text: str, encoding: str = "utf-8", path: str = "") -> Article:
    """Parse decoded text into an Article; raises ArticleError naming the problem."""
    where = path or source
    if not text.strip():
        raise ArticleError(where, "empty file")
    m = HEADER.match(text.lstrip("\ufeff")) if text.startswith("\ufeff") else HEADER.match(text)
    if m is None:
        raise ArticleError(where, "no 'date YYYY-MM-DD' header at the start of the file")
    try:
        published = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise ArticleError(where, f"impossible date in header: {m.group(0).strip()!r} ({exc})") from None
    offset = m.end() + (1 if text.startswith("\ufeff") else 0)
    if not text[offset:].strip():
        raise ArticleError(where, "no article text after the date header")
    return Article(
        source=source, text=text, published=published, body_start=offset, encoding=encoding, path=path
    )


def read_article(path: Path) -> Article:
    """Read and parse one file; raises ArticleError."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise ArticleError(str(path), "not a regular file")
        if info.st_size > MAX_BYTES:
            raise ArticleError(
                str(path), f"file is {info.st_size:,} bytes, over the {MAX_BYTES:,}-byte limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        raise ArticleError(str(path), str(exc)) from None
    return parse_article(path.name, universal_newlines(text), encoding, str(path))


def read_articles(paths: Iterable[str | os.PathLike[str]], skipped: Skipped) -> list[Article]:
    """Read every article under ``paths``. Unusable files are recorded in ``skipped``; files
    whose content duplicates an earlier one, or whose base name was already taken, are skipped
    with a reason too, so each article source name is unique in the graph."""
    articles: list[Article] = []
    by_digest: dict[str, str] = {}
    names: set[str] = set()
    for f in find_files(paths, skipped):
        try:
            art = read_article(f)
        except ArticleError as err:
            skipped.add(err)
            continue
        digest = hashlib.sha256(art.text.encode("utf-8")).hexdigest()
        if digest in by_digest:
            skipped.add(ArticleError(str(f), f"same text as {by_digest[digest]}, read once"))
            continue
        if art.source in names:
            skipped.add(ArticleError(str(f), f"another article is already named {art.source}"))
            continue
        by_digest[digest] = str(f)
        names.add(art.source)
        articles.append(art)
    return articles
