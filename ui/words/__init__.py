"""The string catalogue: every word that core's figures, tasks and presets put on a screen, in
English and Korean, under a stable id. core speaks only ids (`words["sine.input"]`); a screen
takes `ui.i18n.words()` (the catalogue in its language) and hands it down.

Each module of this package holds one area's entries as `WORDS = {id: (English, 한국어)}`.
An entry may be a template (`"step {step}"`): core fills it with `str.format`, so both languages
take the same fields. What core's readers say about a person's file (core/said.py) is not an id
but a Said (id + fields, the English as its text): `worded` words it through the catalogue.
Screens' own sentences stay next to their code as `tr(en, ko)` calls.
No streamlit here: tests and tools read the catalogue without a running app."""
from __future__ import annotations

import string
from collections.abc import Iterator, Mapping

from core.said import InputError, Said

from . import charts_concepts, charts_run, charts_tasks, presets, said, tasks

LANGS = ("en", "ko")
_AREAS = (charts_run, charts_concepts, charts_tasks, tasks, presets, said)


def _merge(areas) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in areas:
        for key, pair in area.WORDS.items():
            if key in merged:
                raise ValueError(f"catalogue id {key!r} is in two modules ({area.__name__})")
            merged[key] = pair
    return merged


CATALOGUE = _merge(_AREAS)


def fields(template: str) -> set[str]:
    """The `{name}` fields of a catalogue entry (both languages must take the same ones)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Words(Mapping[str, str]):
    """The catalogue in one language, as core's functions take it. A missing id is a KeyError:
    a test renders every figure in both languages, so a typo cannot reach a screen."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"language {lang!r} is not one of {LANGS}")
        self.lang = lang
        self._i = LANGS.index(lang)

    def __getitem__(self, key: str) -> str:
        return CATALOGUE[key][self._i]

    def __iter__(self) -> Iterator[str]:
        return iter(CATALOGUE)

    def __len__(self) -> int:
        return len(CATALOGUE)


def words(lang: str) -> Words:
    """The catalogue in `lang` ("en" or "ko")."""
    return Words(lang)


EN, KO = Words("en"), Words("ko")


def worded(value: object, words: Mapping[str, str]) -> str:
    """A Said (or an InputError's Said) in the language of `words`, its Said fields worded the
    same way; anything else as str(value)."""
    sentence = value.said if isinstance(value, InputError) else value
    if not isinstance(sentence, Said):
        return str(value)
    fields = {k: worded(v, words) if isinstance(v, Said) else v for k, v in sentence.fields.items()}
    return words[f"said.{sentence.key}"].format(**fields)
