"""A screen's or a run's settings, described once, and one checker for values given as text.

A `Setting` is a name, a kind, a range and a default. The range and the default may be
functions of the settings read before it (a dict name -> value, in schema order), for ranges
that depend on another setting: truncation k ≤ T, T within the chosen task's bounds.

`check` reads one value (from a link, a saved file or the command line) against its setting
and returns the value to use with a `Problem` that says what it repaired, as data: the setting,
the text given, what was done and the value used. Wording is the caller's: `english` words a
problem for the command line and saved files; the app words it in its own languages
(ui/urlstate.py). `read` checks a whole dict against a schema and never raises.
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

KINDS = ("number", "choice", "choices", "flag", "text")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str  # one of KINDS; "choices" is a set of options (a multiselect)
    default: Any
    lo: Any = None  # a number's range, or (for a text) hi is its longest length in characters
    hi: Any = None
    integer: bool = False
    options: tuple = ()
    steps: tuple = ()  # a number on a fixed scale (a select slider): the nearest step is used
    scope: Any = None  # what a dependent range belongs to, named in the problem ("for translate")
    always: bool = False  # written to the link even at its default (the other defaults depend on it)
    on_change: Callable | None = None  # the screen's own: run when a link changes the value, as its widget's


@dataclass(frozen=True)
class Problem:
    """What was repaired in one given value. kind: unknown (no such setting), not_a_number,
    not_a_choice, some_not_choices, not_a_flag, outside (clamped to lo–hi), not_whole (rounded),
    off_scale (moved to the nearest step), too_long (cut to hi characters)."""
    key: str
    kind: str
    given: str
    used: Any = None
    lo: Any = None
    hi: Any = None
    scope: str = ""
    options: tuple = ()

    def __str__(self) -> str:
        return english(self)


def at(x: Any, values: dict) -> Any:
    """A setting's attribute, worked out for the settings read so far when it depends on them."""
    return x(values) if callable(x) else x


def as_text(value: Any) -> str:
    """A value as a link writes it: plain values, never translated labels."""
    if isinstance(value, (list, tuple)):
        return ",".join(as_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parse(s: Setting, raw: Any, values: dict) -> tuple[Any, Problem | None]:
    """The value the text `raw` stands for; a malformed one keeps the default, with a problem."""
    default, text = at(s.default, values), as_text(raw).strip()
    if s.kind == "number":
        try:
            value = float(raw)
            if value != value:
                raise ValueError
        except (TypeError, ValueError):
            return default, Problem(s.key, "not_a_number", text, default)
        return value, None
    if s.kind == "choice":
        match = [o for o in s.options if as_text(o) == text] or \
                [o for o in s.options if as_text(o).lower() == text.lower()]
        if match:
            return match[0], None
        options = tuple(filter(None, map(as_text, s.options)))
        return default, Problem(s.key, "not_a_choice", text, default, options=options)
    if s.kind == "choices":
        parts = [p.strip() for p in (text.split(",") if isinstance(raw, str) else map(as_text, raw)) if p.strip()]
        value = [o for o in s.options if as_text(o) in parts]
        if len(value) < len(set(parts)):
            return value, Problem(s.key, "some_not_choices", text, value)
        return value, None
    if s.kind == "flag":
        if isinstance(raw, bool) or text.lower() in TRUE + FALSE:
            return raw if isinstance(raw, bool) else text.lower() in TRUE, None
        return default, Problem(s.key, "not_a_flag", text, default)
    return str(raw), None


def fit(s: Setting, value: Any, values: dict, given: str | None = None) -> tuple[Any, Problem | None]:
    """`value` kept inside its (possibly dependent) range; a text cut to its length. A problem
    only when the value was `given` (from outside): a range that moves under a value is silent."""
    if s.kind == "text":
        if s.hi is not None and len(value) > s.hi:
            cut = Problem(s.key, "too_long", given, value[:s.hi], hi=s.hi) if given is not None else None
            return value[:s.hi], cut
        return value, None
    if s.kind != "number":
        return value, None
    lo, hi = at(s.lo, values), at(s.hi, values)
    fixed = min(max(value, lo), hi)
    kind = "outside" if fixed != value else ""
    if s.steps:
        fixed = min(s.steps, key=lambda v: abs(v - fixed) / abs(v) if v else abs(fixed))
        kind = kind or ("off_scale" if fixed != value else "")
    fixed = int(round(fixed)) if s.integer else float(fixed)
    kind = kind or ("not_whole" if fixed != value else "")
    if given is None or not kind:
        return fixed, None
    return fixed, Problem(s.key, kind, given, fixed, lo, hi, as_text(at(s.scope, values) or ""))


def check(s: Setting, raw: Any, values: dict) -> tuple[Any, list[Problem]]:
    """One given value, parsed and kept in range: (value to use, what was repaired)."""
    value, problem = parse(s, raw, values)
    if problem:
        return fit(s, value, values)[0], [problem]
    value, problem = fit(s, value, values, as_text(raw).strip())
    return value, [problem] if problem else []


def read(schema: Sequence[Setting], given: dict) -> tuple[dict, list[Problem]]:
    """Every setting of `schema` from `given` (a missing one takes its default), checked;
    unknown keys are ignored. Never raises: returns (values, problems)."""
    names = {s.key for s in schema}
    problems = [Problem(k, "unknown", as_text(v)) for k, v in given.items() if k not in names]
    values = {}
    for s in schema:
        if s.key in given:
            value, found = check(s, given[s.key], values)
            problems += found
        else:
            value = fit(s, at(s.default, values), values)[0]
        values[s.key] = value
    return values, problems


def english(p: Problem) -> str:
    """A problem as one English sentence (the command line, saved files; the app's English)."""
    k, g, u = p.key, p.given, as_text(p.used)
    return {
        "unknown": lambda: f"Ignored '{k}': it is not one of the settings here.",
        "not_a_number": lambda: f"'{g}' is not a number for {k}; kept {u}.",
        "not_a_choice": lambda: f"'{g}' is not an option for {k} (one of: {', '.join(p.options)}); kept {u}.",
        "some_not_choices": lambda: f"Some of '{g}' are not options for {k}; kept the others.",
        "not_a_flag": lambda: f"'{g}' is not true or false for {k}; kept {u}.",
        "outside": lambda: f"{k} = {g} is outside {p.lo}–{p.hi}{' for ' + p.scope if p.scope else ''}; used {p.used}.",
        "not_whole": lambda: f"{k} = {g} must be a whole number; used {u}.",
        "off_scale": lambda: f"{k} = {g} is not on this setting's scale; used the nearest step, {u}.",
        "too_long": lambda: f"The text for {k} is longer than {p.hi} characters; cut it.",
    }[p.kind]()


__all__ = ["Setting", "Problem", "at", "as_text", "parse", "fit", "check", "read", "english"]
