"""Keep a screen's settings in the link (TensorFlow Playground keeps its whole state in the URL).

Widgets hold the values; on a session's first visit to a screen the link's values are read into
them (checked and clamped, with a sentence for anything repaired), and after every run the
current values are written back, defaults left out to keep links short. Values are written as
plain option values, never as translated labels, so a Korean link opens in English too.

A screen lists its settings once (`number`, `choice`, `choices`, `flag`, `text` specs keyed by the
widget keys), calls `restore(page, specs)` before drawing its widgets (and shows the notices it
returns) and `sync(specs)` after them. The widgets then take no default of their own: the specs
hold the defaults. The Train screen reads its link through RunConfig instead (ui/controls.py).
"""
from dataclasses import dataclass
from typing import Any

import streamlit as st

from . import safe
from .i18n import tr

SHELL_KEYS = ("lang", "present", "exercise")  # kept in the link on every screen (exercise: ui/exercises.py)


def first_visit(page: str) -> bool:
    """True once per screen and browser session: the moment to trust the link over the widgets."""
    flag = f"_url_read_{page}"
    if st.session_state.get(flag):
        return False
    st.session_state[flag] = True
    return True


def as_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(as_text(v) for v in value)
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


# ---------------------------------------------------------------- one screen's settings, described
@dataclass(frozen=True)
class Spec:
    """One widget's setting. `default`, `lo`, `hi` may be functions of the values read so far
    (a dict key -> value, in spec order), for ranges that depend on another widget (k ≤ T).
    For a text, `hi` is its longest length in characters."""
    key: str
    kind: str  # "number", "choice", "choices" (a multiselect), "flag", "text"
    default: Any
    lo: Any = None
    hi: Any = None
    integer: bool = False
    options: tuple = ()


def number(key, lo, hi, default, integer=False):
    return Spec(key, "number", default, lo, hi, integer)


def choice(key, options, default):
    return Spec(key, "choice", default, options=tuple(options))


def choices(key, options, default):
    return Spec(key, "choices", list(default), options=tuple(options))


def flag(key, default):
    return Spec(key, "flag", bool(default))


def text(key, default, hi=200):
    return Spec(key, "text", default, hi=hi)


def _at(x, values):
    return x(values) if callable(x) else x


def _parse(spec: Spec, raw: str, values: dict):
    """(value, notice) for the link's text `raw`; a notice says what was repaired."""
    key, default = spec.key, _at(spec.default, values)
    if spec.kind == "number":
        try:
            value = float(raw)
            if value != value:
                raise ValueError
        except ValueError:
            return default, tr(f"'{raw}' is not a number for {key}; kept {as_text(default)}.",
                               f"'{raw}'은(는) {key}의 숫자가 아니어서 {as_text(default)}을(를) 유지했습니다.")
        return value, ""
    if spec.kind == "choice":
        match = [o for o in spec.options if as_text(o) == raw]
        if match:
            return match[0], ""
        return default, tr(f"'{raw}' is not an option for {key}; kept {as_text(default)}.",
                           f"'{raw}'은(는) {key}의 선택지가 아니어서 {as_text(default)}을(를) 유지했습니다.")
    if spec.kind == "choices":
        parts = [p for p in raw.split(",") if p]
        value = [o for o in spec.options if as_text(o) in parts]
        if len(value) < len(set(parts)):
            return value, tr(f"Some of '{raw}' are not options for {key}; kept the others.",
                             f"'{raw}' 중 일부는 {key}의 선택지가 아니어서 나머지만 썼습니다.")
        return value, ""
    if spec.kind == "flag":
        if raw.lower() in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            return raw.lower() in ("1", "true", "yes", "on"), ""
        return default, tr(f"'{raw}' is not true or false for {key}; kept {as_text(default)}.",
                           f"'{raw}'은(는) {key}의 true/false 값이 아니어서 {as_text(default)}을(를) 유지했습니다.")
    return raw, ""


def _clamp(spec: Spec, value, values: dict, loud: bool):
    """A number kept inside its (possibly dependent) range; a text cut to its length."""
    if spec.kind == "text" and len(value) > spec.hi:
        return value[:spec.hi], (tr(f"The text for {spec.key} is longer than {spec.hi} characters; cut it.",
                                    f"{spec.key}의 글이 {spec.hi}자보다 길어 잘랐습니다.") if loud else "")
    if spec.kind != "number":
        return value, ""
    lo, hi = _at(spec.lo, values), _at(spec.hi, values)
    fixed = min(max(value, lo), hi)
    fixed = int(round(fixed)) if spec.integer else float(fixed)
    if loud and fixed != value:
        if lo <= value <= hi:  # inside the range but not a whole number
            return fixed, tr(f"{spec.key} = {as_text(value)} must be a whole number; used {fixed}.",
                             f"{spec.key} = {as_text(value)} 값은 정수여야 해서 {fixed}을(를) 썼습니다.")
        return fixed, tr(f"{spec.key} = {as_text(value)} is outside {lo}–{hi}; used {fixed}.",
                         f"{spec.key} = {as_text(value)} 값이 {lo}–{hi} 범위를 벗어나 {fixed}을(를) 썼습니다.")
    return fixed, ""


def restore(page: str, specs) -> list:
    """Call before the widgets are drawn. On the session's first visit to `page`, put the link's
    values into st.session_state (checked, clamped, unknown keys ignored); on every run keep
    dependent ranges valid (Streamlit raises for a value outside a slider's range).
    Returns the notices (one sentence each) to show."""
    notices, values, qp = [], {}, st.query_params
    first = first_visit(page)
    if first:
        known = {s.key for s in specs} | set(SHELL_KEYS)
        notices += [tr(f"Ignored '{k}' in the link: it is not a setting of this screen.",
                       f"링크의 '{k}'은(는) 이 화면의 설정이 아니어서 무시했습니다.")
                    for k in qp if k not in known]
    for spec in specs:
        from_link = first and spec.key in qp
        if from_link:
            value, note = _parse(spec, qp[spec.key], values)
        else:
            value, note = st.session_state.get(spec.key, _at(spec.default, values)), ""
        value, clamp_note = _clamp(spec, value, values, from_link and not note)
        notices += [n for n in (note, clamp_note) if n]
        if spec.key not in st.session_state or st.session_state[spec.key] != value:
            st.session_state[spec.key] = value
        values[spec.key] = value
    return [safe.text(n) for n in notices]  # a link's values are data, never markup


def sync(specs):
    """Call after the widgets are drawn: the link mirrors the screen, defaults left out."""
    values, defaults = {}, {}
    for spec in specs:
        values[spec.key] = st.session_state.get(spec.key, _at(spec.default, values))
        defaults[spec.key] = _at(spec.default, values)
    write(values, defaults)
