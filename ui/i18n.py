"""English / Korean UI text. A screen's own sentences go through `tr(en, ko)` next to where they
are used, so a screen reads top to bottom in both languages. What core puts on a screen (figure
labels, task and example titles) is worded by the catalogue in ui/words, as `words()[id]`."""
import streamlit as st

from .words import LANGS as _CODES
from .words import Words, worded
from .words import words as _catalogue

LANGS = {"en": "English", "ko": "한국어"}
assert tuple(LANGS) == _CODES


def lang() -> str:
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def tr(en: str, ko: str) -> str:
    """The string for the current UI language."""
    return ko if lang() == "ko" else en


def words() -> Words:
    """The catalogue in the current UI language, to hand to core's figures."""
    return _catalogue(lang())


def said(value: object) -> str:
    """A reader's note or error (core.said.Said, InputError) in the current UI language; anything
    else as str(value). For `st.error(safe.text(said(e)))` and the notes of a parsed file."""
    return worded(value, words())
