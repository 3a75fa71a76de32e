"""English / Korean UI text. Every visible string goes through `tr(en, ko)` next to where it is
used, so a screen reads top to bottom in both languages and no table can fall out of step."""
import streamlit as st

LANGS = {"en": "English", "ko": "한국어"}


def lang() -> str:
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def tr(en: str, ko: str) -> str:
    """The string for the current UI language."""
    return ko if lang() == "ko" else en


def pick(pair: tuple[str, str]) -> str:
    """The current language's entry of an (English, 한국어) pair, as core's tasks carry them."""
    return pair[1] if lang() == "ko" else pair[0]
