"""Keep a screen's settings in the link (TensorFlow Playground keeps its whole state in the URL).

Widgets hold the values; on a session's first visit to a screen the link's values are read into
them (checked and clamped, with a sentence for anything repaired), and after every run the
current values are written back, defaults left out to keep links short. Values are written as
plain option values, never as translated labels, so a Korean link opens in English too.
"""
import streamlit as st


def first_visit(page: str) -> bool:
    """True once per screen and browser session: the moment to trust the link over the widgets."""
    flag = f"_url_read_{page}"
    if st.session_state.get(flag):
        return False
    st.session_state[flag] = True
    return True


def as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write(values: dict, defaults: dict):
    """Mirror `values` into the link; a value equal to its default is left out."""
    qp = st.query_params
    for key, value in values.items():
        text = as_text(value)
        if key in defaults and as_text(defaults[key]) == text:
            if key in qp:
                del qp[key]
        elif qp.get(key) != text:
            qp[key] = text


def read_choice(key: str, choices, default):
    """The link's value for a choice setting, if it is one of the choices."""
    value = st.query_params.get(key)
    return value if value in [as_text(c) for c in choices] else default


def read_flag(key: str) -> bool:
    return st.query_params.get(key, "").lower() in ("1", "true", "yes", "on")


def read_number(key: str, lo, hi, default, kind=float):
    """(value, notice): the link's number clamped into [lo, hi]; malformed -> default."""
    raw = st.query_params.get(key)
    if raw is None:
        return default, ""
    try:
        value = kind(float(raw)) if kind is int else float(raw)
        if value != value:
            raise ValueError
    except ValueError:
        return default, f"'{raw}' is not a number for {key}; kept {default}."
    if not lo <= value <= hi:
        clamped = min(max(value, lo), hi)
        return clamped, f"{key} = {raw} is outside {lo}–{hi}; used {clamped}."
    return value, ""
