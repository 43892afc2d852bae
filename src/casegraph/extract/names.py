"""Name normalization, slugs and acronyms shared by extraction and resolution."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_STOP = {"the", "of", "for", "and", "&", "a", "an", "to", "on", "in", "at"}


def clean(name: str) -> str:
    """Collapse white space, strip a leading "the", surrounding punctuation and a trailing 's."""
    s = re.sub(r"\s+", " ", name).strip()
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"(?:'s|’s|'|’)$", "", s)
    return s.strip(" ,;:.\"“”'‘’()[]") if not s.endswith(".") or " " not in s else s.strip(" ,;:\"“”'‘’()[]")


_POSSESSIVE = re.compile(r"'s\b")
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """Lower-case key: punctuation dropped, apostrophes unified (cached: names recur)."""
    s = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'").lower()
    s = _POSSESSIVE.sub("", s)
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def slug(name: str, limit: int = 60) -> str:
    """IRI-safe slug: ASCII letters, digits and hyphens only."""
    s = unicodedata.normalize("NFKD", norm(name)).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].rstrip("-") or "x"


def acronym(name: str) -> str:
    """Initials of the significant words: "Civilian Office of Police Accountability" -> "COPA"."""
    words = [w for w in re.split(r"[\s\-]+", norm(name)) if w and w not in _STOP]
    return "".join(w[0] for w in words).upper()


def is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 2 <= len(t) <= 8 and t.isupper() and t.isalpha()


def tokens(name: str) -> list[str]:
    return [t for t in norm(name).split() if t not in _STOP]
