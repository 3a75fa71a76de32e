"""Keep a screen's settings in the link (TensorFlow Playground keeps its whole state in the URL).

A screen declares its settings once, one line each (`number`, `choice`, `choices`, `flag`,
`text`: core/settings.py checks them), keys them to its widgets and calls `bind(page, specs)`
before drawing those widgets. On a session's first visit to the screen the link's values go
into the widgets (checked and clamped, with a sentence in the screen's language for anything
repaired); on every run dependent ranges are kept valid (k ≤ T) and the link is written back,
defaults left out to keep links short. Values are written as plain option values, never as
translated labels, so a Korean link opens in English too. The widgets take no default of their
own (the specs hold the defaults) and `persist_state=KEEP`, so a screen keeps its settings
while another is shown. The shell's settings (language, presentation mode) are in `SHELL`.

Why not Streamlit's own `bind="query-params"` (1.67): a bound select box or radio writes its
*displayed label* to the link (a Korean session would write Korean labels, and `lang` itself
would read "한국어"), a bad or out-of-range value is dropped or clamped without a word, its
default is the widget's `value=` (it cannot follow another setting, as the Train screen's
defaults follow the task) and its range cannot depend on another widget. Those are the parts
written here; `persist_state` is Streamlit's.
"""
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import streamlit as st

from core.settings import Problem, Setting, as_text, at, check, english, fit

from . import safe
from .i18n import LANGS, tr

# A number's bound or default: fixed, or worked out from the settings read before it.
Bound = float | Callable[[dict], float]
KEEP = "session"  # persist_state: a setting keeps its value while another screen is shown
LINK_ONLY = ("exercise",)  # read by ui/exercises.py: which exercise to open, not a setting


def number(key: str, lo: Bound, hi: Bound, default: Bound, integer: bool = False, **kw: Any) -> Setting:
    return Setting(key, "number", default, lo, hi, integer, **kw)


def choice(key: str, options: Iterable, default: Any, **kw: Any) -> Setting:
    return Setting(key, "choice", default, options=tuple(options), **kw)


def choices(key: str, options: Iterable, default: Iterable) -> Setting:
    return Setting(key, "choices", list(default), options=tuple(options))


def flag(key: str, default: bool) -> Setting:
    return Setting(key, "flag", bool(default))


def text(key: str, default: str, hi: int = 200) -> Setting:
    return Setting(key, "text", default, hi=hi)


SHELL = [choice("lang", tuple(LANGS), "en"), flag("present", False)]  # on every screen (ui/shell.py)


def bounds(spec: Setting, values: dict) -> tuple:
    """A number's (lo, hi) for the values on screen: the widget's range is the link's."""
    return at(spec.lo, values), at(spec.hi, values)


def first_visit(page: str) -> bool:
    """True once per screen and browser session: the moment to trust the link over the widgets."""
    flag_ = f"_url_read_{page}"
    if st.session_state.get(flag_):
        return False
    st.session_state[flag_] = True
    return True


def word(p: Problem) -> str:
    """A repaired value as one sentence in the screen's language (English: core's wording)."""
    k, g, u = p.key, p.given, as_text(p.used)
    ko = {
        "unknown": f"링크의 '{k}'은(는) 이 화면의 설정이 아니어서 무시했습니다.",
        "not_a_number": f"'{g}'은(는) {k}의 숫자가 아니어서 {u}을(를) 유지했습니다.",
        "not_a_choice": f"'{g}'은(는) {k}의 선택지({', '.join(p.options)})가 아니어서 {u}을(를) 유지했습니다.",
        "some_not_choices": f"'{g}' 중 일부는 {k}의 선택지가 아니어서 나머지만 썼습니다.",
        "not_a_flag": f"'{g}'은(는) {k}의 true/false 값이 아니어서 {u}을(를) 유지했습니다.",
        "outside": f"{p.scope + '의 ' if p.scope else ''}{k} = {g} 값이 {p.lo}–{p.hi} 범위를 벗어나 {p.used}을(를) "
                   "썼습니다.",
        "not_whole": f"{k} = {g} 값은 정수여야 해서 {u}을(를) 썼습니다.",
        "off_scale": f"{k} = {g} 값은 이 설정의 눈금에 없어 가장 가까운 {u}을(를) 썼습니다.",
        "too_long": f"{k}의 글이 {p.hi}자보다 길어 잘랐습니다.",
    }[p.kind]
    return tr(english(p), ko)


def bind(page: str, specs: Sequence[Setting], repair: Callable[[], list[str]] | None = None) -> list:
    """Call before the screen's widgets are drawn. Reads the link on the session's first visit
    to `page` (unknown keys ignored), else the widgets' values; keeps every value in its range;
    then `repair()` (a screen's own adjustments, returning notices) and writes the link back.
    A spec's `on_change` runs when the link changes its value, before the specs after it are
    read, as its widget's would. Returns the notices (one sentence each) to show."""
    ss, qp = st.session_state, st.query_params
    first, problems, values = first_visit(page), [], {}
    if first:
        known = {s.key for s in [*specs, *SHELL]} | set(LINK_ONLY)
        problems += [Problem(k, "unknown", qp[k]) for k in qp if k not in known]
    for spec in specs:
        if first and spec.key in qp:
            value, found = check(spec, qp[spec.key], values)
            problems += found
            if spec.on_change and value != ss.get(spec.key, at(spec.default, values)):
                ss[spec.key] = value
                spec.on_change()
        else:
            value = fit(spec, ss.get(spec.key, at(spec.default, values)), values)[0]
        if spec.key not in ss or ss[spec.key] != value:
            ss[spec.key] = value
        values[spec.key] = value
    notices = [safe.text(word(p)) for p in ss.pop("_shell_problems", []) + problems]  # a link's values are data
    notices += repair() if repair else []
    write(specs)
    return notices


def bind_shell() -> None:
    """The shell's settings, read once per session; their problems are shown with the screen's."""
    problems = []
    if first_visit("_shell"):
        for spec in SHELL:
            if spec.key in st.query_params:
                st.session_state[spec.key], found = check(spec, st.query_params[spec.key], {})
                problems += found
        st.session_state["_shell_problems"] = problems
    for spec in SHELL:
        st.session_state.setdefault(spec.key, spec.default)
    write(SHELL)


def write(specs: Sequence[Setting]) -> None:
    """Mirror the specs' values into the link; a value equal to its default is left out."""
    qp, values = st.query_params, {}
    for spec in specs:
        value = values[spec.key] = st.session_state.get(spec.key, at(spec.default, values))
        text_ = as_text(value)
        if not spec.always and as_text(at(spec.default, values)) == text_:
            if spec.key in qp:
                del qp[spec.key]
        elif qp.get(spec.key) != text_:
            qp[spec.key] = text_


__all__ = ["KEEP", "SHELL", "bind", "bind_shell", "number", "choice", "choices", "flag", "text", "word", "bounds",
           "write", "first_visit"]
